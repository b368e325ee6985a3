"""Static-site template tags in Markdown posts (Jekyll/Liquid, Eleventy/Nunjucks).

Posts copied out of a site's repository still hold the site's template tags.
Known ones become what they mean — an image tag becomes a Markdown image, a
URL filter becomes the URL — and unknown ones are dropped with a warning; none
is ever printed raw. Image paths in tags are site-relative, so they are made
site-absolute (`/assets/…`) for the book's `site_root` to resolve.
"""

from __future__ import annotations

import html
import re
import shlex
from collections.abc import Callable

RAW_RE = re.compile(r"{%-?\s*raw\s*-?%}(.*?){%-?\s*endraw\s*-?%}", re.S)
TAG_RE = re.compile(r"{%-?\s*(\w+)(.*?)-?%}", re.S)
OUTPUT_RE = re.compile(r"{{-?\s*(.*?)\s*-?}}", re.S)
URL_FILTERS = {"url", "relative_url", "absolute_url", "prepend_baseurl"}
PERSON_FILTERS = {"team_link", "author_link", "person_link"}
SITE_VARIABLES = {"site.baseurl", "site.url", "baseurl"}
NAMED_ARGUMENT_RE = re.compile(r'(\w+)\s*:\s*"((?:[^"\\]|\\.)*)"')
IMAGE_TAGS = {"image": -1, "image_with_class": -1}  # the last quoted argument is the alt text

Warn = Callable[[str, str], None]  # (message, text to find the line by)


def render_tags(text: str, warn: Warn) -> str:
    """Replace template tags in `text`; `{% raw %}` content is kept as written."""
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(1))
        return f"\x00{len(kept) - 1}\x00"

    text = RAW_RE.sub(keep, text)
    text = TAG_RE.sub(lambda m: _tag(m, warn), text)
    text = OUTPUT_RE.sub(lambda m: _output(m, warn), text)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)


def _tag(match: re.Match, warn: Warn) -> str:
    name, arguments = match.group(1), _arguments(match.group(2))
    if name in IMAGE_TAGS and arguments:
        path = arguments[0]
        alt = arguments[-1] if len(arguments) > 1 else ""
        return f"![{alt}]({_site_absolute(path)})"
    named = dict(NAMED_ARGUMENT_RE.findall(match.group(2)))
    if name == "include" and named.get("image"):  # a figure partial: {% include "figure.html", image: …, alt: … %}
        return _figure(named)
    warn(f"template tag {{% {name} %}} dropped", match.group(0))
    return ""


def _figure(named: dict[str, str]) -> str:
    src, alt = html.escape(_site_absolute(named["image"])), html.escape(named.get("alt", ""))
    caption = named.get("caption")
    figcaption = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return f'\n\n<figure><img src="{src}" alt="{alt}" />{figcaption}</figure>\n\n'


def _output(match: re.Match, warn: Warn) -> str:
    parts = [p.strip() for p in match.group(1).split("|")]
    value, filters = parts[0], parts[1:]
    if value in SITE_VARIABLES:
        return ""  # "{{ site.baseurl }}/assets/x.png" is the site-absolute path /assets/x.png
    literal = _literal(value)
    if literal is None:
        warn(f"template output {{{{ {match.group(1).strip()} }}}} dropped", match.group(0))
        return ""
    for name in (f.split(":")[0].strip() for f in filters):
        if name in PERSON_FILTERS:
            literal = " ".join(word.capitalize() for word in literal.split("-"))
        elif name not in URL_FILTERS:
            warn(f"template filter '{name}' ignored", match.group(0))
    return literal


def _arguments(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:  # an unbalanced quote in an alt text: take the quoted runs as they are
        return re.findall(r'"([^"]*)"', text)


def _literal(value: str) -> str | None:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return None


def _site_absolute(path: str) -> str:
    if re.match(r"^[a-z][a-z0-9+.-]*:", path) or path.startswith("/"):
        return path
    return "/" + path
