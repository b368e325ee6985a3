"""Saved article pages (.html/.htm): the article body as HTML and the page's metadata.

A page saved from a browser holds the whole site around the post: navigation,
sidebars, share buttons, comments. trafilatura (used only here) finds the
article. The page is prepared for it first, because it loses things a book
needs: lazy-loaded images, figure captions, list numbering, `<pre>` blocks.
Its internal XML is then written as HTML here, since its own HTML output
turns every `<ol>` into `<ul>` and every `<code>` into `<pre>`.

Metadata comes from what the page states in machine-readable form (meta
tags, JSON-LD, `<time>`) before trafilatura's findings, which include guesses.
Nothing is ever fetched: a relative image source becomes the `file://` URI of
the file beside the saved page, others stay as they are; a later stage takes
local files inside the book's folders and refuses the rest. Relative links
become web links when the page names its own URL.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document

from postbind.errors import Reporter
from postbind.ingest.source import iso_date, read_text
from postbind.model import Post, PostMeta

LAZY_ATTRS = ("data-src", "data-original", "data-lazy-src", "data-url", "data-hi-res-src")
IMAGE_URL = re.compile(r"\.(?:avif|bmp|gif|jpe?g|png|svg|webp)(?:[?#]|$)|^(?:https?:)?//", re.I)
# trafilatura keeps only images whose URL ends in a raster extension (it drops .svg and
# extension-less CDN URLs), so every image goes through it under a stand-in name.
IMAGE_TOKEN = "postbind-image-{}.png"
PRE_MARK = "data-postbind-pre"  # trafilatura copies a code block with its attributes (outside lists)
LINK_MARK = "x-postbind:"  # a scheme, so trafilatura leaves the link as it is
COMMENT_ANCHORS = ("#comments", "#respond", "#disqus_thread", "#comment-form", "#reply")
START_MARK = re.compile("\ue000(-?\\d+)\ue001")  # an <ol start> carried through as text
CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)""", re.I)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
BYLINE_PREFIX = re.compile(r"^(?:view all posts by|posted by|written by|by)\b\s*:?\s*", re.I)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HI_TAGS = {"#b": "strong", "#i": "em", "#u": "u", "#t": "code", "#sub": "sub", "#sup": "sup"}
RENAMED = {"item": "li", "lb": "br", "quote": "blockquote", "row": "tr"}
HEADINGS = {f"h{level}" for level in range(1, 7)}
INLINE_TAGS = {"strong", "em", "u", "code", "sub", "sup", "del", "a"}
BLOCK_TAGS = {"p", "ul", "ol", "blockquote", "table", "pre"} | HEADINGS
KEPT_TAGS = BLOCK_TAGS | INLINE_TAGS | {"li", "br", "img", "tr", "th", "td"}
INLINE_PARENTS = {"p"} | INLINE_TAGS | HEADINGS  # code in these is inline, even over two lines
TRIMMED_TAGS = {"p", "li", "td", "th", "blockquote"} | HEADINGS


def read(path: Path, reporter: Reporter) -> Post:
    """A saved article page (.html/.htm): its article body as HTML and its metadata."""
    root = _parse(_decode(path, reporter))
    if root is None:
        return Post(source=path, meta=PostMeta(), body="", body_format="html", body_line=1)
    stated, evidence = _stated_meta(root), _date_evidence(root)
    images = _prepare(root, path.parent, stated.source_url)
    document = _extract(lxml.html.tostring(root, encoding="unicode"))
    body = _body_html(document.body, images) if document is not None and document.body is not None else ""
    meta = _merge_meta(stated, document, evidence)
    return Post(source=path, meta=meta, body=body, body_format="html", body_line=1)


# ---------------------------------------------------------------- reading the page


def _decode(path: Path, reporter: Reporter) -> str:
    """UTF-8 through `read_text`, unless the bytes are not UTF-8 and the page names its charset."""
    try:
        data = path.read_bytes()
        data.decode("utf-8-sig")
    except OSError:
        return read_text(path, reporter)  # raises the usual error
    except UnicodeDecodeError:
        text = _decode_declared(data)
        if text is not None:
            return text.replace("\r\n", "\n").replace("\r", "\n")
    return read_text(path, reporter)  # warns about and replaces bytes that are not UTF-8


