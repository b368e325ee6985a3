-- postbind's batch converter: a batch of a build's posts in one pandoc process (convert.py splits them).
-- stdin: a JSON array of jobs, {text, from} or {path, from, media_dir} (Word files), or
-- {text, from, pieces = true}: the formulas found in an HTML post, one paragraph each;
-- stdout: a JSON array of {html, title, authors, date}, {pieces} or {error}.
-- One process instead of one per post saves ~20-70 ms a post (PITFALLS.md).
local jobs = pandoc.json.decode(io.read("a"), false)

local function text_of(value)
  if value == nil then return nil end
  local text = pandoc.utils.stringify(value)
  if text == "" then return nil end
  return text
end

local function names(value)
  if value == nil then return {} end
  if pandoc.utils.type(value) == "List" then
    local found = {}
    for _, item in ipairs(value) do table.insert(found, pandoc.utils.stringify(item)) end
    return found
  end
  return { pandoc.utils.stringify(value) }
end

local function read(job)
  if not job.path then return pandoc.read(job.text, job.from) end
  local file = assert(io.open(job.path, "rb"))
  local data = file:read("a")
  file:close()
  pandoc.mediabag.empty()
  local doc = pandoc.read(data, job.from)
  -- Pictures inside a Word file are written out, and the document points at them.
  pandoc.mediabag.write(job.media_dir)
  return doc:walk({ Image = function(image)
    image.src = "file://" .. job.media_dir .. "/" .. image.src
    return image
  end })
end

-- Math as MathML: the EPUB and the web edition show it as it is, the PDF draws it (mathsvg.py).
local OPTIONS = { wrap_text = "none", html_math_method = "mathml" }

-- One HTML fragment per paragraph: the formulas of an HTML post, in order (definitions give none).
local function pieces(doc)
  local found = {}
  for _, block in ipairs(doc.blocks) do
    if block.t == "Para" then table.insert(found, pandoc.write(pandoc.Pandoc({ block }), "html5", OPTIONS)) end
  end
  return found
end

local results = {}
for i, job in ipairs(jobs) do
  local ok, res = pcall(function()
    local doc = read(job)
    if job.pieces then return { pieces = pieces(doc) } end
    return {
      html = pandoc.write(doc, "html5", OPTIONS),
      title = text_of(doc.meta.title),
      authors = names(doc.meta.author),
      date = text_of(doc.meta.date),
    }
  end)
  results[i] = ok and res or { error = tostring(res) }
end
io.write(pandoc.json.encode(results))
