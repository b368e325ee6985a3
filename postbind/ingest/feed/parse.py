"""Reading RSS, Atom and JSON Feed (the only module that uses feedparser).

Feeds do not tell tags from categories, so an entry's categories serve as both.
Of an entry's contents (full content in any type, or the summary) the longest
wins: many feeds carry the whole post in one and a teaser in the other. An entry
that names no author has the feed's (RFC 4287 4.2.1; RSS's channel dc:creator or
managingEditor; JSON Feed's top-level authors). An entry's id is often a tag: or
urn: name, not an address: only an http(s) link is where the post was published.
"""

from __future__ import annotations

import html
import json
import re
import time
import xml.sax
from pathlib import Path
from urllib.parse import urlsplit

import feedparser

from postbind.errors import Reporter, book_error
from postbind.ingest.source import CONTROLS_READ_OUT, XML_FORBIDDEN_CONTROLS, first_control, guess_encoding, iso_date
from postbind.model import PostMeta

ITEM_START = re.compile(rb"<(?:\w+:)?(?:item|entry)[\s>]")


# An entry as read: its metadata, its body (HTML), and the line of its item when known.
FeedItem = tuple[PostMeta, str, int | None]


# Two slips are repaired, with a warning; any other fault in a feed's XML is still an error that names its
# line. A stray "<" before a CDATA section ("<<![CDATA[…"): Medium's feeds have carried it. And control
# characters XML forbids even as text (U+000B from a paste out of a word processor is the usual one).
STRAY_LT_RE = re.compile(rb"<(?=<!\[CDATA\[)")
WIDE_STARTS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")  # UTF-16 and -32: their zero bytes are text


def read_items(path: Path, reporter: Reporter) -> list[FeedItem]:
    data = _repaired(path.read_bytes(), path, reporter)
    if b"jsonfeed.org/version" in data[:4096].replace(b"\\/", b"/"):
        return _json_feed(path, data, reporter)
    parsed = feedparser.parse(data)
    problem = parsed.get("bozo_exception")
    if isinstance(problem, feedparser.CharacterEncodingOverride | feedparser.CharacterEncodingUnknown):
        guess = guess_encoding(data)  # the feed lied about (or kept quiet about) its encoding
        if guess:
            parsed = feedparser.parse(guess[1])
            problem = parsed.get("bozo_exception")
    if isinstance(problem, xml.sax.SAXParseException):  # not well-formed: say where, even if entries were read
        raise book_error(f"malformed feed: {problem.getMessage()}", path, problem.getLineNumber())
    if not parsed.entries:
        raise book_error("the feed has no entries", path)
    lines = _item_lines(data)
    feed_authors = _names(parsed.feed)
    items = []
    for index, entry in enumerate(parsed.entries):
        line = lines[index] if index < len(lines) else None
        meta, body = _entry_meta(entry, feed_authors), _longest_content(entry)
        if body.strip():
            items.append((meta, body, line))
        else:
            reporter.warn(f"feed entry '{meta.title or index + 1}' has no content; skipped", path, line)
    return items


def _repaired(data: bytes, path: Path, reporter: Reporter) -> bytes:
    if (found := STRAY_LT_RE.search(data)) is not None:
        line = data.count(b"\n", 0, found.start()) + 1
        reporter.warn("a stray '<' before <![CDATA[ (not well-formed XML); read without it", path, line)
        data = STRAY_LT_RE.sub(b"", data)
    wide = data.startswith(WIDE_STARTS) or b"\x00" in data[:4]
    if not wide and (first := first_control(data)) is not None:
        code, line = first
        reporter.warn(CONTROLS_READ_OUT.format(code=code), path, line)
        data = XML_FORBIDDEN_CONTROLS.sub(b"", data)
    return data


def _item_lines(data: bytes) -> list[int]:
    """The line of each <item>/<entry>, so warnings can point at it (UTF-8 and friends only)."""
    return [data.count(b"\n", 0, m.start()) + 1 for m in ITEM_START.finditer(data)]


def _names(holder) -> tuple[str, ...]:
    """The authors a feed or an entry names: their names, else (RSS's bare managingEditor) their addresses."""
    people = holder.get("authors") or []
    names = tuple(dict.fromkeys(a["name"] for a in people if a.get("name")))
    if names:
        return names
    return tuple(dict.fromkeys(a["email"] for a in people if a.get("email"))) or (
        (holder["author"],) if holder.get("author") else ()
    )


def web_address(*candidates: str | None) -> str | None:
    """The first http(s) address among the candidates (feedparser gives an Atom entry's tag: id as its link)."""
    return next((c.strip() for c in candidates if c and urlsplit(c.strip()).scheme in ("http", "https")), None)


def _entry_meta(entry, feed_authors: tuple[str, ...]) -> PostMeta:
    terms = tuple(t.get("term") for t in entry.get("tags", []) if t.get("term"))
    parsed_date = entry.get("published_parsed") or entry.get("updated_parsed")
    alternates = [link.get("href") for link in entry.get("links", []) if link.get("rel", "alternate") == "alternate"]
    return PostMeta(
        title=" ".join(html.unescape(entry.get("title", "")).split()) or None,
        authors=_names(entry) or feed_authors,
        date=time.strftime("%Y-%m-%d", parsed_date) if parsed_date else None,
        source_url=web_address(entry.get("link"), *alternates),
        guid=entry.get("id"),
        tags=terms,
        categories=terms,
        summary=entry.get("summary") if entry.get("content") else None,
    )


def _longest_content(entry) -> str:
    candidates = [(c.get("value", ""), c.get("type", "text/html")) for c in entry.get("content", [])]
    if entry.get("summary"):
        candidates.append((entry["summary"], entry.get("summary_detail", {}).get("type", "text/html")))
    if not candidates:
        return ""
    value, kind = max(candidates, key=lambda c: len(c[0]))
    return _text_to_html(value) if kind == "text/plain" else value


def _json_authors(holder: dict) -> tuple[str, ...]:
    people = holder.get("authors") or [holder.get("author") or {}]
    return tuple(a["name"] for a in people if isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"])


def _text_to_html(text: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n".join(f"<p>{html.escape(' '.join(p.split()))}</p>" for p in paragraphs)


def _json_feed(path: Path, data: bytes, reporter: Reporter) -> list[FeedItem]:
    """JSON Feed 1.x (jsonfeed.org), which feedparser does not read."""
    try:
        feed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise book_error(f"malformed JSON feed: {exc}", path, getattr(exc, "lineno", None)) from None
    items = []
    feed_authors = _json_authors(feed)
    for index, item in enumerate(feed.get("items") or []):
        body = item.get("content_html") or _text_to_html(item.get("content_text") or "") or item.get("summary") or ""
        meta = PostMeta(
            title=item.get("title"),
            authors=_json_authors(item) or feed_authors,
            date=iso_date(item.get("date_published") or item.get("date_modified")),
            source_url=web_address(item.get("url")),
            guid=str(item.get("id")) if item.get("id") is not None else None,
            tags=tuple(item.get("tags") or ()),
            categories=tuple(item.get("tags") or ()),
            summary=item.get("summary"),
        )
        if body.strip():
            items.append((meta, body, None))
        else:
            reporter.warn(f"feed item '{meta.title or index + 1}' has no content; skipped", path)
    if not items and not feed.get("items"):
        raise book_error("the feed has no items", path)
    return items
