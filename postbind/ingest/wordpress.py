"""WordPress export files (WXR): every item of the export, with its content as WordPress shows it.

A WXR is RSS whose wp:, excerpt: and content: namespace URIs change between versions and
hosts (http or https, export/1.0 to 1.2), so elements are matched by local name. Content is
what the author typed into the editor: classic posts rely on WordPress's wpautop() for their
paragraphs and on shortcodes ([caption], [gallery]…) that only WordPress expands, so both are
done here and the rest of postbind sees ordinary HTML. Nothing is fetched and nothing is
sanitized here (the converter runs nh3 on every post); items of every type and status are
returned, because the selection layer decides (and says) which ones a book leaves out.

The export is untrusted: it is parsed without DTDs, network or entity expansion (XXE, "billion
laughs"), and entity references an export should never contain are dropped from the tree.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from postbind.errors import Reporter, book_error
from postbind.ingest.options import ReadOptions
from postbind.model import Post, PostMeta

WXR_HEAD_RE = re.compile(rb"<rss\b[^>]*?wordpress\.org/export/", re.S)
WXR_NAMESPACE_RE = re.compile(r"^https?://wordpress\.org/export/\d")
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
EMPTY_PARAGRAPH_RE = re.compile(r"<p>\s*</p>")
TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
LOGIN_JUNK_RE = re.compile(r"[^\w .@-]")
POST_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
PUB_DATE_RE = re.compile(r"(?<![-\w])(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\b")  # "Sat, 05 Sep 2009 16:00:23 +0000"
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

# Shortcodes WordPress core and the big plugins register; any other [word …] is one only when
# it has attributes with "=" or a closing [/word], so that "[sic]" or "[simple boat]" stay text.
KNOWN_SHORTCODES = frozenset(
    "audio video playlist embed gallery caption wp_caption code sourcecode youtube vimeo tweet twitter"
    " instagram soundcloud contact-form contact-form-7 recent-posts".split()
)
OPEN_SHORTCODE_RE = re.compile(r"\[([a-z][a-z0-9_-]*)(\s[^\[\]]*)?\]")
SHORTCODE_ATTR_RE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))|"([^"]*)"|'([^']*)'|(\S+)""")
CAPTION_MEDIA_RE = re.compile(r"^\s*(?:<a\b[^>]*>\s*)?(<img\b[^>]*>)(?:\s*</a>)?(.*)$", re.S | re.I)
FOOTNOTES_BLOCK_RE = re.compile(r"<!-- wp:footnotes\b[^>]*?/-->")
FOOTNOTE_REF_RE = re.compile(r"(<sup\b[^>]*\bdata-fn=[^>]*>\s*<a\b)(?![^>]*\bclass=)")
# WordPress turns a URL alone on its line into an embed (oEmbed); in a book it is a link.
AUTOEMBED_RE = re.compile(r"^([ \t]*)(https?://[^\s<>\"]+)([ \t]*)$", re.M)

IMG_RE = re.compile(r"<img\b[^>]*>", re.I)
IMG_SRC_RE = re.compile(r"""(\ssrc\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>]+)""", re.I)
RESPONSIVE_ATTR_RE = re.compile(r"""\s(?:srcset|sizes)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+)""", re.I)
UPLOADS_RE = re.compile(r"/wp-content/uploads/(.+)$")
DATED_UPLOAD_RE = re.compile(r"(?:^|/)(\d{4}/\d{2}/[^/]+)$")
SIZED_NAME_RE = re.compile(r"-\d+x\d+(?=\.\w+$)")  # "photo-300x200.jpg", a resized copy of "photo.jpg"


@dataclass
class _ItemContext:
    """What content processing needs to know about the item it works on."""

    path: Path
    line: int
    reporter: Reporter
    media: Path | None

    def warn(self, message: str) -> None:
        # The reporter drops a repeated message at the same place: one warning per name per post.
        self.reporter.warn(message, self.path, self.line)


def is_wordpress_export(head: bytes) -> bool:
    """True when the first few KB of a file look like a WXR export (an <rss> with the wordpress.org/export namespace)."""  # noqa: E501
    return WXR_HEAD_RE.search(head.replace(b"\x00", b"")) is not None  # NULs: UTF-16 files still match


def read_collection(path: Path, reporter: Reporter, options: ReadOptions) -> list[Post]:
    """Every item of the export that is a post of some kind, in file order, as Posts."""
    channel = _channel(_parse(path, reporter), path)
    authors = _authors(channel)
    media = options.media.resolve() if options.media else None
    posts = []
    for item in channel.iterfind("item"):
        post = _item_post(item, _ItemContext(path, item.sourceline or 1, reporter, media), authors)
        if post is not None:
            posts.append(post)
    return posts


