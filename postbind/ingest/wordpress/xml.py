"""A WordPress export's XML: parsed safely, and its elements read by local name.

The export is untrusted: it is parsed without DTDs, network or entity expansion (XXE, "billion
laughs"), and entity references an export should never contain are dropped from the tree.
The wp:, excerpt: and content: namespace URIs change between versions and hosts (http or
https, export/1.0 to 1.2), so elements are matched by local name.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from postbind.errors import Reporter, book_error
from postbind.ingest.xmltree import parse_untrusted

WXR_NAMESPACE_RE = re.compile(r"^https?://wordpress\.org/export/\d")


def parse(path: Path, reporter: Reporter) -> etree._Element:
    """The export's root element; an error for a file that cannot be read or is not XML."""
    return parse_untrusted(path, reporter, "WordPress export")


def channel(root: etree._Element, path: Path) -> etree._Element:
    """The export's <channel>, or an error for XML that is not a WordPress export."""
    namespaces = {**(root.nsmap or {})}
    found = root.find("channel") if etree.QName(root).localname == "rss" else None
    if found is not None:
        namespaces.update(found.nsmap or {})
    if found is None or not any(WXR_NAMESPACE_RE.match(uri or "") for uri in namespaces.values()):
        raise book_error("not a WordPress export: expected <rss> with the wordpress.org/export namespace", path, 1)
    return found


def text(element: etree._Element | None) -> str:
    return "".join(element.itertext()) if element is not None else ""


def wp(item: etree._Element, name: str) -> str:
    """The text of a wp: element (any export version's namespace), stripped."""
    return text(item.find(f"{{*}}{name}")).strip()


def encoded(item: etree._Element, excerpt: bool) -> etree._Element | None:
    """content:encoded or excerpt:encoded: same local name, told apart by namespace."""
    for element in item.iterfind("{*}encoded"):
        if ("excerpt" in (etree.QName(element).namespace or "")) == excerpt:
            return element
    return None


def postmeta(item: etree._Element, key: str) -> str:
    """The value of the item's wp:postmeta with this key, or ""."""
    for meta in item.iterfind("{*}postmeta"):
        if wp(meta, "meta_key") == key:
            return wp(meta, "meta_value")
    return ""
