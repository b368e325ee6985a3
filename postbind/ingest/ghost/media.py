"""A Ghost post's own addresses: `__GHOST_URL__` links and pictures made ones a book can use.

An export writes the site's address as `__GHOST_URL__`. A link to another page of the site
becomes site-absolute (`/slug/`), which postbind turns into a link to that post's chapter when
the book holds it. A picture under `content/images/` is read from the folder a book names as
`media:` (the site's content/images, or a folder holding content/images); Ghost's resized copies
(`content/images/size/w600/…`) fall back to the original.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

GHOST_URL = "__GHOST_URL__"
ATTRIBUTE_RE = re.compile(r"""(\s(?:src|href)\s*=\s*)(["'])(__GHOST_URL__[^"']*)\2""", re.I)
MARKDOWN_RE = re.compile(r"(\]\(\s*)(__GHOST_URL__[^\s)]*)")
IMAGES_RE = re.compile(r"^/?content/images/(?:size/w\d+(?:h\d+)?/)?(?:format/\w+/)?(.+)$")


def local_addresses(text: str, media: Path | None, warn: Callable[[str], None]) -> str:
    """Every src and href (or Markdown link target) that points into the site, pointed where a book finds it."""
    missing: list[str] = []

    def repoint(url: str) -> str:
        path = url.removeprefix(GHOST_URL) or "/"
        picture = IMAGES_RE.match(urlsplit(path).path)
        local = _local(unquote(picture.group(1)), media) if picture and media is not None else None
        if picture and local is None:
            missing.append(path)
        return local.as_uri() if local else path

    text = ATTRIBUTE_RE.sub(lambda m: f'{m.group(1)}"{html.escape(repoint(html.unescape(m.group(3))))}"', text)
    text = MARKDOWN_RE.sub(lambda m: m.group(1) + repoint(m.group(2)), text)
    if missing:
        where = "not in the media folder" if media else "name the site's content/images folder as media: to include"
        warn(f"{len(missing)} picture(s) of the Ghost site, such as {missing[0]}: {where}")
    return text


def _local(rest: str, media: Path) -> Path | None:
    """The picture in the media folder: media/<rest> when it is content/images, else under it."""
    media = media.resolve()
    for candidate in (media / rest, media / "content" / "images" / rest, media / "images" / rest):
        file = candidate.resolve()
        if file.is_relative_to(media) and file.is_file():  # "../" in a URL must not leave the folder
            return file
    return None
