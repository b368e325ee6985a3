"""Ghost's cards (image, code, HTML, gallery, bookmark …) as the HTML a book can show.

Mobiledoc and Lexical posts share the cards; a card a book can't show (a signup form, a
product, a paywall marker) becomes nothing, and a card this module doesn't know is dropped
with a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

Warn = Callable[[str], None]
SILENT = {"paywall", "signup", "email", "email-cta", "transistor"}  # site furniture, not the post's text
# Lexical's names for the cards mobiledoc calls otherwise.
ALIASES = {"codeblock": "code", "horizontalrule": "hr", "card-markdown": "markdown"}


def card_html(name: str, payload: dict, warn: Warn) -> str:
    """One card as HTML; "" for a card that shows nothing in a book."""
    name = ALIASES.get(name, name)
    if name == "markdown":
        warn("Ghost Markdown card among other content: shown as plain text")
    render = RENDERERS.get(name)
    if render is not None:
        return render(payload)
    if name not in SILENT:
        warn(f"Ghost card '{name}' left out: a book can't show it")
    return ""


def _text(payload: dict, key: str) -> str:
    value = payload.get(key)
    return value if isinstance(value, str) else ""


def _figure(inner: str, caption: str) -> str:
    """A figure with the card's caption (Ghost keeps captions as HTML)."""
    return f"<figure>{inner}<figcaption>{caption}</figcaption></figure>" if caption.strip() else f"<p>{inner}</p>"


def _image(payload: dict) -> str:
    src = _text(payload, "src")
    if not src:
        return ""
    size = "".join(f' {k}="{int(payload[k])}"' for k in ("width", "height") if isinstance(payload.get(k), int))
    image = f'<img src="{escape(src)}" alt="{escape(_text(payload, "alt"))}"{size}>'
    if _text(payload, "href"):
        image = f'<a href="{escape(_text(payload, "href"))}">{image}</a>'
    return _figure(image, _text(payload, "caption"))


def _gallery(payload: dict) -> str:
    images = [i for i in payload.get("images") or [] if isinstance(i, dict)]
    return "".join(_image(image) for image in images) + (
        f"<p>{_text(payload, 'caption')}</p>" if _text(payload, "caption") else ""
    )


def _code(payload: dict) -> str:
    language = _text(payload, "language")
    css = f' class="language-{escape(language)}"' if language.replace("-", "").isalnum() else ""
    code = f"<pre><code{css}>{escape(_text(payload, 'code'), quote=False)}</code></pre>"
    return _figure(code, _text(payload, "caption")) if _text(payload, "caption") else code


def _link(payload: dict, url_key: str, text: str) -> str:
    url = _text(payload, url_key)
    return f'<p><a href="{escape(url)}">{escape(text or url, quote=False)}</a></p>' if url else ""


def _bookmark(payload: dict) -> str:
    metadata = payload.get("metadata") if isinstance(payload.get("metadata"), dict) else {}
    title = _text(metadata, "title") or _text(payload, "url")
    description = _text(metadata, "description")
    link = _link(payload, "url", title)
    return f"<blockquote>{link}<p>{escape(description, quote=False)}</p></blockquote>" if description else link


def _embed(payload: dict) -> str:
    metadata = payload.get("metadata") if isinstance(payload.get("metadata"), dict) else {}
    link = _link(payload, "url", _text(metadata, "title"))  # a book can't play it: it links to it
    return _figure(link.removeprefix("<p>").removesuffix("</p>"), _text(payload, "caption")) if link else ""


def _callout(payload: dict) -> str:
    emoji = _text(payload, "calloutEmoji")
    return f'<aside class="callout">{escape(emoji, quote=False)} {_text(payload, "calloutText")}</aside>'


def _toggle(payload: dict) -> str:
    return f"<h4>{_text(payload, 'heading')}</h4><div>{_text(payload, 'content')}</div>"


def _markdown(payload: dict) -> str:
    # Markdown among other content can't reach pandoc on its own (a post that is all Markdown does).
    text = _text(payload, "markdown")
    return "".join(f"<p>{escape(p.strip(), quote=False)}</p>" for p in text.split("\n\n") if p.strip())


RENDERERS: dict[str, Callable[[dict], str]] = {
    "image": _image,
    "gallery": _gallery,
    "code": _code,
    "html": lambda payload: _text(payload, "html"),
    "markdown": _markdown,
    "hr": lambda payload: "<hr>",
    "bookmark": _bookmark,
    "embed": _embed,
    "video": lambda payload: _link(payload, "src", "Video: " + _text(payload, "fileName")),
    "audio": lambda payload: _link(payload, "src", "Audio: " + _text(payload, "title")),
    "file": lambda payload: _link(payload, "src", _text(payload, "fileTitle") or _text(payload, "fileName")),
    "button": lambda payload: _link(payload, "buttonUrl", _text(payload, "buttonText")),
    "callout": _callout,
    "toggle": _toggle,
    "header": lambda payload: f"<h2>{_text(payload, 'header')}</h2><p>{_text(payload, 'subheader')}</p>",
}
