"""Ghost JSON exports (Ghost 1 to 5), every post and page an item (read in export.py).

A post's body is its rendered `html` when the export has it; else it is rendered here from the
editor's own document, `lexical` (Ghost 5) or `mobiledoc` (Ghost 1-4); a post that is all Markdown
goes to pandoc as Markdown. Site addresses and pictures are mapped in media.py. Items of every
type and status are returned: the selection layer decides (and says) which ones a book leaves out.
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.ghost import export, lexical, mobiledoc
from postbind.ingest.ghost.media import local_addresses
from postbind.ingest.reader import Body, Entry, ReadOptions

# A Ghost export starts {"db":[{"meta":{"exported_on":…,"version":…},"data":{"posts":[…; an Admin API
# post list has posts with Ghost's own keys.
DB_RE = re.compile(rb'^\s*\{\s*"db"\s*:\s*\[\s*\{\s*"(?:meta|data)"')
GHOST_KEYS_RE = re.compile(rb'"(?:exported_on|mobiledoc|lexical|posts_tags|posts_authors)"')
POSTS_RE = re.compile(rb'^\s*\{\s*"posts"\s*:\s*\[')


def is_ghost_export(head: bytes) -> bool:
    """True for the start of a Ghost export (or an Admin API post list)."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    return bool((DB_RE.match(head) or POSTS_RE.match(head)) and GHOST_KEYS_RE.search(head))


class GhostReader:
    name = "ghost"
    extensions = (".json",)
    many = True

    def sniff(self, path: Path, head: bytes) -> bool:
        return path.suffix.lower() in self.extensions and is_ghost_export(head)

    def entries(self, path: Path, reporter: Reporter, options: ReadOptions) -> list[Entry]:
        """Every post and page of the export, in its order; posts without any content are left out."""
        found = export.load(path)
        entries: list[Entry] = []
        for number, post in enumerate(found.posts):
            meta = export.post_meta(post, found)
            if meta.post_type == "post" and not any(post.get(k) for k in ("html", "lexical", "mobiledoc")):
                reporter.warn(f"'{meta.title or '(untitled)'}' has no content; skipped", path)
                continue
            handle = (number, json.dumps(post), json.dumps(found.extra.get(post.get("id")) or {}))
            entries.append(Entry(path, meta, self.name, len(entries), None, handle, options))
        return entries

    def body(self, entry: Entry, reporter: Reporter) -> Body:
        _, post_json, extra_json = entry.handle
        post, extra = json.loads(post_json), json.loads(extra_json)
        media = entry.options.media.resolve() if entry.options.media else None
        title = entry.meta.title or entry.meta.slug or "(untitled)"

        def warn(message: str) -> None:
            reporter.warn(f"'{title}': {message}", entry.source)

        text, fmt = _content(post, warn)
        if fmt == "html":
            text = _feature_image(post, extra, media) + text
        return Body(local_addresses(text, media, warn), fmt)


def _content(post: dict, warn) -> tuple[str, str]:
    """The post's HTML, or its editor document rendered (Markdown when it is all Markdown)."""
    if isinstance(post.get("html"), str) and post["html"].strip():
        return post["html"], "html"
    for key, module in (("lexical", lexical), ("mobiledoc", mobiledoc)):
        document = _document(post.get(key))
        if document is not None:
            markdown = module.markdown_only(document)
            return (markdown, "markdown") if markdown is not None else (module.to_html(document, warn), "html")
    return "", "html"


def _document(value: object) -> dict | None:
    """An editor document: Ghost stores it as a JSON string (or, in some exports, as an object)."""
    if isinstance(value, str) and value.strip():
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return None
    return value if isinstance(value, dict) else None


def _feature_image(post: dict, extra: dict, media: Path | None) -> str:
    """The post's feature picture, as its theme shows it above the text: only one of the site's own,
    which the media folder can supply (a remote stock photo is site decoration)."""
    src = post.get("feature_image")
    if not isinstance(src, str) or not src.startswith("__GHOST_URL__/content/images/") or media is None:
        return ""
    alt = extra.get("feature_image_alt") or post.get("feature_image_alt") or ""
    caption = extra.get("feature_image_caption") or post.get("feature_image_caption") or ""
    image = f'<img src="{escape(src)}" alt="{escape(str(alt))}">'
    return f"<figure>{image}<figcaption>{caption}</figcaption></figure>" if caption else f"<figure>{image}</figure>"
