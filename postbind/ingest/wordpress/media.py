"""Images in an item's content, pointed at the local copies in the export's media folder.

An export only links its uploads; with a media folder (a backup of wp-content/uploads, or
its files flat) given, each <img> whose upload is there shows the local file instead.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

IMG_RE = re.compile(r"<img\b[^>]*>", re.I)
IMG_SRC_RE = re.compile(r"""(\ssrc\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>]+)""", re.I)
RESPONSIVE_ATTR_RE = re.compile(r"""\s(?:srcset|sizes)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+)""", re.I)
UPLOADS_RE = re.compile(r"/wp-content/uploads/(.+)$")
DATED_UPLOAD_RE = re.compile(r"(?:^|/)(\d{4}/\d{2}/[^/]+)$")
SIZED_NAME_RE = re.compile(r"-\d+x\d+(?=\.\w+$)")  # "photo-300x200.jpg", a resized copy of "photo.jpg"


def map_images(text: str, media: Path | None) -> str:
    """Every <img> without its responsive sources, and on the local copy of its upload when there is one."""
    return IMG_RE.sub(lambda m: _image_tag(m.group(), media), text)


def _image_tag(tag: str, media: Path | None) -> str:
    # srcset/sizes list the site's resized copies: remote files a book can't use.
    tag = RESPONSIVE_ATTR_RE.sub("", tag)
    if media is None:
        return tag
    return IMG_SRC_RE.sub(lambda m: m.group(1) + _local_src(m.group(2), media), tag, count=1)


def _local_src(quoted: str, media: Path) -> str:
    local = _local_upload(html.unescape(quoted.strip("\"'")), media)
    return f'"{html.escape(local.as_uri())}"' if local else quoted


def _local_upload(url: str, media: Path) -> Path | None:
    """The file in the media folder that an uploads URL points at, if there is one."""
    for candidate in _upload_candidates(unquote(urlsplit(url).path)):
        file = (media / candidate).resolve()
        if file.is_relative_to(media) and file.is_file():  # "../" in a URL must not leave the folder
            return file
    return None


def _upload_candidates(url_path: str) -> list[str]:
    """Where a copy of the upload may be: wp-content/uploads/<rest>, then <YYYY/MM/file>, then <file>."""
    uploads, dated = UPLOADS_RE.search(url_path), DATED_UPLOAD_RE.search(url_path)
    if not uploads and not dated:
        return []
    rest = uploads.group(1) if uploads else dated.group(1)
    names = [f"wp-content/uploads/{rest}", *([dated.group(1)] if dated else []), url_path.rsplit("/", 1)[-1]]
    # A post often shows a resized copy (photo-300x200.jpg) of the upload a backup keeps (photo.jpg).
    return names + [SIZED_NAME_RE.sub("", name) for name in names if SIZED_NAME_RE.search(name)]
