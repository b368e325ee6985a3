-- postbind's batch converter: a batch of a build's posts in one pandoc process (convert.py splits them).
-- stdin: a JSON array of jobs, {text, from} or {path, from, media_dir} (Word files), or
-- {text, from, pieces = true}: the formulas found in an HTML post, one paragraph each;
-- A post's job may carry `cite` = {bibliography, csl, listed, title}: its citations go through citeproc.
-- {kind = "references", cite}: the list of the works `cite.keys` names (a book's References chapter);
-- {kind = "bibliography", cite}: a check that cite's files can be read.
-- stdout: a JSON array of {html, title, authors, date, cited, unknown}, {pieces} or {error}.
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

-- Citations ------------------------------------------------------------------------------------------

-- The keys a document cites, in order and once each; and those cited in brackets ([@key], [-@key]), which
-- can't be anything but citations (a bare @name may be someone's handle).
local function cited_keys(doc)
  local keys, bracketed, seen = {}, {}, {}
  doc:walk({ Cite = function(cite)
    for _, citation in ipairs(cite.citations) do
      if not seen[citation.id] then
        seen[citation.id] = true
        table.insert(keys, citation.id)
        if citation.mode ~= "AuthorInText" then table.insert(bracketed, citation.id) end
      end
    end
  end })
  return keys, bracketed
end

-- The settings citeproc reads from a document's metadata. The list of references gets a heading unless
-- the post ends with one of its own (pandoc's test file has "References" last), or it is a book's
-- References chapter (titled by its page).
local function set_citation_meta(doc, cite, heading)
  doc.meta.bibliography = pandoc.List(cite.bibliography)
  if cite.csl then doc.meta.csl = cite.csl end
  doc.meta["link-citations"] = true
  if cite.listed and heading and (#doc.blocks == 0 or doc.blocks[#doc.blocks].t ~= "Header") then
    doc.meta["reference-section-title"] = cite.title
  end
end

-- Splits `keys` into those a bibliography holds and those none does.
local function known_and_unknown(doc, keys)
  local known, found, unknown = {}, {}, {}
  for _, ref in ipairs(pandoc.utils.references(doc)) do known[ref.id] = true end
  for _, key in ipairs(keys) do table.insert(known[key] and found or unknown, key) end
  return found, unknown
end

-- Citations formatted and linked to their entries; an unknown key's citation keeps its text but loses
-- its link, which would lead nowhere (the warning names it). A post's list of references goes when the
-- book lists them in a chapter of their own (pandoc's suppress-bibliography would drop the links too).
local function resolve_citations(doc, cite)
  local keys, bracketed = cited_keys(doc)
  if #keys == 0 then return doc, {}, {} end
  if not cite then return doc, {}, bracketed end -- nothing to find them in
  set_citation_meta(doc, cite, true)
  local found, unknown = known_and_unknown(doc, keys)
  local dead = {}
  for _, key in ipairs(unknown) do dead["#ref-" .. key] = true end
  doc = pandoc.utils.citeproc(doc)
  doc = doc:walk({
    Link = function(link) if dead[link.target] then return link.content end end,
    Div = function(div) if div.identifier == "refs" and not cite.listed then return {} end end,
  })
  return doc, found, unknown
end

-- A document of nothing but the entries of `cite.keys` (nocite), for a book's References chapter.
local function references(cite)
  local cites = {}
  for _, key in ipairs(cite.keys) do
    table.insert(cites, pandoc.Cite({ pandoc.Str("@" .. key) }, { pandoc.Citation(key, "NormalCitation") }))
  end
  local doc = pandoc.Pandoc({}, { nocite = pandoc.MetaInlines(cites) })
  set_citation_meta(doc, cite, false)
  return { html = pandoc.write(pandoc.utils.citeproc(doc), "html5", OPTIONS) }
end

-- Reads the bibliographies and the style; an error names what was wrong with them.
local function check_citation_files(cite)
  local doc = pandoc.Pandoc({}, {})
  set_citation_meta(doc, cite, false)
  pandoc.utils.references(doc)
  pandoc.utils.citeproc(doc)
  return {}
end

local function convert(job)
  if job.kind == "references" then return references(job.cite) end
  if job.kind == "bibliography" then return check_citation_files(job.cite) end
  local doc = read(job)
  if job.pieces then return { pieces = pieces(doc) } end
  local cited, unknown
  doc, cited, unknown = resolve_citations(doc, job.cite)
  return {
    html = pandoc.write(doc, "html5", OPTIONS),
    title = text_of(doc.meta.title),
    authors = names(doc.meta.author),
    date = text_of(doc.meta.date),
    cited = cited,
    unknown = unknown,
  }
end

local results = {}
for i, job in ipairs(jobs) do
  local ok, res = pcall(convert, job)
  results[i] = ok and res or { error = tostring(res) }
end
io.write(pandoc.json.encode(results))
