"""Pictures (the only module that uses Pillow): checking, preparing for the EPUB, covers.

Every image is opened once when a post registers it, so a corrupt file is
reported as a warning instead of breaking a writer. The EPUB gets images no
larger than 1600 px on the long side, in formats every reader shows (JPEG, PNG,
GIF, SVG); the PDF keeps the originals.
"""

from __future__ import annotations

import io
import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from postbind.model import CoverColours

EPUB_MAX_SIDE = 1600
COVER_SIZE = (1600, 2560)
# What each decoded format becomes in an EPUB: (extension, media type)
KEPT = {"JPEG": (".jpg", "image/jpeg"), "PNG": (".png", "image/png"), "GIF": (".gif", "image/gif")}


class ImageProblem(Exception):
    """The file is not an image a book can hold; the message says why."""


@dataclass(frozen=True)
class ImageInfo:
    width: int
    height: int
    extension: str  # in the EPUB
    media_type: str  # in the EPUB


def inspect(path: Path) -> ImageInfo:
    """Check an image file and decide its EPUB form; raise ImageProblem when unusable."""
    if path.suffix.lower() == ".svg":
        width, height = _svg_size(path)
        return ImageInfo(width, height, ".svg", "image/svg+xml")
    try:
        with Image.open(path) as image:
            image.verify()  # reads the whole file: truncated and corrupt images fail here
        with Image.open(path) as image:
            fmt, size, alpha = image.format, image.size, _has_alpha(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem(f"not a readable image ({exc.__class__.__name__}: {exc})") from None
    extension, media_type = KEPT.get(fmt) or ((".png", "image/png") if alpha else (".jpg", "image/jpeg"))
    return ImageInfo(size[0], size[1], extension, media_type)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def _svg_size(path: Path) -> tuple[int, int]:
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except (etree.XMLSyntaxError, OSError) as exc:
        raise ImageProblem(f"not valid SVG ({exc})") from None
    if root.tag != "{http://www.w3.org/2000/svg}svg":
        raise ImageProblem("not an SVG image (the root element is not <svg>)")
    if root.xpath("//*[local-name()='script' or local-name()='foreignObject']"):
        raise ImageProblem("SVG with scripts or foreign content is not allowed in a book")
    if root.xpath("//@*[starts-with(local-name(), 'on')]"):
        raise ImageProblem("SVG with event handlers is not allowed in a book")
    outside = [h for h in root.xpath("//@*[local-name()='href']") if not h.startswith(("#", "data:"))]
    if outside:
        raise ImageProblem(f"SVG that refers to other files ({outside[0][:60]}) is not allowed in a book")
    numbers = [_number(root.get(a)) for a in ("width", "height")]
    return (numbers[0] or 0, numbers[1] or 0)


def _number(value: str | None) -> int | None:
    digits = "".join(ch for ch in (value or "") if ch.isdigit() or ch == ".")
    try:
        return int(float(digits)) if digits else None
    except ValueError:
        return None


def epub_bytes(path: Path, info: ImageInfo) -> bytes:
    """The image as the EPUB holds it: converted and scaled down when needed, else untouched."""
    original = path.read_bytes()
    if info.media_type == "image/svg+xml":
        return original
    with Image.open(path) as image:
        same_format = KEPT.get(image.format, (None,))[0] == info.extension
        if same_format and max(image.size) <= EPUB_MAX_SIDE:
            return original
        image.load()
        if max(image.size) > EPUB_MAX_SIDE:
            image.thumbnail((EPUB_MAX_SIDE, EPUB_MAX_SIDE), Image.Resampling.LANCZOS)
        return _encode(image, info.extension)


def _encode(image: Image.Image, extension: str) -> bytes:
    out = io.BytesIO()
    if extension == ".jpg":
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    elif extension == ".gif":
        image.save(out, "GIF")
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def generate_cover(
    title: str, subtitle: str | None, authors: str, colours: CoverColours, size: tuple[int, int] = COVER_SIZE
) -> bytes:
    """A JPEG cover (1600×2560 for the EPUB; the printed wrap's front asks for its own size at 300 dpi): title,
    subtitle and authors on the theme's colours. The design is drawn for 1600 px wide and scaled to `size`."""
    image = Image.new("RGB", size, colours.background)
    draw = ImageDraw.Draw(image)
    width, height = size
    k = width / COVER_SIZE[0]

    def px(value: float) -> int:
        return round(value * k)

    draw.rectangle((px(120), px(120), width - px(120), px(132)), fill=colours.accent)
    y = _draw_lines(
        draw, width, textwrap.wrap(title, 16), _font("DejaVu Serif", px(130)), colours.text, px(360), px(30)
    )
    if subtitle:
        lines = textwrap.wrap(subtitle, 28)
        y = _draw_lines(draw, width, lines, _font("DejaVu Serif:italic", px(70)), colours.text, y + px(80), px(20))
    draw.rectangle((width // 2 - px(150), y + px(100), width // 2 + px(150), y + px(108)), fill=colours.accent)
    if authors:
        lines, font = textwrap.wrap(authors, 30), _font("DejaVu Sans", px(64))
        _draw_lines(draw, width, lines, font, colours.text, height - px(520), px(18))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def _draw_lines(draw, width: int, lines: list[str], font, fill: str, top: int, gap: int) -> int:
    y = top
    for line in lines:
        left, upper, right, lower = draw.textbbox((0, 0), line, font=font)
        draw.text(((width - (right - left)) / 2 - left, y), line, font=font, fill=fill)
        y += (lower - upper) + gap
    return y


def pixel_size(path: Path) -> tuple[int, int]:
    """A raster picture's width and height in pixels (an SVG's nominal size)."""
    info = inspect(path)
    return info.width, info.height


def _font(pattern: str, size: int):
    """A system font found through fontconfig; Pillow's own font when there is none."""
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, check=False)
        if found.returncode == 0 and found.stdout:
            return ImageFont.truetype(found.stdout, size)
    except OSError:
        pass
    return ImageFont.load_default(size)
