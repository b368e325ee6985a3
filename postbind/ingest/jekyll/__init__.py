"""Jekyll posts: a site's `_posts` folder (subfolders too), each post a `YYYY-MM-DD-slug.md` file.

A file in `_posts` is a post when its name has the date and it has front matter; anything else
there (a code snippet, a picture) is not. The date and slug come from the name when the front matter
lacks them. Liquid tags know the site: `site.*` from _config.yml, `page.*` from the front matter,
`{% post_url %}`/`{% link %}` as links to the posts they name (see ../markdown/liquid.py); kramdown's
attribute lists go (kramdown.py). At the post's `excerpt_separator` the marker goes and the text
before it is the post's summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.front import FrontMatterError, split_front_matter
from postbind.ingest.jekyll.kramdown import strip_attribute_lists
from postbind.ingest.jekyll.site import JekyllSite, find_site
from postbind.ingest.markdown import meta_from_fields, warner
from postbind.ingest.markdown.liquid import Site, render_tags
from postbind.ingest.reader import Body, Entry, ReadOptions
from postbind.ingest.source import read_text
from postbind.model import PostMeta

POST_NAME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")
POST_EXTENSIONS = (".md", ".markdown", ".mkdown", ".mkd", ".mdown")


@dataclass(frozen=True, eq=False)  # hashed by identity: an Entry's handle must hash, front matter is a dict
class Page:
    body: str
    line: int
    fields: dict
    separator: object  # the excerpt separator, when the post or the site sets one
    site: JekyllSite


class JekyllReader:
    name = "jekyll"
    extensions = ()
    many = True

    def sniff(self, path: Path, head: bytes) -> bool:
        return path.is_dir() and (path.name == "_posts" or (path / "_posts").is_dir())

    def entries(self, path: Path, reporter: Reporter, options: ReadOptions) -> list[Entry]:
        posts = path if path.name == "_posts" else path / "_posts"
        site = find_site(posts, reporter)
        found = []
        for file in sorted(p for p in posts.rglob("*") if p.is_file() and p.suffix.lower() in POST_EXTENSIONS):
            named = POST_NAME_RE.match(file.stem)
            read = _read(file, reporter) if named and not _hidden(file, posts) else None
            if read is None:
                continue
            fields, body, line = read
            separator = fields.get("excerpt_separator") or site.config.get("excerpt_separator")
            meta = _meta(fields, named, body, separator)
            handle = Page(body, line, fields, separator, site)
            found.append(Entry(file, meta, self.name, handle=handle, options=options, site=site.layout))
        return found

    def body(self, entry: Entry, reporter: Reporter) -> Body:
        page: Page = entry.handle
        body = page.body
        if isinstance(page.separator, str) and page.separator.strip():
            body = body.replace(page.separator, "\n\n", 1)
        if "{{" in body or "{%" in body:
            warn = warner(entry.source, body, page.line, reporter)
            body = render_tags(body, warn, _liquid_site(page.site, page.fields, entry))
        return Body(strip_attribute_lists(body), "site-markdown", page.line)


def _read(file: Path, reporter: Reporter) -> tuple[dict, str, int] | None:
    """The post's front matter, body and body line; None for a file without front matter (not a post)."""
    text = read_text(file, reporter)
    if not text.startswith("---"):
        return None
    try:
        return split_front_matter(text)
    except FrontMatterError as problem:
        reporter.warn(f"{problem}; the front matter is ignored", file, problem.line)
        return {}, text, 1


def _hidden(file: Path, posts: Path) -> bool:
    return any(part.startswith((".", "_")) for part in file.relative_to(posts).parts)


def _meta(fields: dict, named: re.Match, body: str, separator: object) -> PostMeta:
    meta = meta_from_fields(fields)
    slug = meta.slug if fields.get("slug") else named.group(2)
    title = meta.title or named.group(2).replace("-", " ").capitalize()  # Jekyll's own title for an untitled post
    summary = meta.summary
    if not summary and isinstance(separator, str) and separator.strip() and separator in body:
        summary = _plain(strip_attribute_lists(body.split(separator, 1)[0])) or None
    return replace(meta, slug=slug, title=title, date=meta.date or named.group(1), summary=summary)


def _plain(markdown: str) -> str:
    """An excerpt's text as a summary holds it: tags, link targets and emphasis marks gone."""
    text = re.sub(r"{%.*?%}|{{.*?}}|<[^>]+>", "", markdown, flags=re.S)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\[[^\]]*\]", lambda m: m.group(1) or m.group(2) or "", text)
    return " ".join(re.sub(r"[*_#>`]", "", text).split())


def _liquid_site(site: JekyllSite, fields: dict, entry: Entry) -> Site:
    def link(tag: str, argument: str) -> str | None:
        if tag == "post_url":
            return site.post_url(argument, entry.source)
        return site.link(argument, entry.source)

    return Site(site.config, fields, link)
