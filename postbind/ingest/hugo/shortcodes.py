"""Hugo shortcodes (`{{< name … >}}` and `{{% name … %}}`) turned into what they mean, in Markdown.

`figure` becomes a figure with its caption, `highlight` a fenced code block, `ref`/`relref` a link
to the post they name (a link between chapters once both are in the book). Embeds of videos,
tweets and gists become the markup those services embed with (a frame, a tweet's blockquote, a
gist's script), which transform/embeds.py makes a linked figure in every edition, as it does for
any post. Any other shortcode is a site's own template, which a book does not
have: a paired one keeps its inner content, a single one is dropped, each with a warning.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

# `{{</* name */>}}` is Hugo's way of writing a shortcode literally (in documentation about shortcodes).
ESCAPED_RE = re.compile(r"{{([<%])/\*(.*?)\*/([>%])}}", re.S)
TAG_RE = re.compile(r"{{([<%])\s*(/)?\s*([\w./-]+)(.*?)\s*(/)?\s*[>%]}}", re.S)
ARGUMENT_RE = re.compile(r'(?:(\w+)\s*=\s*)?("(?:[^"\\]|\\.)*"|`[^`]*`|[^\s"`]+)')
GO_ACTION_RE = re.compile(r"{{-?.*?-?}}", re.S)  # the template code of an inline shortcode
EMBED_NAMES = {
    "youtube": "YouTube video",
    "vimeo": "Vimeo video",
    "vimeo_simple": "Vimeo video",
    "twitter": "Tweet",
    "twitter_simple": "Tweet",
    "tweet": "Tweet",
    "gist": "Gist",
    "instagram": "Instagram post",
}

Warn = Callable[[str, str], None]  # (message, text to find the line by)


@dataclass(frozen=True)
class Shortcode:
    name: str
    positional: tuple[str, ...]
    named: dict[str, str]
    source: str

    def get(self, key: str, position: int | None = None) -> str | None:
        if key in self.named:
            return self.named[key]
        if position is not None and position < len(self.positional):
            return self.positional[position]
        return None


@dataclass(frozen=True)
class Context:
    warn: Warn
    ref: Callable[[str], str]  # a ref/relref target → the href of that post
    params: dict  # the page's front matter, for {{< param >}}


def render_shortcodes(text: str, context: Context) -> str:
    """`text` with every shortcode replaced; escaped ones (`{{</* x */>}}`) are kept as written, unescaped."""
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append("{{" + match.group(1) + match.group(2) + match.group(3) + "}}")
        return f"\x00h{len(kept) - 1}\x00"

    text = _render(ESCAPED_RE.sub(keep, text), context)
    return re.sub(r"\x00h(\d+)\x00", lambda m: kept[int(m.group(1))], text)


def _render(text: str, context: Context) -> str:
    tags = list(TAG_RE.finditer(text))
    out, pos, i = [], 0, 0
    while i < len(tags):
        tag = tags[i]
        out.append(text[pos : tag.start()])
        closing = _closing(tags, i) if not (tag.group(2) or tag.group(5)) else None
        if tag.group(2):  # a closing tag without its opening
            context.warn(f"shortcode closing tag {{{{< /{tag.group(3)} >}}}} without an opening one dropped", tag[0])
        elif closing is None:
            out.append(_single(_shortcode(tag), context))
        else:
            inner = text[tag.end() : tags[closing].start()]
            out.append(_paired(_shortcode(tag), inner, context))
            i = closing
        pos = tags[i].end()
        i += 1
    out.append(text[pos:])
    return "".join(out)


def _closing(tags: list[re.Match], start: int) -> int | None:
    """The index of the tag that closes tags[start], nested tags of the same name counted."""
    name, depth = tags[start].group(3), 0
    for index in range(start + 1, len(tags)):
        tag = tags[index]
        if tag.group(3) != name or tag.group(5):
            continue
        if not tag.group(2):
            depth += 1
        elif depth == 0:
            return index
        else:
            depth -= 1
    return None


def _shortcode(tag: re.Match) -> Shortcode:
    positional, named = [], {}
    for key, value in ARGUMENT_RE.findall(tag.group(4)):
        value = _unquote(value)
        if key:
            named[key] = value
        else:
            positional.append(value)
    return Shortcode(tag.group(3), tuple(positional), named, tag.group(0))


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] == "`":
        return value[1:-1]
    return value


def _paired(code: Shortcode, inner: str, context: Context) -> str:
    if code.name == "highlight":
        language = code.get("lang", 0) or ""
        fence = "````" if "```" in inner else "```"
        return f"\n\n{fence}{language}\n{inner.strip(chr(10))}\n{fence}\n\n"
    if code.name.endswith(".inline"):  # an inline shortcode is a template: its Go code means nothing in a book
        context.warn(f"inline shortcode {code.name}: its template code is dropped, its text kept", code.source)
        return _render(GO_ACTION_RE.sub("", inner), context)
    if code.name == "figure" or code.name in EMBED_NAMES or code.name in ("ref", "relref"):
        return _single(code, context) + _render(inner, context)
    context.warn(f"shortcode {code.name} is the site's own: its content is kept, its template is not", code.source)
    return _render(inner, context)


def _single(code: Shortcode, context: Context) -> str:
    if code.name == "figure":
        return _figure(code)
    if code.name in EMBED_NAMES:
        return _embed(code, context)
    if code.name in ("ref", "relref"):
        target = code.get("path", 0)
        return context.ref(target) if target else ""
    if code.name == "param" and isinstance(context.params.get(code.get("name", 0) or ""), (str, int, float)):
        return str(context.params[code.get("name", 0)])
    context.warn(f"shortcode {code.name} is the site's own template and is dropped", code.source)
    return ""


def _figure(code: Shortcode) -> str:
    src, alt = html.escape(code.get("src") or ""), html.escape(code.get("alt") or "")
    caption = " ".join(html.escape(part) for part in (code.get("title"), code.get("caption")) if part)
    image = f'<img src="{src}" alt="{alt}" />'
    if code.get("link"):
        image = f'<a href="{html.escape(code.get("link"))}">{image}</a>'
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"\n\n<figure>{image}{figcaption}</figure>\n\n"


def _embed(code: Shortcode, context: Context) -> str:
    url = embed_url(code)
    if url is None:
        context.warn(f"shortcode {code.name} names nothing to link to; dropped", code.source)
        return ""
    return f"\n\n{_embed_markup(code.name, url)}\n\n"


def _embed_markup(name: str, url: str) -> str:
    """What the service's own embed code would put in the page (raw HTML passes through pandoc)."""
    address, label = html.escape(url), html.escape(EMBED_NAMES[name])
    if name.startswith(("youtube", "vimeo")):
        return f'<iframe src="{address}" title="{label}"></iframe>'
    if name == "gist":
        return f'<script src="{html.escape(url.split("#")[0])}.js"></script>'
    if name in ("twitter", "twitter_simple", "tweet"):
        return f'<blockquote class="twitter-tweet"><a href="{address}">{address}</a></blockquote>'
    return f'<p><a href="{address}">{label}: {address}</a></p>'  # instagram: a link


def embed_url(code: Shortcode) -> str | None:
    """The address an embed shortcode shows: its video, tweet or gist."""
    name, ident = code.name, code.get("id", 0)
    if not ident:
        return None
    if name == "youtube":
        return f"https://www.youtube.com/watch?v={ident}"
    if name.startswith("vimeo"):
        return f"https://vimeo.com/{ident}"
    if name == "instagram":
        return f"https://www.instagram.com/p/{ident}/"
    user = code.get("user")
    if name == "gist":  # {{< gist user id [file] >}}
        user, gist = code.get("user", 0), code.get("id", 1)
        file = code.get("file", 2)
        return f"https://gist.github.com/{user}/{gist}" + (f"#file-{file.replace('.', '-')}" if file else "")
    if user:  # twitter, twitter_simple, tweet: user="…" id="…"
        return f"https://twitter.com/{user}/status/{ident}"
    return f"https://twitter.com/i/status/{ident}"  # the old form: the tweet's id alone
