"""A Blogger post's HTML as its readers saw it: paragraphs from line breaks, videos as links.

Blogger's "convert line breaks" setting stores each newline as <br />: a post's paragraphs are
runs of text between two or more of them, and the same <br />s land between list items and table
rows, where they mean nothing. Flash and iframe players a book can't play become links to them.
"""

from __future__ import annotations

from lxml import html

from postbind.ingest.xmltree import append_inline

# Elements that stand apart from paragraphs (list items and cells too: Blogger posts hold strays of both).
BLOCKS = {
    "address", "article", "aside", "blockquote", "center", "dd", "details", "div", "dl", "dt", "fieldset", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "menu", "nav", "ol",
    "p", "pre", "section", "table", "tbody", "td", "th", "thead", "tr", "ul", "object", "iframe", "embed", "video",
}  # fmt: skip
NO_TEXT = {"ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr"}
PLAYERS = ("object", "embed", "iframe")


def tidy(markup: str) -> str:
    """The post's HTML with paragraphs made of <br /> runs and players turned into links."""
    if not markup.strip():
        return ""
    root = html.fragment_fromstring(markup, create_parent="div")
    _players_as_links(root)
    for br in [br for br in root.iter("br") if br.getparent().tag in NO_TEXT]:
        br.drop_tree()  # keeps its tail, which is only white space there
    for holder in [e for e in root.iter("div", "blockquote") if e is not root and e.find("br") is not None]:
        _paragraphs(holder)
    _paragraphs(root)  # text straight in the post is a paragraph even without a <br />
    return "".join(html.tostring(child, encoding="unicode") for child in root)


def _players_as_links(root: html.HtmlElement) -> None:
    for player in [e for e in root.iter(*PLAYERS) if not any(a.tag in PLAYERS for a in e.iterancestors())]:
        source = _player_source(player)
        if source:
            paragraph = html.Element("p", {"class": "video"})
            paragraph.text = "Video: "
            link = html.Element("a", {"href": source})
            link.text = source
            paragraph.append(link)
            paragraph.tail = player.tail
            player.getparent().replace(player, paragraph)


def _player_source(player: html.HtmlElement) -> str | None:
    candidates = [player.get("src"), player.get("data")]
    candidates += [p.get("value") for p in player.iter("param") if (p.get("name") or "").lower() in ("movie", "src")]
    candidates += [e.get("src") for e in player.iter("embed", "iframe")]
    return next((c.strip() for c in candidates if c and c.strip().startswith(("http://", "https://"))), None)


def _paragraphs(holder: html.HtmlElement) -> None:
    """Inline content directly in `holder` becomes paragraphs where two or more <br /> part it."""
    nodes = [holder.text] + [item for child in holder for item in (child, child.tail)]
    holder.text = None
    for child in list(holder):
        holder.remove(child)
    paragraph, breaks = None, []
    for node in nodes:
        at_boundary = paragraph is None or bool(breaks)
        if node is None or (isinstance(node, str) and not node.strip() and at_boundary):
            continue  # the white space between paragraphs
        if isinstance(node, html.HtmlElement) and node.tag == "br":
            breaks.append(node)
            continue
        if isinstance(node, html.HtmlElement) and node.tag in BLOCKS:
            paragraph, breaks = None, []
            node.tail = None
            holder.append(node)
            continue
        if paragraph is None or len(breaks) >= 2:
            paragraph, breaks = html.Element("p"), []
            holder.append(paragraph)
        for br in breaks:  # a single <br /> is a line break inside the paragraph
            br.tail = None
            paragraph.append(br)
        breaks = []
        append_inline(paragraph, node)
