"""Theme fonts for the EPUB (the only module that uses fontTools).

A theme may embed fonts through `@font-face` in its EPUB CSS. Only local font
files under the SIL Open Font License are embedded (other licences rarely allow
it), subset to the characters the book uses; a remote font is never fetched.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

FONT_FACE_RE = re.compile(r"@font-face\s*\{[^}]*\}", re.I | re.S)
URL_RE = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""", re.I)
MEDIA_TYPES = {".otf": "font/otf", ".ttf": "font/ttf", ".woff": "font/woff", ".woff2": "font/woff2"}
OFL_MARKS = ("open font license", "scripts.sil.org/ofl", "openfontlicense.org")


@dataclass(frozen=True)
class EmbeddedFont:
    name: str  # inside the EPUB, e.g. "fonts/EBGaramond12-Regular.otf"
    media_type: str
    data: bytes


def embed_fonts(css: str, folders: list[Path], text: str, warn) -> tuple[str, list[EmbeddedFont]]:
    """Resolve the CSS's @font-face sources; return the CSS pointing into the EPUB, and the fonts.

    Any other outside reference (an @import, a url() for a background) is dropped with a warning:
    an EPUB may hold nothing its manifest does not list, and Kindle refuses remote CSS.
    """
    fonts: dict[str, EmbeddedFont] = {}
    css = _drop_outside_references(css, warn)

    def rule(match: re.Match) -> str:
        block = match.group(0)
        for _quote, url in URL_RE.findall(block):
            font = _font_for(url, folders, text, warn)
            if font is None:
                return ""  # the rule goes, the text falls back to the reader's fonts
            fonts[font.name] = font
            block = block.replace(url, "../" + font.name)
        return block

    return FONT_FACE_RE.sub(rule, css), list(fonts.values())


IMPORT_RE = re.compile(r"@import[^;]*;", re.I)


def _drop_outside_references(css: str, warn) -> str:
    for rule in IMPORT_RE.findall(css):
        warn(f"stylesheet rule {rule} dropped from the EPUB: put the styles in the theme's own files")
    css = IMPORT_RE.sub("", css)
    faces = FONT_FACE_RE.findall(css)
    outside = FONT_FACE_RE.sub("\0", css)  # look for url() only outside @font-face
    for _quote, url in URL_RE.findall(outside):
        if not url.startswith("data:"):
            warn(f"stylesheet url({url}) dropped from the EPUB: only fonts are embedded from CSS")
    outside = URL_RE.sub(lambda m: m.group(0) if m.group(2).startswith("data:") else "none", outside)
    pieces = outside.split("\0")
    return "".join(piece + (faces[i] if i < len(faces) else "") for i, piece in enumerate(pieces))


def _font_for(url: str, folders: list[Path], text: str, warn) -> EmbeddedFont | None:
    if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) or url.startswith("//"):
        warn(f"theme font {url} is not local and is not embedded")
        return None
    candidates = ((folder / url).resolve() for folder in folders)
    path = next((p for p, f in zip(candidates, folders, strict=True) if p.is_file() and f.resolve() in p.parents), None)
    if path is None or path.suffix.lower() not in MEDIA_TYPES:
        warn(f"theme font {url} not found in the theme's folders")
        return None
    from fontTools.ttLib import TTFont, TTLibError  # late: a theme without fonts never loads fontTools

    try:
        font = TTFont(str(path))
    except (TTLibError, OSError) as exc:
        warn(f"theme font {url} cannot be read: {exc}")
        return None
    if not _is_ofl(font):
        warn(f"theme font {url} is not under the SIL Open Font License; not embedded")
        return None
    return EmbeddedFont(f"fonts/{path.name}", MEDIA_TYPES[path.suffix.lower()], _subset(font, text))


def _is_ofl(font: TTFont) -> bool:
    names = font["name"].names if "name" in font else []
    licence = " ".join(str(n.toUnicode()).lower() for n in names if n.nameID in (13, 14))
    return any(mark in licence for mark in OFL_MARKS)


def _subset(font: TTFont, text: str) -> bytes:
    """Keep only the glyphs the book needs: a whole font per EPUB is megabytes of dead weight."""
    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # keep the licence in the subset
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text + "0123456789")
    quiet = logging.getLogger("fontTools")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # "FFTM NOT subset" and the like are notes, not problems
    try:
        subsetter.subset(font)
    finally:
        quiet.setLevel(level)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