def _decode_declared(data: bytes) -> str | None:
    """The page in the charset its <meta> or XML declaration names, or None."""
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return data.decode("utf-16", errors="replace")
    found = CHARSET.search(data[:4096])
    if not found:
        return None
    try:
        name = codecs.lookup((found.group(1) or found.group(2)).decode("ascii")).name
    except LookupError:
        return None
    if name in ("iso8859-1", "ascii"):  # browsers read both as windows-1252 (smart quotes in 0x80–0x9f)
        name = "cp1252"
    if name.startswith("utf"):
        return None  # a page that says UTF-8 but isn't: read_text's warning is right
    try:
        return data.decode(name)
    except UnicodeDecodeError:
        return data.decode("latin-1") if name == "cp1252" else None


def _parse(text: str) -> lxml.html.HtmlElement | None:
    # lxml refuses a str that declares an encoding; NUL bytes break its parser
    text = XML_DECLARATION.sub("", text, count=1).replace("\x00", "")
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except etree.ParserError:
        return None


def _extract(markup: str) -> Document | None:
    """trafilatura's article and metadata; None or an empty body when it finds no article."""
    document = _bare_extraction(markup, precision=False)
    if document is not None and _is_page_dump(document.body, markup):
        # Finding no article (or a very short one), trafilatura falls back to the text of the
        # whole page, navigation and all; in precision mode it keeps only an article it found.
        document = _bare_extraction(markup, precision=True)
    return document


