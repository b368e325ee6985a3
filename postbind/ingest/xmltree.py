"""What readers share for XML and HTML trees: untrusted XML parsed safely, inline content gathered.

Exports (WordPress, Blogger) are untrusted XML: they are parsed without DTDs, network or entity
expansion (XXE, "billion laughs"), and entity references an export should never contain are
dropped from the tree.

A big export is read as a stream (`XmlStream`): one record (an item, an entry) at a time, each
let go once read, so memory does not grow with the file. The stream also notes where the file's
lines start, so that a record read once can be found again by its line and read on its own
(`StreamedExport`: what WordPress's and Blogger's exports share).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar, NamedTuple
from xml.sax.saxutils import quoteattr

from lxml import etree

from postbind.errors import Reporter, book_error
from postbind.ingest.source import CONTROLS_READ_OUT, XML_FORBIDDEN_CONTROLS, first_control

if TYPE_CHECKING:
    from postbind.ingest.reader import Entry

SAFE = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
CHUNK = 1 << 16  # bytes fed to the parser at a time
ENTITIES_IGNORED = "entity references declared in the file's DOCTYPE are ignored"
DECLARED_ENCODING_RE = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
# Encodings in which a byte 0x0A is a line's end and "<item" is those bytes: records can be found by line.
ASCII_BASED_RE = re.compile(r"^(?:utf-?8|us-ascii|ascii|iso[-_]?8859-\d+|latin-?1|windows-125\d|cp125\d)$", re.I)
LINES_BACK = 16  # past line 65,535, how far before the line libxml2 gives a record it may start


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
        self.stripped = False  # entity references were dropped (warned about or not)
        self.ascii_based = False  # control characters are read out of the bytes (see XML_FORBIDDEN_CONTROLS)
        self.controls: tuple[str, int] | None = None  # the first control character read out, and its line
        self.controls_told = False

    def events(self, tags: tuple[str, ...], index: bool = False) -> Iterator[tuple[str, etree._Element]]:
        """Start and end events of elements with these tags; with `index`, the file's lines are noted."""
        parser = etree.XMLPullParser(events=("start", "end"), tag=tags, **SAFE)
        first = True
        try:
            with self.path.open("rb") as file:
                info = self.path.stat()
                self.stamp = (info.st_size, info.st_mtime_ns)
                offset = lines = 0
                empty = True
                while chunk := file.read(CHUNK):
                    if empty:
                        encoding = _line_encoding(chunk)
                        self.ascii_based = encoding is not None
                        self.encoding = encoding if index else self.encoding
                    empty = False
                    if index:
                        self.chunk_offsets.append(offset)
                        self.chunk_lines.append(lines)
                    parser.feed(self.without_controls(chunk, lines))
                    offset, lines = offset + len(chunk), lines + chunk.count(b"\n")
                    for event in parser.read_events():
                        if first:
                            first = False
                            self.has_doctype = bool(event[1].getroottree().docinfo.doctype)
                        yield event
                if empty:  # libxml2's own message, as for a file parsed whole (a parser never fed has another)
                    etree.fromstring(b"", etree.XMLParser(**SAFE))
                parser.close()
                yield from parser.read_events()
        except OSError as exc:
            raise book_error(f"cannot read {self.what}: {exc.strerror}", self.path) from None
        except etree.XMLSyntaxError as exc:
            raise book_error(f"malformed {self.what}: {exc.msg or exc}", self.path, exc.lineno) from None

    def without_controls(self, chunk: bytes, lines: int) -> bytes:
        """A chunk (after `lines` lines of the file) without the control characters XML forbids; the first
        one is noted, to be warned about."""
        first = first_control(chunk, lines) if self.ascii_based else None
        if first is None:
            return chunk
        self.controls = self.controls or first
        return XML_FORBIDDEN_CONTROLS.sub(b"", chunk)

    def clean(self, record: etree._Element, reporter: Reporter | None) -> etree._Element:
        """The record without entity references (warned about once, when a reporter is given); control
        characters read out of the file are warned about then too."""
        if self.controls is not None and reporter is not None and not self.controls_told:
            self.controls_told = True
            code, line = self.controls
            reporter.warn(CONTROLS_READ_OUT.format(code=code), self.path, line)
        if self.has_doctype and any(True for _ in record.iter(etree.Entity)):
            # Left in, an unexpanded reference's declared text would still leak out through XPath
            # string(); no export declares entities, so they can only be noise or an attack.
            etree.strip_tags(record, etree.Entity)
            self.stripped = True
            if reporter is not None and not self.warned:
                self.warned = True
                reporter.warn(ENTITIES_IGNORED, self.path, 1)
        return record

    def prefix(self, holder: etree._Element) -> bytes | None:
        """The XML a record of `holder` is parsed after on its own: the declaration and the start tags of
        `holder` and the elements around it, each with its namespaces; None when records can't be found by
        their lines (an encoding that is not ASCII-based, a DOCTYPE)."""
        if not self.encoding or self.has_doctype:
            return None
        tags = []
        for element in [holder, *holder.iterancestors()][::-1]:
            name = etree.QName(element).localname
            name = f"{element.prefix}:{name}" if element.prefix else name
            declarations = "".join(
                f" xmlns:{prefix}={quoteattr(uri)}" if prefix else f" xmlns={quoteattr(uri)}"
                for prefix, uri in (element.nsmap or {}).items()
            )
            tags.append(f"<{name}{declarations}>")
        head = f'<?xml version="1.0" encoding="{self.encoding}"?>' + "".join(tags)
        return head.encode("ascii", "xmlcharrefreplace")

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
                data = XML_FORBIDDEN_CONTROLS.sub(b"", file.read(CHUNK // 4))  # a prefix means an ASCII-based file
        except etree.XMLSyntaxError:
            return None
        return None


class Place(NamedTuple):
    """Where a record is: its place among the export's records, its line, and its place among the records
    that start on that line."""

    number: int
    line: int
    on_line: int


class Wanted(NamedTuple):
    """A record to read again: where it is, the line of its content, and a fingerprint of what it said when
    first read, to know it is the same record."""

    number: int
    line: int
    on_line: int
    body_line: int
    fingerprint: int


class StreamedExport:
    """An export read as a stream, and how to find again the records its entries stand for: their entries'
    handle (hashable by identity). What each entry needs is kept here in columns, by the entry's `item`: an
    export may have a hundred thousand records, and a tuple for each would cost more than the rest.

    A reader's export says what its records are (`what`, `container`, `tag`, `start_re`) and gives
    `items()` (every record in file order with its place, each let go when the next is asked for) and
    `read()` (what body() needs of a record, and its fingerprint)."""

    what: ClassVar[str]  # the export, in words ("WordPress export")
    container: ClassVar[str]  # the tag of the element that holds the records
    tag: ClassVar[str]  # a record's tag
    start_re: ClassVar[re.Pattern[bytes]]  # a record's start tag, in the file's bytes

    def __init__(self, path: Path):
        self.path = path
        self.numbers = array("q")  # each entry's record: its place among the export's records,
        self.on_lines = array("q")  # its place among those that start on its line,
        self.body_lines = array("q")  # the line of its content,
        self.fingerprints = array("q")  # and its fingerprint
        self.stream = XmlStream(path, self.what)
        self.prefix: bytes | None = None  # the XML a record is parsed after on its own (None: stream instead)

    def items(self, reporter: Reporter | None, first_read: bool = True) -> Iterator[tuple[Place, etree._Element]]:
        raise NotImplementedError

    def read(self, record: etree._Element) -> tuple[Any, int]:
        """What body() needs of a record, and its fingerprint."""
        raise NotImplementedError

    def placed(
        self, records: Iterator[etree._Element], reporter: Reporter | None
    ) -> Iterator[tuple[Place, etree._Element]]:
        """Each record with its place, without entity references, let go (with what precedes it) when the
        next is asked for."""
        last_line = on_line = 0
        for number, record in enumerate(records):
            line = record.sourceline or 1
            on_line = on_line + 1 if line == last_line else 0
            last_line = line
            yield Place(number, line, on_line), self.stream.clean(record, reporter)
            self.stream.release(record)

    def remember(self, place: Place, body_line: int, fingerprint: int) -> None:
        """Note where the next entry's record is (the entry's `item` is its index here)."""
        self.numbers.append(place.number)
        self.on_lines.append(place.on_line)
        self.body_lines.append(body_line)
        self.fingerprints.append(fingerprint)

    def wanted(self, index: int, line: int) -> Wanted:
        """The record of the entry at `index` (its `item`), at `line` (its `item_line`)."""
        return Wanted(self.numbers[index], line, self.on_lines[index], self.body_lines[index], self.fingerprints[index])

    @staticmethod
    def contents_of(entries: list[Entry]) -> Iterator[Any]:
        """What body() needs of each entry (whose handle is its export), in order; each export is read once
        for all of its entries."""
        contents: dict[tuple[StreamedExport, int], Any] = {}
        wanted: dict[StreamedExport, list[Wanted]] = {}
        for entry in entries:
            wanted.setdefault(entry.handle, []).append(entry.handle.wanted(entry.item, entry.item_line))
        for export, records in wanted.items():
            contents.update(((export, number), c) for number, c in export.contents(records).items())
        for entry in entries:
            yield contents[entry.handle, entry.handle.numbers[entry.item]]

    def contents(self, wanted: list[Wanted]) -> dict[int, Any]:
        """What body() needs of each wanted record, by its number: each found by its line and read on its own,
        or, when that can't be done, in one pass over the export that stops after the last one."""
        if self.stream.changed():
            raise book_error(f"the {self.what} changed while it was being read; run again", self.path)
        found: dict[int, Any] = {}
        if self.prefix is not None:
            with self.path.open("rb") as file:
                for want in sorted(wanted, key=lambda w: w.number):
                    content = self._read_alone(file, want)
                    if content is not None:
                        found[want.number] = content
        missing = {w.number: w for w in wanted if w.number not in found}
        if missing:
            last = max(missing)
            for place, record in self.items(None, first_read=False):
                want = missing.get(place.number)
                if want is not None:
                    found[want.number] = self.read(record)[0]
                if place.number >= last:
                    break
        return found

    def _read_alone(self, file: BinaryIO, want: Wanted) -> Any:
        """The record read on its own from its line, None when it is not there. libxml2 gives lines past
        65,535 as those of an element's first child, so there the record may start a few lines before: the
        nearest start tag that holds the same record is taken."""
        exact = want.line < 65535
        first = want.line if exact else max(1, want.line - LINES_BACK)
        start = self.stream.line_start(file, first)
        if start is None:
            return None
        file.seek(start)
        window = file.read(1 << 16)
        end = _line_end(window, want.line - first)
        if end is None:
            return None
        starts = list(self.start_re.finditer(window, 0, end))
        candidates = starts[want.on_line : want.on_line + 1] if exact else starts[::-1][:4]
        assert self.prefix is not None
        for match in candidates:
            record = self.stream.record_at(file, start + match.start(), self.prefix, self.container, self.tag)
            if record is not None:
                content, fingerprint = self.read(record)
                if fingerprint == want.fingerprint:
                    return content
        return None


def _line_end(window: bytes, lines: int) -> int | None:
    """The end of the line `lines` lines after the window's first (None when the window ends first)."""
    position = -1
    for _ in range(lines + 1):
        position = window.find(b"\n", position + 1)
        if position < 0:
            return None
    return position


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
