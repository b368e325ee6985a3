"""A saved page's bytes as an lxml tree: decoded in the right charset, cleared of what lxml refuses.

Most saved pages are UTF-8 and go through `read_text` like any post file; older ones are
in the charset their <meta> or XML declaration names, which browsers honour too.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import lxml.html
from lxml import etree

from postbind.errors import Reporter
from postbind.ingest.source import read_text, xml_safe

CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)""", re.I)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def load(path: Path, reporter: Reporter) -> lxml.html.HtmlElement | None:
    """The page's document tree; None for a page with nothing lxml can parse."""
    return _parse(xml_safe(_decode(path, reporter)))


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
