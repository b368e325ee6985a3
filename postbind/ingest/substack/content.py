"""A Substack post's HTML with the site's widgets taken out: they are buttons and forms, not text.

Subscribe and comment buttons, share and subscription widgets only work on the site; a podcast
episode gets a link to its audio, which a book can't play.
"""

from __future__ import annotations

from html import escape

from lxml import html

# Substack's classes for the site's furniture in a post (a picture's expand and restack icons too).
WIDGETS = (
    "button-wrapper",
    "captioned-button-wrap",
    "image-link-expand",
    "share-dialog",
    "subscription-widget",
    "subscription-widget-wrap",
    "subscription-widget-wrap-editor",
)


def tidy(markup: str, podcast_url: str | None = None) -> str:
    """The post's HTML without Substack's widgets, a podcast's audio as a link first."""
    listen = (
        f'<p class="podcast">Listen: <a href="{escape(podcast_url)}">{escape(podcast_url)}</a></p>'
        if podcast_url
        else ""
    )
    if not markup.strip():
        return listen
    root = html.fragment_fromstring(markup, create_parent="div")
    for element in [e for e in root.iter() if _is_widget(e)]:
        if element.getparent() is not None:
            element.drop_tree()
    while len(root) and _is_rule(root[-1]):  # the rule that set off a closing button, now alone at the end
        root.remove(root[-1])
    return listen + "".join(html.tostring(child, encoding="unicode") for child in root).strip()


def _is_widget(element) -> bool:
    classes = set((element.get("class") or "").split()) if isinstance(element.tag, str) else set()
    return bool(classes & set(WIDGETS))


def _is_rule(element) -> bool:
    """An <hr>, or a block that holds only one (Substack writes <div><hr></div>)."""
    if element.tag == "hr":
        return True
    return not element.text_content().strip() and [e.tag for e in element.iterdescendants()] == ["hr"]
