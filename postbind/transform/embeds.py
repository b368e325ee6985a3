"""Embedded media as a book can hold it: players, tweets, gists and galleries become figures.

A blog post embeds what a page plays or loads: YouTube and Vimeo frames,
`<audio>` and `<video>`, tweets (`blockquote.twitter-tweet` plus a script),
gists (a script), WordPress embed blocks and galleries. The sanitizer drops
frames, players and scripts, so this pass runs before it and leaves what a
reader can use: a figure with the title as a link to the address (print spells
the address out as a footnote, as for every link), the poster picture when the
post supplies one, a tweet's words with its author, link and date, a gallery's
pictures as figures of their own.
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lxml import etree, html

from postbind.transform.tree import parse_fragment, serialize_children

if TYPE_CHECKING:
    from postbind.transform import ChapterContext

HINT = re.compile(r"<(?:iframe|video|audio|script)\b|twitter-tweet|wp-block-(?:embed|gallery)|\bgallery\b", re.I)
YOUTUBE = re.compile(r"(?:youtube(?:-nocookie)?\.com/(?:embed/|watch\?v=|shorts/)|youtu\.be/)([\w-]{6,})")
VIMEO = re.compile(r"vimeo\.com/(?:video/)?(\d+)")
GIST = re.compile(r"^(?:https?:)?//gist\.github\.com/([\w.-]+/\w+)\.js")
LABELS = {"video": "Video", "audio": "Audio", "frame": "Embedded page", "gist": "Code", "tweet": "Post"}
# Scripts that only turn markup into a widget: with the widget made a figure, they are no loss.
WIDGET_SCRIPTS = re.compile(r"//(?:platform\.twitter\.com|www\.instagram\.com|embed\.redditmedia\.com)/", re.I)


def as_figures(markup: str, context: ChapterContext) -> str:
    """The body with every embed it holds made a figure (a body without one is returned as it is)."""
    if not HINT.search(markup):
        return markup
    root = parse_fragment(markup)
    make_figures(root, context.loader.allow_remote)
    return serialize_children(root)


def make_figures(root: html.HtmlElement, allow_remote: bool) -> None:
    """Every embed under `root` made a figure, in place (remote stills only with `allow_remote`)."""
    _galleries(root)
    for block in root.xpath("//figure[contains(@class, 'wp-block-embed')]"):
        _embed_block(block, allow_remote)
    # One this pass can't make sense of stays, for the sanitizer to drop and report.
    for frame in root.xpath("//iframe"):
        _put(frame, _video_figure(frame.get("src") or "", frame.get("title"), allow_remote))
    for player in root.xpath("//video | //audio"):
        _put(player, _player_figure(player, allow_remote))
    for tweet in root.xpath("//blockquote[contains(@class, 'twitter-tweet')]"):
        _put(tweet, _tweet_figure(tweet))
    for script in root.xpath("//script[@src]"):
        _script(script)


def _figure(kind: str, title: str, href: str | None, poster: str | None = None) -> html.HtmlElement:
    """<figure class="embed KIND">[poster] <figcaption>Kind: <a href>title</a></figcaption></figure>."""
    figure = html.Element("figure", {"class": f"embed embed-{kind}"})
    if poster:
        figure.append(html.Element("img", {"src": poster, "alt": f"{title} (still)"}))
    caption = etree.SubElement(figure, "figcaption")
    caption.text = f"{LABELS[kind]}: "  # says what the link leads to (and keeps trafilatura from taking it for a menu)
    link = etree.SubElement(caption, "a", {"href": href}) if href else etree.SubElement(caption, "span")
    link.text = title
    return figure


def _put(old: html.HtmlElement, new: html.HtmlElement | None) -> None:
    """Put `new` where `old` was (in place of a paragraph that held only `old`); None leaves `old`."""
    parent = old.getparent()
    if parent is None or new is None:
        return
    alone = parent.tag == "p" and len(parent) == 1 and not (parent.text or "").strip()
    if alone and not (old.tail or "").strip() and parent.getparent() is not None:
        old, parent = parent, parent.getparent()
    new.tail = old.tail
    parent.replace(old, new)


def _drop(element: html.HtmlElement) -> None:
    element.drop_tree()  # keeps the tail text


def _video_figure(src: str, title: str | None, allow_remote: bool) -> html.HtmlElement | None:
    """A frame: YouTube and Vimeo by their watch page (and YouTube's still with --allow-remote), others by address."""
    if src.startswith("//"):
        src = "https:" + src
    youtube, vimeo = YOUTUBE.search(src), VIMEO.search(src)
    if youtube:
        address = f"https://www.youtube.com/watch?v={youtube.group(1)}"
        still = f"https://img.youtube.com/vi/{youtube.group(1)}/hqdefault.jpg" if allow_remote else None
        return _figure("video", title or "Video on YouTube", address, still)
    if vimeo:
        return _figure("video", title or "Video on Vimeo", f"https://vimeo.com/{vimeo.group(1)}")
    if urlsplit(src).scheme in ("http", "https"):
        return _figure("frame", title or src, src)
    return None


def _player_figure(player: html.HtmlElement, allow_remote: bool) -> html.HtmlElement | None:
    """<audio>/<video>: a link to the recording (when it is on the web), the poster picture if usable."""
    sources = [player.get("src"), *player.xpath(".//source/@src")]
    src = next((s.strip() for s in sources if s and s.strip()), "")
    web = urlsplit(src).scheme in ("http", "https")
    name = src.rstrip("/").rsplit("/", 1)[-1] or player.tag
    title = player.get("title") or player.get("aria-label") or name
    poster = player.get("poster")
    if poster and urlsplit(poster).scheme in ("http", "https") and not allow_remote:
        poster = None  # fetched only when the build opts in
    if not src and not poster:
        return None
    return _figure(player.tag, title, src if web else None, poster)


def _tweet_figure(tweet: html.HtmlElement) -> html.HtmlElement:
    """A tweet as a quotation: its words, then who wrote it and the dated link to it."""
    links = tweet.xpath("./a[contains(@href, '/status/')]") or tweet.xpath(".//a[contains(@href, '/status/')]")
    figure = html.Element("figure", {"class": "embed embed-tweet"})
    quote = etree.SubElement(figure, "blockquote")
    for paragraph in tweet.xpath("./p"):
        if re.match(r"\s*[—–-]", paragraph.text_content()):
            continue  # "— Name (@handle)" in a paragraph of its own (Markdown makes one): the byline
        kept = copy.deepcopy(paragraph)
        kept.tail = None  # the byline after it stays in the tweet, for the caption
        quote.append(kept)
        _drop(paragraph)
    caption = etree.SubElement(figure, "figcaption")
    dated = copy.deepcopy(links[-1]) if links else None
    if links:
        _drop(links[-1])
    # what is left is "— Name (@handle)", the tweet's byline
    byline = re.sub(r"^[\s—–-]+", "", " ".join(tweet.text_content().split())) or "a post on X/Twitter"
    caption.text = f"— {byline}"
    if dated is not None:
        caption.text += ", "
        dated.tail = None
        caption.append(dated)
    return figure


def _script(script: html.HtmlElement) -> None:
    """A gist becomes a link to it (its code follows when the post carries it); widget loaders go."""
    src = script.get("src") or ""
    gist = GIST.match(src)
    if gist:
        address = f"https://gist.github.com/{gist.group(1)}"
        figure = _figure("gist", f"gist {gist.group(1)}", address)
        fallback = script.getnext()
        if fallback is not None and fallback.tag == "noscript" and fallback.xpath(".//pre | .//code"):
            for code in fallback.xpath("./*"):  # the code the post carries for readers without scripts
                figure.insert(len(figure) - 1, code)
            _drop(fallback)
        _put(script, figure)
    elif WIDGET_SCRIPTS.search(src):
        _drop(script)


def _embed_block(block: html.HtmlElement, allow_remote: bool) -> None:
    """A WordPress embed block: the address in its wrapper (or its frame) and its caption."""
    frames = block.xpath(".//iframe/@src")
    links = block.xpath(".//a/@href")
    text = " ".join(block.xpath(".//*[contains(@class, 'wp-block-embed__wrapper')]//text()")).strip()
    address = (frames or links or [text])[0].strip()
    caption = block.find(".//figcaption")
    title = " ".join(caption.text_content().split()) if caption is not None else ""
    if re.search(r"//(?:www\.)?(?:twitter|x)\.com/", address):
        _put(block, _figure("tweet", title or "Post on X/Twitter", address))
    elif address:
        _put(block, _video_figure(address, title or None, allow_remote))


def _galleries(root: html.HtmlElement) -> None:
    """A gallery becomes its pictures, each a figure with its own caption."""
    query = "//*[contains(@class, 'wp-block-gallery') or contains(concat(' ', @class, ' '), ' gallery ')]"
    for gallery in root.xpath(query):
        if gallery.getparent() is None or any(a in root.xpath(query) for a in gallery.iterancestors()):
            continue
        for image in gallery.xpath(".//img"):
            gallery.addprevious(_picture(image))
        _drop(gallery)


def _picture(image: html.HtmlElement) -> html.HtmlElement:
    """One picture of a gallery with the caption it had (a figcaption, or a gallery item's caption)."""
    holder = next((a for a in image.iterancestors() if a.tag in ("figure", "li", "dl")), None)
    captions = holder.xpath(".//figcaption | .//*[contains(@class, 'caption')]") if holder is not None else []
    figure = html.Element("figure", {"class": "gallery-picture"})
    picture = html.Element("img", {k: v for k, v in image.attrib.items() if k in ("src", "alt", "width", "height")})
    figure.append(picture)
    if captions and captions[0].text_content().strip():
        caption = etree.SubElement(figure, "figcaption")
        caption.text = " ".join(captions[0].text_content().split())
    return figure
