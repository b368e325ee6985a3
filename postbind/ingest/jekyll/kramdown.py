"""Kramdown's attribute lists and extensions, which pandoc does not read, removed from a post.

`{: .class}`, `{:#id}`, `{:toc}` (with the `* TOC` list item it replaces) and `{::options … /}` style
markup would otherwise be printed. Code, fenced or inline, is left as written.
"""

from __future__ import annotations

import re

FENCE_RE = re.compile(r"^(```|~~~).*?^\1[ \t]*$|`[^`\n]+`", re.S | re.M)
TOC_RE = re.compile(r"^[ \t]*(?:[*+-]|1\.)[ \t]+[^\n]*\n[ \t]*{:\s*toc\s*}[ \t]*$", re.M)
COMMENT_RE = re.compile(r"{::comment}.*?{:/comment}|{::nomarkdown}|{:/nomarkdown}", re.S)
EXTENSION_RE = re.compile(r"{::\w+[^}]*?/?}")
ATTRIBUTE_LIST_RE = re.compile(r"[ \t]*{:[^}\n]*}")


def strip_attribute_lists(text: str) -> str:
    out, pos = [], 0
    for code in FENCE_RE.finditer(text):
        out += [_strip(text[pos : code.start()]), code.group(0)]
        pos = code.end()
    out.append(_strip(text[pos:]))
    return "".join(out)


def _strip(text: str) -> str:
    text = TOC_RE.sub("", text)
    text = COMMENT_RE.sub("", text)
    text = EXTENSION_RE.sub("", text)
    return ATTRIBUTE_LIST_RE.sub("", text)
