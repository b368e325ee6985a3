"""[gallery] shortcodes as the pictures they show, each a figure.

A gallery names no picture itself: `ids="3,7"` lists attachments by id, and without `ids` it shows
the pictures attached to its post. Both are items of the same export (type attachment, with
wp:attachment_url and wp:post_parent), so the export is read for them once, and each gallery
becomes its pictures in order; the media folder then supplies the local copies, as for any <img>.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from postbind.ingest.wordpress.meta import plain
from postbind.ingest.wordpress.xml import Fields

GALLERY_RE = re.compile(r"\[gallery\b([^\]]*)\]")
IDS_RE = re.compile(r"""\bids\s*=\s*["']?([\d,\s]+)""")
IMAGE_URL_RE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg)(?:\?.*)?$", re.I)


@dataclass(frozen=True)
class Picture:
    url: str
    title: str
    caption: str
    parent: str
    order: int


def picture(item: Fields) -> tuple[str, Picture] | None:
    """The picture an item attaches, with its id; None for an item that is not an attached picture.
    The export's pictures, by id, are what galleries show."""
    url = item.wp("attachment_url")
    if item.wp("post_type") != "attachment" or not IMAGE_URL_RE.search(url):
        return None
    caption = plain(item.text("excerpt:encoded")) or ""  # excerpts are HTML
    order = int(item.wp("menu_order") or 0)
    title = plain(item.text("title")) or ""
    return item.wp("post_id"), Picture(url, title, caption, item.wp("post_parent"), order)


def expand_galleries(text: str, post_id: str, attached: dict[str, Picture]) -> str:
    """Each [gallery] in `text` as figures of its pictures; one that shows none is left for the shortcode step."""
    if "[gallery" not in text:
        return text

    def figures(match: re.Match) -> str:
        chosen = _chosen(match.group(1), post_id, attached)
        return "".join(_figure(picture) for picture in chosen) or match.group()

    return GALLERY_RE.sub(figures, text)


def _chosen(attributes: str, post_id: str, attached: dict[str, Picture]) -> list[Picture]:
    ids = IDS_RE.search(attributes)
    if ids:
        return [attached[i] for i in re.findall(r"\d+", ids.group(1)) if i in attached]
    return sorted((p for p in attached.values() if p.parent == post_id), key=lambda p: (p.order, p.url))


def _figure(picture: Picture) -> str:
    alt, src = html.escape(picture.title or picture.caption, quote=True), html.escape(picture.url, quote=True)
    caption = f"<figcaption>{html.escape(picture.caption)}</figcaption>" if picture.caption else ""
    return f'<figure class="gallery-item"><img src="{src}" alt="{alt}" />{caption}</figure>\n'
