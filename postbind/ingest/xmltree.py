"""What readers share for XML and HTML trees: untrusted XML parsed safely, inline content gathered.

Exports (WordPress, Blogger) are untrusted XML: they are parsed without DTDs, network or entity
expansion (XXE, "billion laughs"), and entity references an export should never contain are
dropped from the tree.

A big export is read as a stream (`XmlStream`): one record (an item, an entry) at a time, each
let go once read, so memory does not grow with the file. The stream also notes where the file's
lines start, so that a record read once can be found again by its line and read on its own.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from postbind.errors import Reporter, book_error

SAFE = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
CHUNK = 1 << 16  # bytes fed to the parser at a time
ENTITIES_IGNORED = "entity references declared in the file's DOCTYPE are ignored"
DECLARED_ENCODING_RE = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
# Encodings in which a byte 0x0A is a line's end and "<item" is those bytes: records can be found by line.
ASCII_BASED_RE = re.compile(r"^(?:utf-?8|us-ascii|ascii|iso[-_]?8859-\d+|latin-?1|windows-125\d|cp125\d)$", re.I)


def parse_untrusted(path: Path, reporter: Reporter, what: str) -> etree._Element:
    """The file's root element; an error naming `what` (e.g. "WordPress export") for a file that cannot
    be read or is not XML."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise book_error(f"cannot read {what}: {exc.strerror}", path) from None
    parser = etree.XMLParser(**SAFE)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise book_error(f"malformed {what}: {exc.msg or exc}", path, exc.lineno) from None
    if any(True for _ in root.iter(etree.Entity)):
        # Left in, an unexpanded reference's declared text would still leak out through XPath
        # string(); no export declares entities, so they can only be noise or an attack.
        etree.strip_tags(root, etree.Entity)
        reporter.warn(ENTITIES_IGNORED, path, 1)
    return root


class XmlStream:
    """An untrusted XML file read as it streams, with the start of every 64 KB of it and its line there.

    `events()` yields lxml's pull-parser events for the tags asked; the caller reads a record at its
    "end" event, after `clean()`, and hands it to `release()`, which clears it and the siblings before
    it. `record_at()` reads one record again on its own, found by its line.
    """

    def __init__(self, path: Path, what: str):
        self.path, self.what = path, what
        self.chunk_offsets = array("q")
        self.chunk_lines = array("q")  # the newlines before each chunk
        self.has_doctype = False  # entity references can only come with a DOCTYPE
        self.encoding: str | None = None  # declared (UTF-8 when not), None when records can't be found by line
        self.stamp: tuple[int, int] | None = None  # size and time of the file as it was read
        self.warned = False

    def events(self, tags: tuple[str, ...], index: bool = False) -> Iterator[tuple[str, etree._Element]]:
        """Start and end events of elements with these tags; with `index`, the file's lines are noted."""
        parser = etree.XMLPullParser(events=("start", "end"), tag=tags, **SAFE)
        first = True
        try:
            with self.path.open("rb") as file:
                info = self.path.stat()
                self.stamp = (info.st_size, info.st_mtime_ns)
                offset = lines = 0
                while chunk := file.read(CHUNK):
                    if index:
                        if offset == 0:
                            self.encoding = _line_encoding(chunk)
                        self.chunk_offsets.append(offset)
                        self.chunk_lines.append(lines)
                        offset, lines = offset + len(chunk), lines + chunk.count(b"\n")
                    parser.feed(chunk)
                    for event in parser.read_events():
                        if first:
                            first = False
                            self.has_doctype = bool(event[1].getroottree().docinfo.doctype)
                        yield event
                parser.close()
                yield from parser.read_events()
        except OSError as exc:
            raise book_error(f"cannot read {self.what}: {exc.strerror}", self.path) from None
        except etree.XMLSyntaxError as exc:
            raise book_error(f"malformed {self.what}: {exc.msg or exc}", self.path, exc.lineno) from None

    def clean(self, record: etree._Element, reporter: Reporter | None) -> etree._Element:
        """The record without entity references (warned about once, when a reporter is given)."""
        if self.has_doctype and any(True for _ in record.iter(etree.Entity)):
            # Left in, an unexpanded reference's declared text would still leak out through XPath
            # string(); no export declares entities, so they can only be noise or an attack.
            etree.strip_tags(record, etree.Entity)
            if reporter is not None and not self.warned:
                self.warned = True
                reporter.warn(ENTITIES_IGNORED, self.path, 1)
        return record

    @staticmethod
    def release(record: etree._Element) -> None:
        """Let go of a record that has been read, and of everything before it in its parent."""
        record.clear()
        parent = record.getparent()
        if parent is not None:
            while record.getprevious() is not None:
                del parent[0]

    def changed(self) -> bool:
        """Whether the file is no longer the one the stream read."""
        try:
            info = self.path.stat()
        except OSError:
            return True
        return self.stamp != (info.st_size, info.st_mtime_ns)

    def line_start(self, file: BinaryIO, line: int) -> int | None:
        """The offset of the first byte of `line` (1-based; a line ends with a newline, as libxml2 counts)."""
        if line <= 1:
            return 0
        chunk = bisect_right(self.chunk_lines, line - 2) - 1  # the chunk that holds newline number line-1
        if chunk < 0:
            return None
        need = line - 1 - self.chunk_lines[chunk]
        file.seek(self.chunk_offsets[chunk])
        data = file.read(CHUNK)
        parts = data.split(b"\n", need)
        return self.chunk_offsets[chunk] + len(data) - len(parts[-1]) if len(parts) > need else None

    def record_at(self, file: BinaryIO, offset: int, prefix: bytes, container: str, tag: str) -> etree._Element | None:
        """The record whose start tag is at `offset`, parsed on its own after `prefix` (the XML declaration
        and the start tags of the elements that hold it, the last of them `container`); None when the
        bytes there are not such a record."""
        parser = etree.XMLPullParser(events=("start", "end"), tag=(container, tag), **SAFE)
        holder = None
        file.seek(offset)
        data = prefix
        try:
            while data:
                parser.feed(data)
                for event, element in parser.read_events():
                    if event == "start" and holder is None and element.tag == container:
                        holder = element
                    elif event == "end" and holder is not None and element.getparent() is holder:
                        return element if element.tag == tag else None
                data = file.read(CHUNK // 4)
        except etree.XMLSyntaxError:
            return None
        return None


def _line_encoding(head: bytes) -> str | None:
    """The file's declared encoding when its records can be found by their lines (ASCII-based), else None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:512]:
        return None
    found = DECLARED_ENCODING_RE.match(head.removeprefix(b"\xef\xbb\xbf"))
    name = found.group(1).decode("ascii") if found else "UTF-8"
    return name if ASCII_BASED_RE.match(name) else None


def append_inline(paragraph: etree._Element, node: etree._Element | str) -> None:
    """Add text or an inline element at the end of `paragraph` (text goes after its last child)."""
    if isinstance(node, str):
        if len(paragraph):
            paragraph[-1].tail = (paragraph[-1].tail or "") + node
        else:
            paragraph.text = (paragraph.text or "") + node
    else:
        node.tail = None
        paragraph.append(node)
