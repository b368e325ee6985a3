-- postbind's batch converter: all posts of a build in one pandoc process.
-- stdin: a JSON array of {text, from}; stdout: a JSON array of {html} or {error}.
-- One process instead of one per post saves ~20-70 ms a post (PITFALLS.md).
local jobs = pandoc.json.decode(io.read("a"), false)
local results = {}
for i, job in ipairs(jobs) do
  local ok, res = pcall(function()
    local doc = pandoc.read(job.text, job.from)
    return pandoc.write(doc, "html5", { wrap_text = "none" })
  end)
  results[i] = ok and { html = res } or { error = tostring(res) }
end
io.write(pandoc.json.encode(results))
