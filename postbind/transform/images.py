"""Images: embedded from allowed folders through the one resource loader.

An image that can't be used (missing, outside the book, remote) is replaced by
its alt text, or by nothing when a figure caption already says what it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import html

from postbind.resources import Refused
from postbind.transform.ids import keep_id, link_targets
from postbind.transform.tree import replace_with_span

if TYPE_CHECKING:
    from postbind.transform import ChapterContext


def embed_images(root: html.HtmlElement, context: ChapterContext) -> None:
    base = context.post.source.parent
    for image in list(root.iter("img")):
        src = (image.get("src") or "").strip()
        if src.startswith("images/") and src in context.loader.assets:
            continue  # already embedded (the step ran before)
        if not src:  # never given, or dropped by the sanitiser (unsafe or enormous)
            context.warn(f"image '{image.get('alt') or ''}' left out: it has no usable source", "<img")
            _stand_in(image, root)
            continue
        try:
            asset = context.loader.image(src, base, context.post.site.roots if context.post.site else ())
        except Refused as refused:
            context.warn(f"image left out: {refused}", src or "<img")
            _stand_in(image, root)
            continue
        image.set("src", asset.name)
        if not (image.get("alt") or "").strip():
            image.set("alt", "")
            context.warn(f"image {src} has no alt text: describe it for readers who cannot see it", src)


def _stand_in(image: html.HtmlElement, root: html.HtmlElement) -> None:
    figure = image.getparent()
    while figure is not None and figure.tag != "figure":
        figure = figure.getparent()
    caption = figure.find("figcaption") if figure is not None else None
    if caption is not None and caption.text_content().strip():
        keep_id(image, root, link_targets(root))
        image.drop_tree()
    else:
        replace_with_span(image, image.get("alt") or "", "missing-image")
