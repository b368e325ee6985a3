"""Embedded media in every edition: each kind of embed becomes a figure with a link (or a quotation) a reader
of a book can use, from Markdown, a saved page and a WordPress export."""

from __future__ import annotations

import io
from pathlib import Path

import lxml.html
import pytest
from PIL import Image

from tests.helpers import NS, Epub, Pdf, assert_epubcheck_clean, build_book, write_book

TWEET = (  # as Twitter gives it: one line
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Books are better than blogs.</p>&mdash; Jane Example'
    ' (@jane) <a href="https://twitter.com/jane/status/1085870671291310081">January 17, 2019</a></blockquote>'
)
EMBEDS_MD = """---
title: Things to watch
---

A talk:

<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="A famous song"></iframe>

<iframe src="https://player.vimeo.com/video/48912912" width="640" height="360"></iframe>

TWEET
<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>

<script src="https://gist.github.com/octocat/6cad326836d38bd3a7ae.js"></script>

<video controls poster="poster.png" src="https://example.org/clip.mp4" title="Our clip"></video>

<audio controls><source src="https://example.org/talk.mp3" type="audio/mpeg"></audio>

<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube">
<div class="wp-block-embed__wrapper">https://www.youtube.com/watch?v=ZJthWmvUzzc</div>
<figcaption>A lecture on books</figcaption></figure>

<figure class="wp-block-gallery has-nested-images columns-2">
<figure class="wp-block-image"><img src="blue.png" alt="Blue"/><figcaption>The blue one</figcaption></figure>
<figure class="wp-block-image"><img src="green.png" alt="Green"/></figure>
</figure>

The end.
""".replace("TWEET", TWEET)
PAGE_HTML = """<!DOCTYPE html><html><head><title>A page with a video</title></head><body><article>
<h1>A page with a video</h1>
<p>Here is a talk worth watching, with enough words around it for the article to be found on this page.</p>
<p><iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/PAGEvideo01" title="How books are made">
</iframe></p>
<p>And some more text after it, so that the extractor keeps going to the end of the article.</p>
</article></body></html>
"""
WP_CONTENT = """<!-- wp:paragraph --><p>A video from the block editor:</p><!-- /wp:paragraph -->
<!-- wp:embed {"url":"https://vimeo.com/76979871","type":"video","providerNameSlug":"vimeo"} -->
<figure class="wp-block-embed is-type-video is-provider-vimeo wp-block-embed-vimeo">
<div class="wp-block-embed__wrapper">
https://vimeo.com/76979871
</div><figcaption class="wp-element-caption">The new Vimeo player</figcaption></figure>
<!-- /wp:embed -->"""
WXR = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.1/">
<channel><title>Mine</title>
<item><title>Embeds from WordPress</title><dc:creator>ann</dc:creator>
<content:encoded><![CDATA[{WP_CONTENT}]]></content:encoded>
<wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
<wp:post_date>2020-05-06 07:08:09</wp:post_date></item>
</channel></rss>
"""
BOOK = """title: Embeds
author: T. Tester
language: en
date: 2026-01-01
chapters:
  - embeds.md
  - page.html
  - export.xml
"""
LINKED = {  # address → the text of its link, as every edition shows it
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ": "A famous song",
    "https://vimeo.com/48912912": "Video on Vimeo",
    "https://gist.github.com/octocat/6cad326836d38bd3a7ae": "gist octocat/6cad326836d38bd3a7ae",
    "https://example.org/clip.mp4": "Our clip",
    "https://example.org/talk.mp3": "talk.mp3",
    "https://www.youtube.com/watch?v=ZJthWmvUzzc": "A lecture on books",
    "https://www.youtube.com/watch?v=PAGEvideo01": "How books are made",
    "https://vimeo.com/76979871": "The new Vimeo player",
}


def png(colour: tuple[int, int, int]) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (1200, 900), colour).save(data, "PNG")
    return data.getvalue()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    files = {"embeds.md": EMBEDS_MD, "page.html": PAGE_HTML, "export.xml": WXR}
    files |= {"poster.png": png((200, 80, 40)), "blue.png": png((40, 80, 200)), "green.png": png((40, 200, 80))}
    folder = write_book(tmp_path_factory.mktemp("embeds") / "book", BOOK, files)
    return build_book(folder, folder.parent / "out", "--format", "epub,pdf,html")


def pages(built) -> dict[str, lxml.html.HtmlElement]:
    """The chapters of the EPUB and of the web edition, as HTML trees."""
    epub = Epub(built.output("epub"))
    names = [Path(href).stem for href in epub.chapter_hrefs()]  # the web edition's pages have the same names
    found = {f"epub {n}": lxml.html.fromstring(epub.text(f"{n}.xhtml").encode()) for n in names}
    web = built.out / "embeds"
    return found | {f"web {n}": lxml.html.parse(str(web / f"{n}.html")).getroot() for n in names}


def test_every_embed_is_a_figure_with_a_link_in_the_epub_and_the_web_edition(built):
    assert "unsupported element" not in built.result.stderr  # nothing dropped any more
    chapters = pages(built)
    for edition in ("epub", "web"):
        links = {
            a.get("href"): " ".join(a.text_content().split())
            for name, root in chapters.items()
            if name.startswith(edition)
            for a in root.xpath("//figure[contains(@class, 'embed')]//figcaption//a")
            if "/status/" not in a.get("href")
        }
        assert links == LINKED, edition


def test_a_video_poster_is_its_figures_picture(built):
    for name, root in pages(built).items():
        if name.endswith(" embeds"):  # embeds.md
            (figure,) = root.xpath("//figure[.//a[@href='https://example.org/clip.mp4']]")
            (image,) = figure.xpath(".//img")
            assert image.get("src").startswith("images/") and image.get("alt") == "Our clip (still)"


def test_a_tweet_is_a_quotation_with_its_author_link_and_date(built):
    for name, root in pages(built).items():
        if name.endswith(" embeds"):  # embeds.md
            (tweet,) = root.xpath("//figure[contains(@class, 'embed-tweet')]")
            assert " ".join(tweet.xpath("string(.//blockquote)").split()) == "Books are better than blogs."
            caption = tweet.xpath(".//figcaption")[0]
            assert " ".join(caption.text_content().split()) == "— Jane Example (@jane), January 17, 2019"
            assert caption.xpath(".//a/@href") == ["https://twitter.com/jane/status/1085870671291310081"]


def test_a_gallery_becomes_its_pictures(built):
    for name, root in pages(built).items():
        if name.endswith(" embeds"):  # embeds.md
            pictures = root.xpath("//figure[contains(@class, 'gallery-picture')]")
            assert [p.xpath("string(.//img/@alt)") for p in pictures] == ["Blue", "Green"]
            assert [p.xpath("string(.//figcaption)") for p in pictures] == ["The blue one", ""]


def test_epub_is_clean(built):
    assert_epubcheck_clean(built.output("epub"))
    pictures = Epub(built.output("epub")).opf.xpath("//opf:item[starts-with(@href, 'images/')]", namespaces=NS)
    assert len(pictures) == 4  # the poster, the gallery's two pictures, the cover


def test_print_spells_every_address_out_as_a_footnote(built):
    text = "\n".join(Pdf(built.output("pdf")).pages).replace("\n", " ")
    for address in [*LINKED, "https://twitter.com/jane/status/1085870671291310081"]:
        assert address in text
    assert "Books are better than blogs." in text
