"""Static-site template tags in Markdown posts (Jekyll/Liquid, Eleventy/Nunjucks).

Posts copied out of a site's repository still hold the site's template tags.
Known ones become what they mean — an image tag becomes a Markdown image, a
URL filter becomes the URL, `{% post_url %}` and `{% link %}` a link to that
post — and unknown ones are dropped with a warning; none is ever printed raw.
Image paths in tags are site-relative, so they are made site-absolute
(`/assets/…`) for the site's folder (or the book's `site_root`) to resolve.
Block tags (highlight, capture, loops) are liquid_blocks.py's.
"""

from __future__ import annotations

import html
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

from postbind.ingest.markdown.liquid_blocks import code_blocks, drop_captures, unroll_loops

RAW_RE = re.compile(r"{%-?\s*raw\s*-?%}(.*?){%-?\s*endraw\s*-?%}", re.S)
TAG_RE = re.compile(r"{%-?\s*(\w+)(.*?)-?%}", re.S)
OUTPUT_RE = re.compile(r"{{-?\s*(.*?)\s*-?}}", re.S)
URL_FILTERS = {"url", "relative_url", "absolute_url", "prepend_baseurl", "uri_escape", "escape"}
PERSON_FILTERS = {"team_link", "author_link", "person_link"}
SITE_VARIABLES = {"site.baseurl", "baseurl"}  # site-absolute paths: "{{ site.baseurl }}/assets/x.png" is /assets/x.png
NAMED_ARGUMENT_RE = re.compile(r'(\w+)\s*:\s*"((?:[^"\\]|\\.)*)"')
IMAGE_TAGS = {"image": -1, "image_with_class": -1}  # the last quoted argument is the alt text
LINK_TAGS = {"post_url", "link"}

Warn = Callable[[str, str], None]  # (message, text to find the line by)


@dataclass(frozen=True)
class Site:
    """What a post's tags may refer to when its site is known: `site.*` (_config.yml), `page.*` (its
    front matter), and where `{% post_url %}`/`{% link %}` point: link(tag, argument) → href or None."""

    variables: dict = field(default_factory=dict)
    page: dict = field(default_factory=dict)
    link: Callable[[str, str], str | None] = lambda tag, argument: None


def render_tags(text: str, warn: Warn, site: Site | None = None) -> str:
    """Replace template tags in `text`; `{% raw %}` content is kept as written."""
    site = site or Site()
    kept: list[str] = []

    def keep(piece: str) -> str:
        kept.append(piece)
        return f"\x00{len(kept) - 1}\x00"

    text = RAW_RE.sub(lambda m: keep(m.group(1)), text)
    text = code_blocks(text, keep)
    text = drop_captures(text, warn)
    text = unroll_loops(text, site.page, warn, lambda expr, scope: _evaluate(expr, scope, site, None))
    text = TAG_RE.sub(lambda m: _tag(m, warn, site), text)
    text = OUTPUT_RE.sub(lambda m: _output(m, warn, site), text)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)


def _tag(match: re.Match, warn: Warn, site: Site) -> str:
    name, arguments = match.group(1), _arguments(match.group(2))
    if name in IMAGE_TAGS and arguments:
        path = arguments[0]
        alt = arguments[-1] if len(arguments) > 1 else ""
        return f"![{alt}]({_site_absolute(path)})"
    if name in LINK_TAGS and arguments:
        href = site.link(name, arguments[0])
        if href is not None:
            return href
        warn(f"{{% {name} {arguments[0]} %}} names no file of the site", match.group(0))
        return _site_absolute(arguments[0])
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


def _output(match: re.Match, warn: Warn, site: Site) -> str:
    value = _evaluate(match.group(1), {}, site, warn)
    if value is None:
        warn(f"template output {{{{ {match.group(1).strip()} }}}} dropped", match.group(0))
        return ""
    return value


def _evaluate(expression: str, scope: dict, site: Site, warn: Warn | None) -> str | None:
    """An output's value: a literal or a known variable, through the filters a book can apply; None if unknown."""
    parts = [p.strip() for p in expression.split("|")]
    value = _value(parts[0], scope, site)
    if value is None:
        return None
    for piece in parts[1:]:
        name, _, argument = piece.partition(":")
        name, argument = name.strip(), _literal(argument.strip()) or ""
        if name in PERSON_FILTERS:
            value = " ".join(word.capitalize() for word in value.split("-"))
        elif name == "slugify":
            value = re.sub(r"[^\w]+", "-", value.casefold()).strip("-")
        elif name in ("prepend", "append"):
            value = argument + value if name == "prepend" else value + argument
        elif name not in URL_FILTERS and warn is not None:
            warn(f"template filter '{name}' ignored", expression)
    return value


def _value(term: str, scope: dict, site: Site) -> str | None:
    if term in SITE_VARIABLES:
        return ""
    if term == "site.url":  # the site's address when _config.yml gives it; else the path stays site-absolute
        return str(site.variables.get("url") or "")
    literal = _literal(term)
    if literal is not None:
        return literal
    if term in scope:
        return scope[term]
    owner, _, key = term.partition(".")
    found = {"site": site.variables, "page": site.page}.get(owner, {}).get(key)
    return str(found) if isinstance(found, (str, int, float)) and not isinstance(found, bool) else None


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
