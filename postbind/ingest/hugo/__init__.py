"""Hugo content sections: a folder in a Hugo site's content/, whose regular pages are the posts.

A section's `_index.md` is the section's own page (type "section", left out unless `include` names
that type), and a headless bundle (`headless: true` in its index.md) is never published: neither is
a post. A page bundle is a folder with an index.md and its
pictures beside it; other Markdown files in a bundle are its resources, not posts. Front matter is
YAML, TOML or JSON (front.py); shortcodes become what they mean (shortcodes.py); `draft: true` gives
status "draft", left out unless `include` asks for drafts.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.front import FrontMatterError, split_front_matter
from postbind.ingest.hugo.shortcodes import Context, render_shortcodes
from postbind.ingest.hugo.site import HugoSite, find_site
from postbind.ingest.markdown import meta_from_fields, warner
from postbind.ingest.reader import Body, Entry, ReadOptions
from postbind.ingest.source import read_text
from postbind.model import PostMeta

PAGE_EXTENSIONS = (".md", ".markdown")


@dataclass(frozen=True, eq=False)  # hashed by identity: an Entry's handle must hash, front matter is a dict
class Page:
    body: str
    line: int
    params: dict
    site: HugoSite


MORE_RE = re.compile(r"<!--\s*more\s*-->")


class HugoReader:
    name = "hugo"
    extensions = ()
    many = True

    def sniff(self, path: Path, head: bytes) -> bool:
        return path.is_dir() and find_site(path) is not None

    def entries(self, path: Path, reporter: Reporter, options: ReadOptions) -> list[Entry]:
        site = find_site(path)
        found = []
        for page in _pages(path, reporter):
            fields, body, line = _front_matter(page, reporter)
            meta = _meta(fields, page, site)
            handle = Page(body, line, _params(fields), site)
            found.append(Entry(page, meta, self.name, handle=handle, options=options, site=site.layout))
        return found

    def body(self, entry: Entry, reporter: Reporter) -> Body:
        page: Page = entry.handle
        warn = warner(entry.source, page.body, page.line, reporter)
        context = Context(warn, lambda target: _ref(target, entry.source, page.site, warn), page.params)
        return Body(render_shortcodes(MORE_RE.sub("", page.body), context), "site-markdown", page.line)


def _meta(fields: dict, page: Path, site: HugoSite) -> PostMeta:
    """The page's metadata; a bundle's slug is its folder's name, and its address Hugo's default one."""
    meta = meta_from_fields(fields)
    status = "draft" if fields.get("draft") is True else meta.status
    if page.stem == "_index":  # a section's own page: listed as left out (`list -v`), never a post by default
        return replace(meta, status=status, post_type="section", slug=page.parent.name)
    slug = _text(fields.get("slug")) or (page.parent.name if page.stem == "index" else page.stem)
    url = meta.source_url if (meta.source_url or "").startswith(("http://", "https://")) else None
    if url is None and site.url:
        folder = page.parent.parent if page.stem == "index" else page.parent
        section = folder.resolve().relative_to(site.content).as_posix().strip(".")
        url = "/".join(part.strip("/") for part in (site.url, section, slug) if part.strip("/")) + "/"
    return replace(meta, status=status, slug=slug, source_url=url)


def _text(value: object) -> str | None:
    return str(value).strip() or None if isinstance(value, (str, int)) and not isinstance(value, bool) else None


def _pages(section: Path, reporter: Reporter) -> list[Path]:
    """The section's regular pages, below it too, in file-name order."""
    pages = []
    for page in sorted(p for p in section.rglob("*") if p.suffix.lower() in PAGE_EXTENSIONS and p.is_file()):
        parts = page.relative_to(section).parts
        if any(part.startswith(".") for part in parts) or any(part.startswith("_") for part in parts[:-1]):
            continue  # folders Hugo ignores
        if parts[-1].startswith("_") and page.stem != "_index":
            continue
        if _in_bundle(page, section) or (page.stem == "index" and _headless(page, reporter)):
            continue
        pages.append(page)
    return pages


def _in_bundle(page: Path, section: Path) -> bool:
    """True for a bundle's resource: a page in (or below) a folder with an index.md, other than that index."""
    for folder in page.parents:
        if folder == section or section not in folder.parents:
            return False
        index = next((folder / f"index{ext}" for ext in PAGE_EXTENSIONS if (folder / f"index{ext}").is_file()), None)
        if index is not None and index != page:
            return True
    return False


def _headless(index: Path, reporter: Reporter) -> bool:
    fields, _, _ = _front_matter(index, reporter)
    return fields.get("headless") is True


def _front_matter(page: Path, reporter: Reporter) -> tuple[dict, str, int]:
    text = read_text(page, reporter)
    try:
        return split_front_matter(text)
    except FrontMatterError as problem:
        reporter.warn(f"{problem}; the front matter is ignored", page, problem.line)
        return {}, text, 1


def _params(fields: dict) -> dict:
    """Front matter values a `param` shortcode may print: Hugo's `params` table, then top-level fields."""
    params = fields.get("params")
    return {**fields, **params} if isinstance(params, dict) else dict(fields)


def _ref(target: str, page: Path, site: HugoSite, warn) -> str:
    """A ref/relref target as a link from `page` to that page's file, so links between chapters find it."""
    path, _, fragment = target.partition("#")
    anchor = f"#{fragment}" if fragment else ""
    if not path:
        return anchor
    found = _find_page(path, page, site)
    if found is None:
        warn(f"ref '{target}' names no page of the site", target)
        return path.rstrip("/").rsplit("/", 1)[-1] + anchor  # its name may still be a post's slug
    return Path(os.path.relpath(found, page.parent)).as_posix() + anchor


def _find_page(path: str, page: Path, site: HugoSite) -> Path | None:
    bases = [site.content] if path.startswith("/") else [page.parent, site.content]
    stem = path.strip("/")
    for base in bases:
        for candidate in (stem, f"{stem}.md", f"{stem}.markdown", f"{stem}/index.md", f"{stem}/_index.md"):
            if (base / candidate).is_file():
                return base / candidate
    name = Path(stem).name  # Hugo also finds a page by its file name alone
    return next((p for p in sorted(site.content.rglob(f"{Path(name).stem}.md")) if p.is_file()), None)
