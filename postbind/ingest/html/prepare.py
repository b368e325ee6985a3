"""A saved page prepared for trafilatura: fixed in place where it would lose what a book needs.

trafilatura drops lazy-loaded images, images whose URL it does not like and figure captions, loses
list numbering, makes code without code-like characters a quote, joins relative links to the
site's root, drops math written as MathJax scripts or MathML (kept here as TeX text) and
embedded players (made linked figures here). Each is fixed or marked here; page_body reads
the marks back from its output.
Nothing is fetched: a relative image source becomes the `file://` URI of the file beside the
saved page, others stay as they are; relative links become web links when the page names its
own URL.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from lxml import etree

from postbind import mathtex
from postbind.transform.embeds import make_figures

LAZY_ATTRS = ("data-src", "data-original", "data-lazy-src", "data-url", "data-hi-res-src")
IMAGE_URL = re.compile(r"\.(?:avif|bmp|gif|jpe?g|png|svg|webp)(?:[?#]|$)|^(?:https?:)?//", re.I)
# trafilatura keeps only images whose URL ends in a raster extension (it drops .svg and
# extension-less CDN URLs), so every image goes through it under a stand-in name.
IMAGE_TOKEN = "postbind-image-{}.png"
PRE_MARK = "data-postbind-pre"  # trafilatura copies a code block with its attributes (outside lists)
LINK_MARK = "x-postbind:"  # a scheme, so trafilatura leaves the link as it is
EMBED_MARK = "x-postbind-embed:"  # the link of an embed's figure, which trafilatura makes a paragraph
COMMENT_ANCHORS = ("#comments", "#respond", "#disqus_thread", "#comment-form", "#reply")
START_MARK = re.compile("\ue000(-?\\d+)\ue001")  # an <ol start> carried through as text


def prepare(root: lxml.html.HtmlElement, folder: Path, base_url: str | None) -> dict[str, str]:
    """Fix in place what trafilatura would lose; returns the images' stand-in names → URLs."""
    mathtex.as_text(root)
    make_figures(root, allow_remote=False)  # players and tweets as linked figures: trafilatura drops frames
    for link in root.xpath("//figure[contains(@class, 'embed')]/figcaption/a[@href]"):
        link.set("href", EMBED_MARK + link.get("href"))
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
