"""WordPress shortcodes ([caption], [embed], [code], [gallery]…) replaced by what a book can show of them.

Only WordPress expands shortcodes, so a post would otherwise show them as raw [brackets].
Captions become figures, embeds become links, code is shown as written; any other shortcode
is dropped with a warning, keeping the text it encloses.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

Warn = Callable[[str], None]

# Shortcodes WordPress core and the big plugins register; any other [word …] is one only when
# it has attributes with "=" or a closing [/word], so that "[sic]" or "[simple boat]" stay text.
KNOWN_SHORTCODES = frozenset(
    "audio video playlist embed gallery caption wp_caption code sourcecode youtube vimeo tweet twitter"
    " instagram soundcloud contact-form contact-form-7 recent-posts".split()
)
OPEN_SHORTCODE_RE = re.compile(r"\[([a-z][a-z0-9_-]*)(\s[^\[\]]*)?\]")
SHORTCODE_ATTR_RE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))|"([^"]*)"|'([^']*)'|(\S+)""")
CAPTION_MEDIA_RE = re.compile(r"^\s*(?:<a\b[^>]*>\s*)?(<img\b[^>]*>)(?:\s*</a>)?(.*)$", re.S | re.I)


def expand_shortcodes(text: str, warn: Warn) -> str:
    """Replace every shortcode with what a book can show of it (never the raw [code])."""
    # [code] goes first: its content is shown as written, so shortcodes inside it stay.
    names = sorted(_shortcode_names(text), key=lambda name: name not in ("code", "sourcecode"))
    for name in names:
        text = _shortcode_re(name).sub(lambda m, name=name: _render_shortcode(name, m, warn), text)
        # [[name]] is how an author writes the text "[name]" in WordPress.
        text = re.sub(rf"\[(\[{re.escape(name)}(?![\w-])[^\[\]]*\])\]", r"\1", text)
    return text


def _shortcode_names(text: str) -> set[str]:
    names = set()
    for match in OPEN_SHORTCODE_RE.finditer(text):
        name, attrs = match.group(1), match.group(2) or ""
        if name in KNOWN_SHORTCODES or "=" in attrs or f"[/{name}]" in text:
            names.add(name)
    return names


def _shortcode_re(name: str) -> re.Pattern[str]:
    """[name attrs], [name attrs /] or [name attrs]content[/name] (nearest closing tag)."""
    tag = re.escape(name)
    return re.compile(rf"(?<!\[)\[{tag}(?![\w-])([^\[\]]*?)(?:/\]|\](?:(.*?)\[/{tag}\])?)", re.S)


def _render_shortcode(name: str, match: re.Match[str], warn: Warn) -> str:
    attrs, content = _shortcode_attrs(match.group(1)), match.group(2)
    render = SHORTCODE_RENDERERS.get(name)
    if render is not None:
        return render(attrs, content or "", warn)
    warn(f"shortcode [{name}] dropped")
    return content or ""  # an enclosing shortcode's content is the author's text


def _shortcode_attrs(text: str) -> dict[str, str]:
    """Named attributes by name; positional ones (as in [audio URL]) under 0, 1, …"""
    attrs: dict[str, str] = {}
    for match in SHORTCODE_ATTR_RE.finditer(text.strip().removesuffix("/")):
        name, *values = match.groups()
        value = next((v for v in values if v is not None), "")
        attrs[name.lower() if name else str(len(attrs))] = value
    return attrs


def _caption(attrs: dict[str, str], content: str, warn: Warn) -> str:
    """[caption]<img/> Text[/caption] (or caption="Text"): a figure, as WordPress renders it."""
    media = CAPTION_MEDIA_RE.match(content)
    image, text = (media.group(1), media.group(2)) if media else ("", content)
    caption = (attrs.get("caption") or text).strip()
    align = attrs.get("align", "").strip()
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure class="{html.escape(f"wp-caption {align}".strip())}">{image}{figcaption}</figure>'


def _embed(attrs: dict[str, str], content: str, warn: Warn) -> str:
    """[embed]URL[/embed] or [embed src=URL]: a book can't play it, so it links to it."""
    url = html.unescape(content or attrs.get("src") or attrs.get("url") or attrs.get("0", "")).strip()
    if not url:
        return ""
    return f'<p><a href="{html.escape(url)}">{html.escape(url, quote=False)}</a></p>'


MEDIA_SOURCES = ("src", "mp4", "m4v", "webm", "ogv", "mp3", "m4a", "ogg", "wav", "0")


def _player(tag: str) -> Callable[[dict[str, str], str, Warn], str]:
    """[audio]/[video]: the player WordPress renders, which transform/embeds.py makes a linked figure."""

    def render(attrs: dict[str, str], content: str, warn: Warn) -> str:
        src = next((attrs[name].strip() for name in MEDIA_SOURCES if attrs.get(name, "").strip()), "")
        if not src:
            warn(f"[{tag}] shortcode without a source dropped")
            return ""
        poster = attrs.get("poster", "").strip()
        extra = f' poster="{html.escape(poster)}"' if poster else ""
        return f'<{tag} src="{html.escape(src)}"{extra}></{tag}>'

    return render


def _video_site(attrs: dict[str, str], content: str, warn: Warn) -> str:
    """Jetpack's [youtube URL] and [vimeo ID-or-URL]: the frame WordPress renders."""
    url = html.unescape(content or attrs.get("0") or attrs.get("id") or attrs.get("url") or "").strip()
    if url.isdigit():
        url = f"https://vimeo.com/{url}"
    return f'<iframe src="{html.escape(url)}"></iframe>' if url else ""


def _gallery(attrs: dict[str, str], content: str, warn: Warn) -> str:
    warn("gallery shortcode dropped: a book can't show a gallery")
    return ""


def _code(attrs: dict[str, str], content: str, warn: Warn) -> str:
    """[code]…[/code]: the text as written, with brackets escaped so no later shortcode matches in it."""
    escaped = html.escape(content.strip("\n"), quote=False).replace("[", "&#91;").replace("]", "&#93;")
    language = attrs.get("language") or attrs.get("lang") or ""
    css = f' class="language-{html.escape(language)}"' if re.fullmatch(r"[\w+#-]+", language) else ""
    return f"<pre><code{css}>{escaped}</code></pre>"


# Every renderer takes the same arguments, so that _render_shortcode can call any of them.
SHORTCODE_RENDERERS: dict[str, Callable[[dict[str, str], str, Warn], str]] = {
    "caption": _caption,
    "wp_caption": _caption,
    "embed": _embed,
    "tweet": _embed,
    "audio": _player("audio"),
    "video": _player("video"),
    "youtube": _video_site,
    "vimeo": _video_site,
    "gallery": _gallery,
    "code": _code,
    "sourcecode": _code,
}
