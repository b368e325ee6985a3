"""MyST Markdown, as ABlog posts write it, made into the Markdown pandoc reads.

An ABlog post says it is one with a ```` ```{post} DATE ```` block (options as `:key: value` lines
or a YAML block) or with `blogpost: true` in its front matter. Directive blocks become what they
mean: `{figure}` a figure with its caption, `{code-block}` fenced code, admonitions a block with
their text; roles (`{ref}`, `{doc}` …) their text. Other directives keep their content, with a warning.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from postbind.yamlio import YAMLError, load_yaml

POST_BLOCK_RE = re.compile(r"^(`{3,}|:{3,})\{post\}[ \t]*([^\n]*)\n(.*?)^\1[ \t]*\n?", re.S | re.M)
DIRECTIVE_RE = re.compile(r"^(`{3,}|:{3,})\{([\w:-]+)\}[ \t]*([^\n]*)\n(.*?)^\1[ \t]*$", re.S | re.M)
TITLE_RE = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)
OPTION_RE = re.compile(r"^[ \t]*:([\w-]+):[ \t]*(.*)$", re.M)
ROLE_RE = re.compile(r"\{([\w:-]+)\}`([^`]+)`")
CODE_DIRECTIVES = {"code", "code-block", "code-cell", "sourcecode"}
ADMONITIONS = {"note", "warning", "tip", "important", "caution", "attention", "hint", "danger", "error", "seealso"}

Warn = Callable[[str, str], None]


def post_block(text: str) -> tuple[dict, str] | None:
    """The options of the post block and the text without it; None when the file has none."""
    found = POST_BLOCK_RE.search(text)
    if not found:
        return None
    fields = _options(found.group(3))
    if found.group(2).strip():
        fields.setdefault("date", found.group(2).strip())
    return fields, text[: found.start()] + text[found.end() :]


def _options(block: str) -> dict:
    yaml_block = re.match(r"\s*---\n(.*?)\n---", block, re.S)
    if yaml_block:
        try:
            data = load_yaml(yaml_block.group(1))
        except YAMLError:
            data = None
        return dict(data) if isinstance(data, dict) else {}
    return {key: value.strip() for key, value in OPTION_RE.findall(block)}


def first_heading(text: str) -> str | None:
    """The post's title as MyST posts give it: their first level-one heading."""
    found = TITLE_RE.search(re.sub(r"^(`{3,}).*?^\1", "", text, flags=re.S | re.M))
    return found.group(1).strip() if found else None


def plain_myst(text: str, warn: Warn) -> str:
    text = DIRECTIVE_RE.sub(lambda m: _directive(m, warn), text)
    return ROLE_RE.sub(_role, text)


def _directive(match: re.Match, warn: Warn) -> str:
    name, argument, block = match.group(2), match.group(3).strip(), match.group(4)
    options = dict(OPTION_RE.findall(block))
    content = OPTION_RE.sub("", block).strip("\n")
    if name in CODE_DIRECTIVES:
        return f"```{argument}\n{content}\n```"
    if name in ("figure", "image"):
        caption = f"<figcaption>\n\n{content.strip()}\n\n</figcaption>" if content.strip() else ""
        alt = html.escape(options.get("alt", "").strip())
        return f'<figure>\n<img src="{html.escape(argument)}" alt="{alt}" />\n{caption}\n</figure>'
    if name in ADMONITIONS or name == "admonition":
        title = argument if name == "admonition" else name.capitalize()
        return f"<aside>\n\n**{title}**\n\n{content}\n\n</aside>"
    warn(f"MyST directive '{name}' is the site's own: its content is kept", match.group(0))
    return content


def _role(match: re.Match) -> str:
    role, content = match.group(1), match.group(2)
    shown = re.match(r"^(.*?)\s*<[^>]*>$", content, re.S)
    text = shown.group(1) if shown and shown.group(1) else content
    if role in ("code", "literal", "meth", "func", "class", "mod", "attr", "obj"):
        return f"`{text.lstrip('~')}`"
    return text
