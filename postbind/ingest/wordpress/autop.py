"""A port of WordPress's wpautop() (wp-includes/formatting.php), step by step.

Classic posts are typed without <p>: WordPress makes paragraphs from blank lines and line
breaks from single newlines when it shows them, so postbind does the same to give them the
paragraphs their authors saw. HTML comments are gone before it runs.
"""

from __future__ import annotations

import re

ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|"
    r"blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|"
    r"figure|figcaption|details|menu|summary)"
)
# Newlines inside a tag and inside script/style/svg/math are hidden behind these while
# paragraphs are made, so that neither a blank line nor a <br /> lands in the middle of them.
NEWLINE_IN_TAG = " <!-- wpnl --> "
PRESERVED_NEWLINE = "<WPPreserveNewline />"


def wpautop(text: str) -> str:
    """Paragraphs from blank lines and <br /> from single newlines, block-level HTML left alone."""
    if not text.strip():
        return ""
    text, pre_blocks = _hide_pre(text + "\n")
    text = _separate_blocks(text)
    text = _wrap_paragraphs(text)
    text = _unwrap_blocks(text)
    text = _insert_line_breaks(text)
    for name, block in pre_blocks.items():
        text = text.replace(name, block)
    return text.replace(NEWLINE_IN_TAG, "\n").replace(NEWLINE_IN_TAG.strip(), "\n")


def _hide_pre(text: str) -> tuple[str, dict[str, str]]:
    """<pre> is shown as written: swap each for a placeholder block until the end."""
    if "<pre" not in text:
        return text, {}
    *parts, last = text.split("</pre>")
    kept, blocks = [], {}
    for part in parts:
        start = part.find("<pre")
        if start == -1:  # malformed HTML: a stray </pre>
            kept.append(part)
            continue
        name = f"<pre wp-pre-tag-{len(blocks)}></pre>"
        blocks[name] = part[start:] + "</pre>"
        kept.append(part[:start] + name)
    return "".join(kept) + last, blocks


def _separate_blocks(text: str) -> str:
    """Blank lines around block tags, so that splitting on blank lines never cuts through one."""
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<{ALLBLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{ALLBLOCKS}>)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = re.sub(r"<[^<>]*>", lambda m: m.group().replace("\n", NEWLINE_IN_TAG), text)
    text = _collapse_inner_space(text)
    return re.sub(r"\n\n+", "\n\n", text)


def _collapse_inner_space(text: str) -> str:
    """No breaks between an element and the parts it is made of (options, params, sources, figcaptions)."""
    if "<option" in text:
        text = re.sub(r"\s*<option", "<option", text)
        text = re.sub(r"</option>\s*", "</option>", text)
    if "</object>" in text:
        text = re.sub(r"(<object[^>]*>)\s*", r"\1", text)
        text = re.sub(r"\s*</object>", "</object>", text)
        text = re.sub(r"\s*(</?(?:param|embed)[^>]*>)\s*", r"\1", text)
    if "<source" in text or "<track" in text:
        text = re.sub(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", r"\1", text)
        text = re.sub(r"\s*([<\[]/(?:audio|video)[>\]])", r"\1", text)
        text = re.sub(r"\s*(<(?:source|track)[^>]*>)\s*", r"\1", text)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)
    return text


def _wrap_paragraphs(text: str) -> str:
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p]
    return "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)


def _unwrap_blocks(text: str) -> str:
    """Take back the <p> the wrapping put around block tags, as WordPress does."""
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{ALLBLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{ALLBLOCKS}[^>]*>)", r"\1", text)
    return re.sub(rf"(</?{ALLBLOCKS}[^>]*>)\s*</p>", r"\1", text)


def _insert_line_breaks(text: str) -> str:
    """A single newline inside a paragraph is a <br />, except in script, style, svg and math."""
    text = re.sub(
        r"<(script|style|svg|math).*?</\1>", lambda m: m.group().replace("\n", PRESERVED_NEWLINE), text, flags=re.S
    )
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = text.replace(PRESERVED_NEWLINE, "\n")
    text = re.sub(rf"(</?{ALLBLOCKS}[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    return re.sub(r"\n</p>$", "</p>", text)
