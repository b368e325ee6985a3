"""What books of static sites' posts must show: no source syntax outside code, and the posts' own words.

`leftover_syntax` finds template tags, shortcodes, kramdown attribute lists, front matter and rst
directives in a chapter's text (code aside). `fidelity` is the share of a source post's words (markup
and code aside) that the chapter holds in order, matched with difflib.
"""

from __future__ import annotations

import re

from lxml import etree

from tests.helpers import NS

SOURCE_SYNTAX = {
    "liquid": re.compile(r"{%.*?%}|{{.*?}}", re.S),
    "shortcode": re.compile(r"{{[<%].*?[>%]}}", re.S),
    "kramdown": re.compile(r"{:[^}\n]*}|{::\w+"),
    "front matter": re.compile(r"^(---|\+\+\+)$|^\w+: .*\n\w+: ", re.M),
    "rst directive": re.compile(r"^\.\. [\w:-]+::|:\w+:`[^`]*`|^:(?:author|tags|category|date):", re.M),
    "myst directive": re.compile(r"```{\w+}|{\w+}`"),
}
CODE_TAGS = ("pre", "code")
WORD_RE = re.compile(r"\w+")


def chapter_text(xhtml: str, without_code: bool = True) -> str:
    """A chapter's words as a reader sees them: its body only, code left out."""
    root = etree.fromstring(xhtml.encode())
    body = root.find(".//x:body", NS)
    if without_code:
        for element in list(body.iter(*(f"{{{NS['x']}}}{tag}" for tag in CODE_TAGS))):
            tail, parent = element.tail, element.getparent()
            if parent is None:
                continue
            element.clear()  # its words go, the text after it stays
            element.tail = tail
    return "\n".join(t for t in body.itertext())


def leftover_syntax(text: str, kinds: tuple[str, ...] = tuple(SOURCE_SYNTAX)) -> list[str]:
    """Source syntax of the given kinds found in `text`, for the failure message."""
    patterns = {name: SOURCE_SYNTAX[name] for name in kinds}
    return [f"{name}: {m.group(0)[:60]!r}" for name, pattern in patterns.items() for m in pattern.finditer(text)]


def source_words(text: str, kind: str) -> list[str]:
    """A source post's words, markup and code aside ("markdown" or "rst")."""
    text = _without_code(text, kind)
    text = re.sub(r"\]\((?:[^()\n]|\([^()\n]*\))*\)", "] ", text)  # link and image targets, tags in them too
    text = re.sub(r"{{<\s*/?\s*[\w.-]+.*?>}}|{{%.*?%}}|{%.*?%}|{{.*?}}", " ", text, flags=re.S)  # tags
    text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S | re.I)  # code in HTML
    text = re.sub(r"<!--.*?-->|<[^>\n]+>", " ", text, flags=re.S)  # HTML tags and comments
    text = re.sub(r"^\s*\[[^\]]+\]:\s*\S+.*$", " ", text, flags=re.M)  # reference definitions
    text = re.sub(r"{:[^}\n]*}|{::\w+[^}]*}", " ", text)  # kramdown attribute lists
    if kind == "rst":
        text = re.sub(r"^\.\. [\w|:-]+.*(?:\n[ \t]+:[\w-]+:.*)*$", " ", text, flags=re.M)  # directives, options
        text = re.sub(r"^:[\w -]+:.*$", " ", text, flags=re.M)  # field lists
        text = re.sub(r"<[^>\s]+>`_+|`_+|\|\w+\|", " ", text)  # link targets, substitutions
        text = re.sub(r":[\w:-]+:`", "`", text)  # role names
    return [w.casefold() for w in WORD_RE.findall(text.replace("_", " "))]


def _without_code(text: str, kind: str) -> str:
    text = re.sub(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1[ \t]*$", " ", text, flags=re.S | re.M)  # fenced code
    text = re.sub(r"{{<\s*highlight.*?{{<\s*/highlight\s*>}}|{%\s*highlight.*?{%\s*endhighlight\s*%}", " ", text,
                  flags=re.S)  # fmt: skip
    text = re.sub(r"<(pre|code)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"`+[^`\n]+`+", " ", text)  # inline code
    text = re.sub(r"^\s*\d+[.)]\s", " ", text, flags=re.M)  # list numbers: a list shows them, they are no words
    if kind == "markdown":  # indented code blocks
        text = re.sub(r"(?<=\n\n)(?:(?: {4}|\t).*\n)+", " ", text)
    if kind == "rst":  # literal blocks after "::" and code directives: the indented block that follows
        text = re.sub(r"(::|code-block::.*|code::.*)\n(?:[ \t]+:.*\n)*\n((?:[ \t]+.*\n|[ \t]*\n)+)", r"\1\n\n", text)
    return text


def output_words(text: str) -> list[str]:
    return [w.casefold() for w in WORD_RE.findall(text.replace("_", " "))]