def _bare_extraction(markup: str, precision: bool) -> Document | None:
    """The markup goes as text: with a parsed tree and include_formatting, trafilatura 2.3.1
    returned None for a page it reads fine as text."""
    return trafilatura.bare_extraction(
        markup,
        favor_precision=precision,
        include_images=True,
        include_tables=True,
        include_formatting=True,
        include_links=True,
        include_comments=False,  # on by default; readers' comments are not the post
        with_metadata=True,
        # no dates guessed from the text; the original date, not the last update
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def _is_page_dump(body: etree._Element | None, markup: str) -> bool:
    """True when the body is trafilatura's baseline: the page's text as bare paragraphs."""
    if body is None or any(child.tag != "p" or len(child) for child in body):
        return False
    dump = trafilatura.baseline(markup)[1]
    return "".join("".join(body.itertext()).split()) == "".join(dump.split())


# ---------------------------------------------------------------- preparing the page for trafilatura


def _prepare(root: lxml.html.HtmlElement, folder: Path, base_url: str | None) -> dict[str, str]:
    """Fix in place what trafilatura would lose; returns the images' stand-in names → URLs."""
    _unwrap_noscript_images(root)
    images = _stand_in_images(root, folder, base_url)
    _drop_comment_links(root)
    _prepare_links(root, base_url)
    _mark_code_blocks(root)
    _mark_list_starts(root)
    for caption in root.iter("figcaption"):
        caption.tag = "p"  # trafilatura drops figcaption text
    return images


def _unwrap_noscript_images(root: lxml.html.HtmlElement) -> None:
    """Replace a lazy-loading placeholder by the real <img> of the <noscript> after it."""
    for noscript in list(root.iter("noscript")):
        image = _noscript_image(noscript)
        if image is None:
            continue
        for before in list(noscript.itersiblings(preceding=True)):
            # the placeholder: an <img>, or a wrapper holding only one
            if before.tag == "img" or (len(before.xpath(".//img")) == 1 and not before.text_content().strip()):
                before.drop_tree()
            else:
                break
        image.tail = noscript.tail
        noscript.getparent().replace(noscript, image)


def _noscript_image(noscript: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The only <img> in a <noscript> that holds nothing else (lxml may keep its content as text)."""
    inner = (noscript.text or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in noscript)
    if "<img" not in inner:
        return None
    try:
        fragment = lxml.html.fragment_fromstring(inner.strip(), create_parent="div")
    except etree.ParserError:
        return None
    images = fragment.xpath(".//img[@src]")
    return images[0] if len(images) == 1 and not fragment.text_content().strip() else None


def _stand_in_images(root: lxml.html.HtmlElement, folder: Path, base_url: str | None) -> dict[str, str]:
    """Give every usable image a name trafilatura keeps; drop placeholders (data: URIs, no source)."""
    images: dict[str, str] = {}
    for image in list(root.iter("img")):
        url = _image_url(image, folder, base_url)
        if url is None:
            image.drop_tree()  # drop_tree keeps the tail text
            continue
        token = IMAGE_TOKEN.format(len(images))
        images[token] = url
        for name in list(image.attrib):
            if name not in ("alt", "title"):
                del image.attrib[name]
        image.set("src", token)
    return images


def _image_url(image: lxml.html.HtmlElement, folder: Path, base_url: str | None) -> str | None:
    """The real source of an <img> (lazy-load attributes first), resolved."""
    lazy = [image.get(name, "").strip() for name in LAZY_ATTRS]
    srcset = (image.get("srcset") or image.get("data-srcset") or "").split()  # "a.jpg 1x, b.jpg 2x"
    candidates = [*(value for value in lazy if IMAGE_URL.search(value)), image.get("src", "").strip(), *srcset[:1]]
    src = next((value for value in candidates if value and not value.startswith("data:")), None)
    return _resolve(src, folder, base_url) if src else None


def _resolve(src: str, folder: Path, base_url: str | None) -> str | None:
    """An absolute URL for an image source: a relative path names a file beside the saved page."""
    parts = urlsplit(src)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https", "file"):
        return src
    if src.startswith("//"):
        return f"https:{src}"
    if scheme or not parts.path:
        return None  # data:, blob:, javascript: — placeholders or nothing a book can hold
    if src.startswith("/"):
        # the site's root, which a saved page does not have: the page's own URL tells where it is
        return urljoin(base_url, src) if base_url else src
    return Path(os.path.abspath(folder / unquote(parts.path))).as_uri()


def _drop_comment_links(root: lxml.html.HtmlElement) -> None:
    """Links to the comments ("3 Comments", "Leave a reply"), which the book leaves out."""
    for link in root.xpath("//a[" + " or ".join(f"contains(@href, '{c}')" for c in COMMENT_ANCHORS) + "]"):
        link.drop_tree()


def _prepare_links(root: lxml.html.HtmlElement, base_url: str | None) -> None:
    """Relative links point into the site: with the page's URL known, they become web links.
    The others are marked so that trafilatura, which joins them to the site's root, keeps them."""
    for link in root.iter("a"):
        href = (link.get("href") or "").strip()
        if href.startswith("//"):
            link.set("href", f"https:{href}")
        elif href and not urlsplit(href).scheme:
            keep = href.startswith("#") or not base_url
            link.set("href", f"{LINK_MARK}{href}" if keep else urljoin(base_url, href))


def _mark_code_blocks(root: lxml.html.HtmlElement) -> None:
    """Make every <pre> one that trafilatura keeps as code: a <pre> holding a single <code>.
    Otherwise it turns a <pre> without code-like characters into a block quote."""
    for pre in root.iter("pre"):
        pre.set(PRE_MARK, "")
        only = pre[0] if len(pre) == 1 else None
        if only is not None and only.tag == "code" and not (pre.text or "").strip() and not (only.tail or "").strip():
            continue
        code = lxml.html.Element("code")
        code.text, pre.text = pre.text, None
        code.extend(list(pre))
        pre.append(code)


def _mark_list_starts(root: lxml.html.HtmlElement) -> None:
    """trafilatura keeps no list attributes: carry `<ol start>` as a mark in its first item's text."""
    for ordered in root.iter("ol"):
        start = (ordered.get("start") or "").strip()
        first = next(ordered.iterchildren("li"), None)
        if first is not None and re.fullmatch(r"-?\d+", start) and start != "1":
            first.text = f"\ue000{start}\ue001{first.text or ''}"


# ---------------------------------------------------------------- trafilatura's XML as HTML


def _body_html(body: etree._Element, images: dict[str, str]) -> str:
    """trafilatura's body (p, head, list, item, hi, graphic, ref, quote, code, table…) as HTML."""
    if not "".join(body.itertext()).strip() and body.find(".//graphic") is None:
        return ""  # no article found: the caller warns and skips the page
    _flatten_nested_code(body)
    for element in list(body.iter()):
        if isinstance(element.tag, str):
            _convert(element, images)
    etree.strip_elements(body, "_drop", with_tail=False)
    _restore_list_starts(body)
    etree.strip_tags(body, *{e.tag for e in body.iter() if isinstance(e.tag, str) and e.tag not in KEPT_TAGS})
    etree.strip_elements(body, etree.Comment, etree.PI, with_tail=False)
    _strip_empty_inline(body)
    _wrap_loose_inline(body)
    _trim_blocks(body)
    return "\n".join(etree.tostring(child, encoding="unicode", method="html").strip() for child in body)


def _flatten_nested_code(body: etree._Element) -> None:
    """Block code often arrives as <code><code>…</code></code>: keep the outer one only,
    with the inner one's language class."""
    for code in list(body.iter("code")):
        outer = next(code.iterancestors("code"), None)
        if outer is not None:
            if "language-" in code.get("class", "") and "language-" not in outer.get("class", ""):
                outer.set("class", code.get("class"))
            code.tag = "_strip"
    etree.strip_tags(body, "_strip")


def _convert(element: etree._Element, images: dict[str, str]) -> None:
    """Rename one element to HTML and keep only the attributes HTML needs (parents go first)."""
    tag, attrs = element.tag, dict(element.attrib)
    element.attrib.clear()
    if tag == "code":
        _convert_code(element, attrs)
    elif tag == "list":
        element.tag = "ol" if attrs.get("rend") == "ol" else "ul"
    elif tag == "head":
        rend = attrs.get("rend", "")
        element.tag = rend if re.fullmatch(r"h[1-6]", rend) else "h3"
    elif tag == "hi":
        element.tag = HI_TAGS.get(attrs.get("rend", ""), "em")
    elif tag == "cell":
        element.tag = "th" if attrs.get("role") == "head" else "td"
    elif tag == "graphic":
        _convert_image(element, attrs, images)
    elif tag == "ref":
        _convert_link(element, attrs)
    elif _inside_code_block(element):
        element.tag = "_strip"  # markup in code (highlighting spans) goes; its text stays
    else:
        element.tag = RENAMED.get(tag, tag)


def _convert_code(element: etree._Element, attrs: dict[str, str]) -> None:
    """<pre> blocks stay blocks (<pre><code>), inline code stays inline."""
    parent = element.getparent()
    block = PRE_MARK in attrs or (
        (parent is None or parent.tag not in INLINE_PARENTS)
        and ("\n" in "".join(element.itertext()).strip() or element.find(".//lb") is not None)
    )
    if not block:
        return
    for line_break in element.iter("lb"):
        line_break.tag = "_strip"
        line_break.tail = "\n" + (line_break.tail or "")
    code = etree.Element("code")
    language = next((c for c in attrs.get("class", "").split() if c.startswith("language-")), None)
    if language:
        code.set("class", language)
    code.text, element.text = element.text, None
    code.extend(list(element))
    element.append(code)
    element.tag = "pre"


def _inside_code_block(element: etree._Element) -> bool:
    return any(ancestor.tag == "pre" for ancestor in element.iterancestors())


def _convert_image(element: etree._Element, attrs: dict[str, str], images: dict[str, str]) -> None:
    url = images.get(attrs.get("src", ""))
    if url is None:
        element.tag = "_drop"
        return
    element.tag = "img"
    element.set("src", url)
    element.set("alt", " ".join(attrs.get("alt", "").split()))
    if attrs.get("title"):
        element.set("title", attrs["title"])


def _convert_link(element: etree._Element, attrs: dict[str, str]) -> None:
    """Links keep their target, except in-page ones: trafilatura keeps no ids for them to reach."""
    href = attrs.get("target", "").strip().removeprefix(LINK_MARK)
    if href.startswith("#") and not any(ch.isalnum() for ch in "".join(element.itertext())):
        element.tag = "_drop"  # a heading's "#" or "¶", a note's "↩": signs for a link that is gone
        return
    if not href or href.startswith("#") or href.lower().startswith("javascript:"):
        element.tag = "_strip"  # a note number "[1]" stays as text
        return
    element.tag = "a"
    element.set("href", href)


def _restore_list_starts(body: etree._Element) -> None:
    """Take the `<ol start>` marks out of the text and set them on their lists."""
    for element in body.iter():
        for field in ("text", "tail"):
            value = getattr(element, field)
            found = START_MARK.search(value) if value else None
            if found:
                setattr(element, field, START_MARK.sub("", value))
                holder = element if field == "text" else element.getparent()  # a tail is its parent's text
                _set_start(holder, found.group(1))


def _set_start(holder: etree._Element | None, start: str) -> None:
    """Number the list whose first item holds the mark (trafilatura may have dropped the list)."""
    chain = [holder, *holder.iterancestors()] if holder is not None else []
    item = next((e for e in chain if e.tag == "li"), None)
    ordered = item.getparent() if item is not None else None
    if ordered is not None and ordered.tag == "ol" and ordered.index(item) == 0:
        ordered.set("start", start)


def _strip_empty_inline(body: etree._Element) -> None:
    """Formatting left empty (a <strong> that held only a dropped "^" back link) goes."""
    for element in body.iter(*sorted(INLINE_TAGS)):
        if len(element) == 0 and not (element.text or "").strip():
            element.tag = "_strip"
    etree.strip_tags(body, "_strip")


def _wrap_loose_inline(body: etree._Element) -> None:
    """Text and inline elements straight in the body (left around dropped formulas, or a
    figure's image) go into paragraphs, which a book's styles set as text."""
    children, leading = list(body), body.text
    body.text = None
    for child in children:
        body.remove(child)  # an lxml element takes its tail along
    paragraph = None
    for node in [leading, *(item for child in children for item in (child, child.tail))]:
        if isinstance(node, etree._Element) and node.tag in BLOCK_TAGS:
            node.tail, paragraph = None, None
            body.append(node)
        elif isinstance(node, etree._Element) or (node and node.strip()):
            if paragraph is None:
                paragraph = etree.SubElement(body, "p")
            _append_inline(paragraph, node)
    for empty in [p for p in body.iter("p") if not "".join(p.itertext()).strip() and p.find(".//img") is None]:
        empty.getparent().remove(empty)


def _append_inline(paragraph: etree._Element, node: etree._Element | str) -> None:
    if isinstance(node, str):
        if len(paragraph):
            paragraph[-1].tail = (paragraph[-1].tail or "") + node
        else:
            paragraph.text = (paragraph.text or "") + node
    else:
        node.tail = None
        paragraph.append(node)


def _trim_blocks(body: etree._Element) -> None:
    """No leading or trailing white space inside a block: the page's indentation is not text."""
    for block in body.iter(*sorted(TRIMMED_TAGS)):
        if block.text:
            block.text = block.text.lstrip()
        last = block[-1] if len(block) else None
        if last is not None and last.tail:
            last.tail = last.tail.rstrip()
        elif last is None and block.text:
            block.text = block.text.rstrip()


# ---------------------------------------------------------------- metadata


def _stated_meta(root: lxml.html.HtmlElement) -> PostMeta:
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


def _merge_meta(stated: PostMeta, document: Document | None, evidence: str) -> PostMeta:
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


def _date_evidence(root: lxml.html.HtmlElement) -> str:
    """Where a page states dates for machines: meta tags, JSON-LD, <time>, hAtom <abbr>, its
    permalink. trafilatura's date counts only when found here: on an undated page it guesses."""
    values = root.xpath(
        "//meta/@content | //link[@rel='canonical']/@href | //a[@rel='bookmark']/@href | //time/@datetime"
        " | //abbr/@title | //*[@itemprop]/@datetime | //script[@type='application/ld+json']/text()"
    )
    return " ".join(values)


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