# --- The XML -------------------------------------------------------------------------------


def _parse(path: Path, reporter: Reporter) -> etree._Element:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise book_error(f"cannot read WordPress export: {exc.strerror}", path) from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise book_error(f"malformed WordPress export: {exc.msg or exc}", path, exc.lineno) from None
    if any(True for _ in root.iter(etree.Entity)):
        # Left in, an unexpanded reference's declared text would still leak out through XPath
        # string(); no WordPress export declares entities, so they can only be noise or an attack.
        etree.strip_tags(root, etree.Entity)
        reporter.warn("entity references declared in the file's DOCTYPE are ignored", path, 1)
    return root


def _channel(root: etree._Element, path: Path) -> etree._Element:
    """The export's <channel>, or an error for XML that is not a WordPress export."""
    namespaces = {**(root.nsmap or {})}
    channel = root.find("channel") if etree.QName(root).localname == "rss" else None
    if channel is not None:
        namespaces.update(channel.nsmap or {})
    if channel is None or not any(WXR_NAMESPACE_RE.match(uri or "") for uri in namespaces.values()):
        raise book_error("not a WordPress export: expected <rss> with the wordpress.org/export namespace", path, 1)
    return channel


def _text(element: etree._Element | None) -> str:
    return "".join(element.itertext()) if element is not None else ""


def _wp(item: etree._Element, name: str) -> str:
    """The text of a wp: element (any export version's namespace), stripped."""
    return _text(item.find(f"{{*}}{name}")).strip()


def _encoded(item: etree._Element, excerpt: bool) -> etree._Element | None:
    """content:encoded or excerpt:encoded: same local name, told apart by namespace."""
    for element in item.iterfind("{*}encoded"):
        if ("excerpt" in (etree.QName(element).namespace or "")) == excerpt:
            return element
    return None


def _authors(channel: etree._Element) -> dict[str, str]:
    """Login -> display name, from the channel's wp:author list."""
    names = {}
    for author in channel.iterfind("{*}author"):
        login, display = _wp(author, "author_login"), _plain(_wp(author, "author_display_name"))
        if login and display:
            names[login] = display
    return names


# --- One item ------------------------------------------------------------------------------


def _item_post(item: etree._Element, context: _ItemContext, authors: dict[str, str]) -> Post | None:
    meta = _meta(item, authors)
    content = _encoded(item, excerpt=False)
    body = _body(_with_footnotes(_text(content), _postmeta(item, "footnotes")), context)
    if meta.post_type == "post" and not _has_content(body):
        context.warn(f"'{meta.title or '(untitled)'}' has no content; skipped")
        return None
    body_line = content.sourceline if content is not None and content.sourceline else context.line
    return Post(
        source=context.path, meta=meta, body=body, body_format="html", body_line=body_line, item_line=context.line
    )


def _meta(item: etree._Element, authors: dict[str, str]) -> PostMeta:
    # Logins are only letters, digits and " _.-@"; the test data has "themereviewteam>" typos.
    login = LOGIN_JUNK_RE.sub("", _text(item.find("{*}creator"))).strip()
    author = authors.get(login, login)
    # A password is a pseudo-status, so a book opts in with include: {status: [protected]}.
    status = "protected" if _wp(item, "post_password") else _wp(item, "status") or "publish"
    return PostMeta(
        title=_plain(_text(item.find("title"))),
        authors=(author,) if author else (),
        date=_date(item),
        source_url=_text(item.find("link")).strip() or None,
        summary=_plain(_text(_encoded(item, excerpt=True))),
        slug=_wp(item, "post_name") or None,
        guid=_text(item.find("guid")).strip() or None,
        status=status,
        post_type=_wp(item, "post_type") or "post",
        tags=_terms(item, "post_tag"),
        categories=_terms(item, "category"),
    )


def _postmeta(item: etree._Element, key: str) -> str:
    for meta in item.iterfind("{*}postmeta"):
        if _wp(meta, "meta_key") == key:
            return _wp(meta, "meta_value")
    return ""


def _plain(markup: str) -> str | None:
    """Titles and excerpts are HTML in WordPress ("Title <em>With</em> Markup"); postbind wants text."""
    return " ".join(html.unescape(TAG_RE.sub("", markup)).split()) or None


