"""What readers share for XML and HTML trees: untrusted XML parsed safely, inline content gathered.

Exports (WordPress, Blogger) are untrusted XML: they are parsed without DTDs, network or entity
expansion (XXE, "billion laughs"), and entity references an export should never contain are
dropped from the tree.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from postbind.errors import Reporter, book_error


def parse_untrusted(path: Path, reporter: Reporter, what: str) -> etree._Element:
    """The file's root element; an error naming `what` (e.g. "WordPress export") for a file that cannot
    be read or is not XML."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise book_error(f"cannot read {what}: {exc.strerror}", path) from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise book_error(f"malformed {what}: {exc.msg or exc}", path, exc.lineno) from None
    if any(True for _ in root.iter(etree.Entity)):
        # Left in, an unexpanded reference's declared text would still leak out through XPath
        # string(); no export declares entities, so they can only be noise or an attack.
        etree.strip_tags(root, etree.Entity)
        reporter.warn("entity references declared in the file's DOCTYPE are ignored", path, 1)
    return root


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
