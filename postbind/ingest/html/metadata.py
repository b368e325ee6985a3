"""A saved page's metadata: title, authors, date, URL, summary and language.

What the page states in machine-readable form (meta tags, JSON-LD, <time>, <html lang>)
comes before trafilatura's findings, which include guesses: its date counts only when the
page states it somewhere too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Protocol

import lxml.html

from postbind.ingest.source import iso_date
from postbind.model import PostMeta

BYLINE_PREFIX = re.compile(r"^(?:view all posts by|posted by|written by|by)\b\s*:?\s*", re.I)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Findings(Protocol):
    """What trafilatura found about the page (its Document), as far as metadata goes."""

    title: str | None
    author: str | None
    date: str | None


def stated_meta(root: lxml.html.HtmlElement) -> PostMeta:
    """What the page states about itself in meta tags, JSON-LD, <time> and <html lang>."""
    tags = _meta_tags(root)
    linked = _json_ld(root)
    canonical = next(iter(root.xpath("//link[@rel='canonical']/@href")), "").strip()
    source_url = next((u for u in (canonical, tags.get("og:url", "")) if u.startswith(("http://", "https://"))), None)
    return PostMeta(
        title=_text(tags.get("og:title")) or _text(_ld_value(linked, "headline")) or _text(_title_element(root)),
        authors=_ld_authors(linked) or _names([tags.get("author"), tags.get("article:author")]),
        date=_stated_date(root, tags, linked),
        source_url=source_url,
        summary=_text(tags.get("description") or tags.get("og:description")),
        lang=_lang(root),
    )


def merge_meta(stated: PostMeta, document: Findings | None, evidence: str) -> PostMeta:
    """trafilatura's title first (it leaves out the site's name); the page's own statements
    before its other findings; its date only when the page states it too (else it's a guess)."""
    if document is None:
        return stated
    found = document.date if document.date and ISO_DATE.match(document.date) else None
    found_date = found if found and (found in evidence or found.replace("-", "/") in evidence) else None
    return PostMeta(
        title=_text(document.title) or stated.title,
        authors=stated.authors or _names((document.author or "").split(";")),
        date=stated.date or found_date,
        source_url=stated.source_url,
        summary=stated.summary,
        lang=stated.lang,
    )


def date_evidence(root: lxml.html.HtmlElement) -> str:
    """Where a page states dates for machines: meta tags, JSON-LD, <time>, hAtom <abbr>, its
    permalink. trafilatura's date counts only when found here: on an undated page it guesses."""
    values = root.xpath(
        "//meta/@content | //link[@rel='canonical']/@href | //a[@rel='bookmark']/@href | //time/@datetime"
        " | //abbr/@title | //*[@itemprop]/@datetime | //script[@type='application/ld+json']/text()"
    )
    return " ".join(values)


def _meta_tags(root: lxml.html.HtmlElement) -> dict[str, str]:
    """<meta> contents by lower-case name, property or itemprop; the first of each wins."""
    tags: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        content = (meta.get("content") or "").strip()
        if key and content:
            tags.setdefault(key.strip().lower(), content)
    return tags


def _title_element(root: lxml.html.HtmlElement) -> str | None:
    title = root.find(".//title")
    return title.text_content() if title is not None else None


def _lang(root: lxml.html.HtmlElement) -> str | None:
    value = root.get("lang") or root.get("xml:lang") or ""  # the HTML parser keeps the prefix in the name
    tag = value.replace("_", "-").replace(",", " ").split()
    return tag[0] if tag else None


def _stated_date(root: lxml.html.HtmlElement, tags: dict[str, str], linked: list[dict]) -> str | None:
    """article:published_time, JSON-LD datePublished, or the article's <time datetime>."""
    times = root.xpath(
        "//time[@datetime][ancestor::article or ancestor::main or @itemprop='datePublished' or @pubdate]/@datetime"
    ) or root.xpath("//time/@datetime")
    for value in (tags.get("article:published_time"), _ld_value(linked, "datePublished"), *times[:1]):
        date = iso_date(value.strip()) if isinstance(value, str) and value.strip() else None
        if date and ISO_DATE.match(date):
            return date
    return None


# ---------------------------------------------------------------- JSON-LD


def _json_ld(root: lxml.html.HtmlElement) -> list[dict]:
    """The page's JSON-LD objects, articles first, with "@id" references to people resolved."""
    objects: list[dict] = []
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            objects.extend(_ld_objects(json.loads(script.text or "", strict=False)))
        except ValueError:
            continue  # broken JSON-LD is common; the page still has its meta tags
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    for obj in objects:
        obj["author"] = [by_id.get(_ld_id(a), a) for a in _as_list(obj.get("author"))]
    return sorted((o for o in objects if _ld_kind(o) < 2), key=_ld_kind)


def _ld_id(value: object) -> str | None:
    return value.get("@id") if isinstance(value, dict) and isinstance(value.get("@id"), str) else None


def _ld_objects(data: object) -> Iterator[dict]:
    """Every object in a JSON-LD value: lists and @graph walked through."""
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item)
    elif isinstance(data, dict):
        yield data
        yield from _ld_objects(data.get("@graph"))


def _ld_kind(obj: dict) -> int:
    """0 for an article or post, 1 for a web page, 2 for anything else (sites, people, breadcrumbs)."""
    types = [str(t) for t in _as_list(obj.get("@type"))]
    if any(t.endswith(("Article", "Posting")) for t in types):
        return 0
    return 1 if any(t.endswith("Page") for t in types) else 2


def _ld_value(linked: list[dict], key: str) -> str | None:
    return next((str(o[key]) for o in linked if isinstance(o.get(key), (str, int, float)) and o[key]), None)


def _ld_authors(linked: list[dict]) -> tuple[str, ...]:
    for obj in linked:
        names = [a.get("name") if isinstance(a, dict) else a for a in obj.get("author", [])]
        found = _names(n for name in names for n in _as_list(name))
        if found:
            return found
    return ()


# ---------------------------------------------------------------- small helpers


def _as_list(value: object) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def _text(value: object) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _names(values) -> tuple[str, ...]:
    """Author names, bylines cleaned; profile URLs and @handles are no names."""
    names: list[str] = []
    for value in values:
        if not isinstance(value, str):
            continue
        name = re.sub(r"\(\s*(?:https?://|www\.)[^)]*\)", " ", " ".join(value.split()))  # "Name (http://…)"
        name = BYLINE_PREFIX.sub("", name.strip()).strip(" ,;|-–—")
        if name and len(name) < 100 and not re.match(r"(?:https?://|www\.|@)", name) and name not in names:
            names.append(name)
    return tuple(names)