def _terms(item: etree._Element, domain: str) -> tuple[str, ...]:
    """Names of the item's terms in one taxonomy, in file order, once each.

    A <category> without a domain (hand-made exports) counts as a category, as in plain RSS;
    other domains (post_format, nav_menu) are neither tags nor categories.
    """
    names: dict[str, None] = {}
    for term in item.iterfind("category"):
        if (term.get("domain") or "category") == domain:
            name = " ".join(_text(term).split())
            if name:
                names[name] = None
    return tuple(names)


def _date(item: etree._Element) -> str | None:
    """wp:post_date as YYYY-MM-DD, else pubDate; None for WordPress's 'never' (0000-00-00, year -0001)."""
    posted = POST_DATE_RE.match(_wp(item, "post_date"))
    if posted:
        return _valid_date(*(int(part) for part in posted.groups()))
    # RFC 822 by hand: email.utils reads WordPress's "30 Nov -0001" as the year 2000.
    published = PUB_DATE_RE.search(_text(item.find("pubDate")))
    if not published or published.group(2).lower() not in MONTHS:
        return None
    day, month, year = published.groups()
    return _valid_date(int(year), MONTHS.index(month.lower()) + 1, int(day))


def _valid_date(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:  # year 0, month 0: a draft that was never dated
        return None


def _has_content(body: str) -> bool:
    """Text or an image survives: what makes a post worth a chapter."""
    return bool(IMG_RE.search(body)) or bool(html.unescape(TAG_RE.sub("", body)).strip())


# --- Content -------------------------------------------------------------------------------


def _body(raw: str, context: _ItemContext) -> str:
    """The item's content as WordPress would show it, images mapped to the media folder."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    is_block_content = "<!-- wp:" in text  # WordPress skips wpautop for block-editor content
    text = COMMENT_RE.sub("", text)  # block delimiters, <!--more-->, <!--nextpage-->
    # "<p><!-- note --></p>" leaves an empty paragraph that would trip wpautop into a stray </p>.
    text = EMPTY_PARAGRAPH_RE.sub("", text)
    text = _expand_shortcodes(text, context)
    text = AUTOEMBED_RE.sub(r'\1<a href="\2">\2</a>\3', text)
    if not is_block_content:
        text = _wpautop(text)
    return _map_images(text, context.media)


def _with_footnotes(text: str, notes_json: str) -> str:
    """The footnotes block (WordPress 6.3+) keeps its notes in post meta and renders them on the server.

    Rendered here in the shape postbind's footnote step reads (pandoc's: a.footnote-ref calls,
    a section of li#id notes), so they become the book's notes.
    """
    if not FOOTNOTES_BLOCK_RE.search(text):
        return text
    try:
        notes = [n for n in json.loads(notes_json or "[]") if isinstance(n, dict) and n.get("id")]
    except ValueError:
        notes = []
    items = "".join(
        f'<li id="{html.escape(str(n["id"]))}">{n.get("content", "")}'
        f' <a href="#{html.escape(str(n["id"]))}-link" class="footnote-back">\u21a9\ufe0e</a></li>'
        for n in notes
    )
    if not items:
        return FOOTNOTES_BLOCK_RE.sub("", text)
    section = f'<section class="footnotes" role="doc-endnotes"><ol>{items}</ol></section>'
    text = FOOTNOTES_BLOCK_RE.sub(lambda _: section, text)
    return FOOTNOTE_REF_RE.sub(r'\1 class="footnote-ref"', text)


def _expand_shortcodes(text: str, context: _ItemContext) -> str:
    """Replace every shortcode with what a book can show of it (never the raw [code])."""
    # [code] goes first: its content is shown as written, so shortcodes inside it stay.
    names = sorted(_shortcode_names(text), key=lambda name: name not in ("code", "sourcecode"))
    for name in names:
        text = _shortcode_re(name).sub(lambda m, name=name: _render_shortcode(name, m, context), text)
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


def _render_shortcode(name: str, match: re.Match[str], context: _ItemContext) -> str:
    attrs, content = _shortcode_attrs(match.group(1)), match.group(2)
    render = SHORTCODE_RENDERERS.get(name)
    if render is not None:
        return render(attrs, content or "", context)
    context.warn(f"shortcode [{name}] dropped")
    return content or ""  # an enclosing shortcode's content is the author's text


def _shortcode_attrs(text: str) -> dict[str, str]:
    """Named attributes by name; positional ones (as in [audio URL]) under 0, 1, …"""
    attrs: dict[str, str] = {}
    for match in SHORTCODE_ATTR_RE.finditer(text.strip().removesuffix("/")):
        name, *values = match.groups()
        value = next((v for v in values if v is not None), "")
        attrs[name.lower() if name else str(len(attrs))] = value
    return attrs


def _caption(attrs: dict[str, str], content: str, context: _ItemContext) -> str:
    """[caption]<img/> Text[/caption] (or caption="Text"): a figure, as WordPress renders it."""
    media = CAPTION_MEDIA_RE.match(content)
    image, text = (media.group(1), media.group(2)) if media else ("", content)
    caption = (attrs.get("caption") or text).strip()
    align = attrs.get("align", "").strip()
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure class="{html.escape(f"wp-caption {align}".strip())}">{image}{figcaption}</figure>'


def _embed(attrs: dict[str, str], content: str, context: _ItemContext) -> str:
    """[embed]URL[/embed] or [embed src=URL]: a book can't play it, so it links to it."""
    url = html.unescape(content or attrs.get("src") or attrs.get("url") or attrs.get("0", "")).strip()
    if not url:
        return ""
    return f'<p><a href="{html.escape(url)}">{html.escape(url, quote=False)}</a></p>'


def _gallery(attrs: dict[str, str], content: str, context: _ItemContext) -> str:
    context.warn("gallery shortcode dropped: a book can't show a gallery")
    return ""


def _code(attrs: dict[str, str], content: str, context: _ItemContext) -> str:
    """[code]…[/code]: the text as written, with brackets escaped so no later shortcode matches in it."""
    escaped = html.escape(content.strip("\n"), quote=False).replace("[", "&#91;").replace("]", "&#93;")
    language = attrs.get("language") or attrs.get("lang") or ""
    css = f' class="language-{html.escape(language)}"' if re.fullmatch(r"[\w+#-]+", language) else ""
    return f"<pre><code{css}>{escaped}</code></pre>"


SHORTCODE_RENDERERS: dict[str, Callable[[dict[str, str], str, _ItemContext], str]] = {
    "caption": _caption,
    "wp_caption": _caption,
    "embed": _embed,
    "gallery": _gallery,
    "code": _code,
    "sourcecode": _code,
}


# --- Images --------------------------------------------------------------------------------


def _map_images(text: str, media: Path | None) -> str:
    return IMG_RE.sub(lambda m: _image_tag(m.group(), media), text)


def _image_tag(tag: str, media: Path | None) -> str:
    # srcset/sizes list the site's resized copies: remote files a book can't use.
    tag = RESPONSIVE_ATTR_RE.sub("", tag)
    if media is None:
        return tag
    return IMG_SRC_RE.sub(lambda m: m.group(1) + _local_src(m.group(2), media), tag, count=1)


def _local_src(quoted: str, media: Path) -> str:
    local = _local_upload(html.unescape(quoted.strip("\"'")), media)
    return f'"{html.escape(local.as_uri())}"' if local else quoted


def _local_upload(url: str, media: Path) -> Path | None:
    """The file in the media folder that an uploads URL points at, if there is one."""
    for candidate in _upload_candidates(unquote(urlsplit(url).path)):
        file = (media / candidate).resolve()
        if file.is_relative_to(media) and file.is_file():  # "../" in a URL must not leave the folder
            return file
    return None


def _upload_candidates(url_path: str) -> list[str]:
    """Where a copy of the upload may be: wp-content/uploads/<rest>, then <YYYY/MM/file>, then <file>."""
    uploads, dated = UPLOADS_RE.search(url_path), DATED_UPLOAD_RE.search(url_path)
    if not uploads and not dated:
        return []
    rest = uploads.group(1) if uploads else dated.group(1)
    names = [f"wp-content/uploads/{rest}", *([dated.group(1)] if dated else []), url_path.rsplit("/", 1)[-1]]
    # A post often shows a resized copy (photo-300x200.jpg) of the upload a backup keeps (photo.jpg).
    return names + [SIZED_NAME_RE.sub("", name) for name in names if SIZED_NAME_RE.search(name)]


# --- wpautop -------------------------------------------------------------------------------
# A port of WordPress's wpautop() (wp-includes/formatting.php), step by step, so that classic
# posts get the paragraphs their authors saw. Comments are gone before it runs.

ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|"
    r"blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|"
    r"figure|figcaption|details|menu|summary)"
)
NEWLINE_IN_TAG = " <!-- wpnl --> "
PRESERVED_NEWLINE = "<WPPreserveNewline />"


def _wpautop(text: str) -> str:
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
    return re.sub(r"\n\n+", "\n\n", text)


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
