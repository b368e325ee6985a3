"""Reading a post's bytes as text, and the metadata fields posts share."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import fields, replace
from pathlib import Path

import charset_normalizer

from postbind.dates import parse_date
from postbind.errors import Reporter, book_error
from postbind.model import PostMeta


def read_text(path: Path, reporter: Reporter) -> str:
    """The file's text with a BOM and Windows line ends removed.

    A file that is not UTF-8 still builds: undecodable bytes are replaced and a
    warning says so, because one bad byte should not cost a teacher the book.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise book_error(f"cannot read post: {exc.strerror}", path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        guess = guess_encoding(data)
        if guess:
            reporter.warn(f"not UTF-8; read as {guess[0]} (save the file as UTF-8 to be sure)", path, line)
            text = guess[1]
        else:
            reporter.warn("not valid UTF-8; undecodable bytes replaced (save the file as UTF-8)", path, line)
            text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return xml_safe(text.replace("\r\n", "\n").replace("\r", "\n"))


def guess_encoding(data: bytes) -> tuple[str, str] | None:
    """The likeliest encoding of bytes that are not UTF-8, and the text; None when nothing fits."""
    best = charset_normalizer.from_bytes(data.removeprefix(b"\xef\xbb\xbf")).best()
    return (best.encoding, str(best)) if best is not None else None


def iso_date(value: object) -> str | None:
    """A date as YYYY-MM-DD when it can be read as one, else as written."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return parse_date(str(value)).isoformat()
    except (ValueError, OverflowError):
        return str(value)


def looks_like_date(line: str) -> bool:
    """True for a line that is only a date, such as 'Wednesday, 16th April, 2014'."""
    if not any(ch.isdigit() for ch in line) or len(line) > 60:
        return False
    try:
        parse_date(line)
    except (ValueError, OverflowError):
        return False
    return True


# Characters XML 1.0 forbids (NUL, most C0 controls, lone surrogates, U+FFFE/F): a post can hold
# them, an EPUB can't, and no reader would show them anyway.
XML_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Its control characters, in the bytes of an ASCII-based file (where they can't be part of another character):
# XML forbids them even as text, so a feed or an export holding one (U+000B from a word processor's paste is
# the usual one) is read without them, with a warning.
XML_FORBIDDEN_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CONTROLS_READ_OUT = "control characters XML forbids (the first, {code}, here); read without them"


def first_control(data: bytes, lines: int = 0) -> tuple[str, int] | None:
    """The first of XML_FORBIDDEN_CONTROLS in `data` (which follows `lines` lines of its file): its code
    point as messages give it, and its line."""
    found = XML_FORBIDDEN_CONTROLS.search(data)
    if found is None:
        return None
    return f"U+{data[found.start()]:04X}", lines + data.count(b"\n", 0, found.start()) + 1


def xml_safe(text: str) -> str:
    return XML_FORBIDDEN.sub("", text) if text else text


def clean_meta(meta: PostMeta) -> PostMeta:
    """The metadata with every character an XML document can't hold removed (the same metadata when it
    holds none: a big export has many items)."""
    values = [getattr(meta, f.name) for f in fields(meta)]
    texts = [v for v in values if isinstance(v, str)] + [t for v in values if isinstance(v, tuple) for t in v]
    if all(isinstance(t, str) and t for t in texts) and not XML_FORBIDDEN.search("\n".join(texts)):
        return meta  # the quick look: nothing to remove, no empty name in a list
    changes = {}
    for name, value in ((f.name, getattr(meta, f.name)) for f in fields(meta)):
        if isinstance(value, str):
            safe = xml_safe(value)
        elif isinstance(value, tuple):
            safe = tuple(v for v in (xml_safe(v) for v in value) if v)
        else:
            continue
        if safe != value:
            changes[name] = safe
    return replace(meta, **changes) if changes else meta
