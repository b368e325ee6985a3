"""The WordPress export reader, against the real WXR files in ../shared/corpus/wordpress (read there, never copied).

Expected values are counted independently with plain XPath over the same files, so the tests
say what the file holds, not what the reader happens to return.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from postbind.errors import PostbindError, Reporter
from postbind.ingest.reader import ReadOptions
from postbind.ingest.registry import read_all
from postbind.ingest.wordpress import is_wordpress_export
from postbind.model import Post
from tests.corpus import CORPUS
from tests.helpers import FIXTURES, needs_shared

WORDPRESS = CORPUS / "wordpress"
UNIT_TEST = WORDPRESS / "themeunittestdata.wordpress.xml"
BLOCKS = WORDPRESS / "64-block-test-data.xml"
PREVIEW = WORDPRESS / "theme-preview.xml"
EXPORTS = [UNIT_TEST, BLOCKS, PREVIEW]
RSS_FEED = CORPUS / "feeds" / "feedparser" / "rss2.0NSwithModules.xml"
ATOM_FEED = CORPUS / "feeds" / "trafilatura" / "feed1.atom"


def wp(item: etree._Element, name: str) -> str:
    """A wp: child's text, whatever the export version's namespace URI."""
    return item.xpath(f"string(*[local-name()='{name}'])").strip()


def content_of(item: etree._Element) -> str:
    return item.xpath("string(*[local-name()='encoded'][contains(namespace-uri(), 'content')])")


def xml_items(path: Path) -> list[etree._Element]:
    return etree.parse(str(path)).xpath("/rss/channel/item")


def item_titled(path: Path, title: str) -> etree._Element:
    return next(i for i in xml_items(path) if i.findtext("title") == title)


def read(path: Path, media: Path | None = None) -> tuple[list[Post], Reporter]:
    reporter = Reporter(quiet=True)
    return read_all(path, reporter, ReadOptions(media=media), "wordpress"), reporter


@pytest.fixture(scope="module")
def unit_test() -> tuple[list[Post], Reporter]:
    return read(UNIT_TEST)


@pytest.fixture(scope="module")
def blocks() -> tuple[list[Post], Reporter]:
    return read(BLOCKS)


def by_title(posts: list[Post]) -> dict[str | None, Post]:
    return {p.meta.title: p for p in posts}


def skipped_lines(reporter: Reporter) -> set[int]:
    return {w.line for w in reporter.warnings if w.message.endswith("has no content; skipped")}


def wxr(items: str, doctype: str = "") -> bytes:
    """A small export of our own, http namespace of WXR 1.1, one author."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
{doctype}<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.1/"
 xmlns:excerpt="http://wordpress.org/export/1.1/excerpt/">
<channel><title>Mine</title>
<wp:author><wp:author_login>ann</wp:author_login>
<wp:author_display_name>Ann Example</wp:author_display_name></wp:author>
{items}
</channel></rss>
""".encode()


def wxr_item(
    content: str, title: str = "A post", extra: str = "<wp:post_date>2020-05-06 07:08:09</wp:post_date>"
) -> str:
    return (
        f"<item><title>{title}</title><dc:creator>ann</dc:creator>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded>"
        f"<wp:post_type>post</wp:post_type><wp:status>publish</wp:status>{extra}</item>"
    )


def read_own(tmp_path: Path, data: bytes, media: Path | None = None) -> tuple[list[Post], Reporter]:
    path = tmp_path / "export.xml"
    path.write_bytes(data)
    return read(path, media)


def test_an_export_of_our_own():
    export = FIXTURES / "export.xml"
    posts, reporter = read(export)
    assert [(p.meta.title, p.meta.post_type, p.meta.status) for p in posts] == [
        ("Planting Potatoes", "post", "publish"),
        ("The Compost Heap", "post", "publish"),
        ("Half-Written Thoughts on Leeks", "post", "draft"),
        ("About This Allotment", "page", "publish"),
    ]  # all but the empty post: the selection, not the reader, leaves drafts and pages out
    potatoes, compost = posts[:2]
    assert (potatoes.meta.authors, compost.meta.authors) == (("Ruth Gardener",), ("Tom Digger",))
    assert (potatoes.meta.date, potatoes.meta.slug) == ("2024-03-30", "planting-potatoes")
    assert (potatoes.meta.tags, potatoes.meta.categories) == (("potatoes",), ("Vegetables",))
    assert potatoes.meta.summary == "When and how to plant potatoes."
    assert "<p>Earth them up when the shoots show.<br />\nDo it again a fortnight later.</p>" in potatoes.body
    assert "<figcaption>The trench, ready for planting.</figcaption></figure>" in potatoes.body
    assert "[caption" not in potatoes.body and "<!--" not in potatoes.body
    assert "<!--" not in compost.body and compost.body.count("<p>") == 2  # a block post is not wrapped again
    assert [(w.message, w.line) for w in reporter.warnings] == [("'Nothing Yet' has no content; skipped", 86)]


def test_control_characters_are_read_out_with_a_warning_at_the_first(tmp_path):
    """U+000B and U+000C from pasted text are not well-formed XML even in CDATA: the export is read without
    them, bodies read again later included."""
    items = wxr_item("<p>Vertical\x0btab.</p>", "First") + "\n" + wxr_item("<p>Form\x0cfeed.</p>", "Second")
    data = wxr(items)
    posts, reporter = read_own(tmp_path, data)
    assert [post.body.strip() for post in posts] == ["<p>Verticaltab.</p>", "<p>Formfeed.</p>"]
    first_line = data[: data.index(b"\x0b")].count(b"\n") + 1
    assert [(w.message, w.line) for w in reporter.warnings] == [
        ("control characters XML forbids (the first, U+000B, here); read without them", first_line)
    ]


# --- What the export holds ----------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_every_item_comes_back_with_its_type_and_status(path):
    posts, reporter = read(path)
    expected = Counter()
    skipped = Counter()
    for item in xml_items(path):
        status = "protected" if wp(item, "post_password") else wp(item, "status")
        kind = (wp(item, "post_type"), status)
        (skipped if item.sourceline in skipped_lines(reporter) else expected)[kind] += 1
    assert Counter((p.meta.post_type, p.meta.status) for p in posts) == expected
    assert set(skipped) <= {("post", "publish")}  # only posts are ever skipped for want of content
    lines = [i.sourceline for i in xml_items(path) if i.sourceline not in skipped_lines(reporter)]
    assert [p.item_line for p in posts] == lines  # file order


@needs_shared
def test_unit_test_data_counts_match_what_the_file_says(unit_test):
    posts, _ = unit_test
    kinds = Counter(p.meta.post_type for p in posts)
    assert kinds == {"post": 57, "page": 21, "attachment": 37, "nav_menu_item": 70}  # 58 posts, one empty
    statuses = Counter(p.meta.status for p in posts if p.meta.post_type == "post")
    assert statuses == {"publish": 54, "draft": 1, "future": 1, "protected": 1}


@needs_shared
def test_block_data_keeps_navigation_and_attachments_for_the_selection_layer(blocks):
    posts, _ = blocks
    assert Counter(p.meta.post_type for p in posts) == {"post": 60, "attachment": 9, "page": 1, "wp_navigation": 1}


@needs_shared
def test_empty_post_is_skipped_with_a_warning_at_its_item(unit_test):
    posts, reporter = unit_test
    item = item_titled(UNIT_TEST, "Edge Case: No Content")
    assert "Edge Case: No Content" not in by_title(posts)
    warning = next(w for w in reporter.warnings if "has no content" in w.message)
    assert warning.message == "'Edge Case: No Content' has no content; skipped"
    assert (Path(warning.file), warning.line) == (UNIT_TEST, item.sourceline)
    assert skipped_lines(reporter) == {item.sourceline}


@needs_shared
def test_empty_pages_and_attachments_come_back_without_a_warning(unit_test):
    posts, reporter = unit_test
    assert by_title(posts)["Επίπεδο 3"].body == ""  # a page with no content
    assert any(p.meta.post_type == "attachment" and not p.body for p in posts)
    warned = {w.line for w in reporter.warnings}
    assert not warned & {p.item_line for p in posts if p.meta.post_type != "post"}


@needs_shared
def test_block_post_of_server_rendered_blocks_only_counts_as_empty(blocks):
    posts, reporter = blocks
    assert "Title" not in by_title(posts)  # <!-- wp:post-title /--> ×12 and nothing else
    assert skipped_lines(reporter) == {item_titled(BLOCKS, "Title").sourceline}


@needs_shared
def test_password_protected_post_gets_the_protected_status(unit_test):
    posts, _ = unit_test
    protected = [p for p in posts if p.meta.status == "protected"]
    assert [p.meta.title for p in protected] == ['Template: Password Protected (the password is "enter")']
    assert "should not be visible until the password is entered" in protected[0].body


# --- Metadata ------------------------------------------------------------------------------


@needs_shared
def test_authors_are_display_names_not_logins(unit_test, blocks):
    for path, (posts, _) in ((UNIT_TEST, unit_test), (BLOCKS, blocks)):
        channel = etree.parse(str(path)).xpath("/rss/channel")[0]
        names = {wp(a, "author_login"): wp(a, "author_display_name") for a in channel.xpath("*[local-name()='author']")}
        found = {name for p in posts for name in p.meta.authors}
        assert found == set(names.values())
    post = by_title(unit_test[0])["Post Format: Standard"]
    assert post.meta.authors == ("Theme Buster",)
    assert by_title(blocks[0])["Footnotes"].meta.authors == ("Theme Reviewer",)


@needs_shared
def test_author_without_an_author_list_is_the_login():
    posts, _ = read(PREVIEW)
    assert {p.meta.authors for p in posts} == {("Theme Admin",)}


@needs_shared
def test_dates_come_from_post_date_in_the_sites_time(unit_test):
    posts = by_title(unit_test[0])
    # post_date 2013-01-10 20:15:40; the pubDate (UTC) is already the 11th
    assert posts["Markup: Image Alignment"].meta.date == "2013-01-10"
    assert posts["Scheduled"].meta.date == "2030-01-01"
    for post in unit_test[0]:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", post.meta.date)


def test_date_falls_back_to_pub_date_and_never_is_none(tmp_path):
    items = wxr_item("one", "Fallback", "<pubDate>Sat, 05 Sep 2009 16:00:23 +0000</pubDate>")
    items += wxr_item("two", "Never", "<wp:post_date>0000-00-00 00:00:00</wp:post_date>")
    items += wxr_item("three", "Odd", "<pubDate>Mon, 30 Nov -0001 00:00:00 +0000</pubDate>")
    posts, _ = read_own(tmp_path, wxr(items))
    assert [p.meta.date for p in posts] == ["2009-09-05", None, None]


@needs_shared
def test_tags_and_categories_are_kept_apart(unit_test):
    by_line = {p.item_line: p for p in unit_test[0]}
    for item in xml_items(UNIT_TEST):
        post = by_line.get(item.sourceline)
        if post is None:  # the skipped empty post
            continue
        assert post.meta.tags == tuple(dict.fromkeys(item.xpath("category[@domain='post_tag']/text()")))
        assert post.meta.categories == tuple(dict.fromkeys(item.xpath("category[@domain='category']/text()")))
    standard = by_title(unit_test[0])["Post Format: Standard"].meta
    assert standard.tags == ("Post Formats", "readability", "standard")
    assert standard.categories == ("Classic", "Post Formats")
    assert "Post Format: Standard" not in standard.tags + standard.categories  # a post_format term


@needs_shared
def test_categories_without_a_domain_are_categories():
    posts, _ = read(PREVIEW)
    assert posts[0].meta.categories == ("Uncategorized", "boat", "lake")
    assert posts[0].meta.tags == ()


@needs_shared
def test_titles_slugs_links_and_excerpts(unit_test):
    posts = by_title(unit_test[0])
    assert "Ελληνικά-Greek" in posts
    assert "Markup: Title With Markup" in posts  # "<em>With</em> <b>Mark<sup>up</sup></b>" as text
    assert """Markup: Title With Special Characters ~`!@#$%^&*()-_=+{}[]/\\;:'"?,.>""" in posts
    untitled = posts[None]
    assert untitled.meta.slug == "edge-case-no-title"
    excerpt = posts["Template: Excerpt (Defined)"].meta
    assert excerpt.summary.startswith("This is a user-defined post excerpt. It should be displayed")
    assert excerpt.slug == "template-excerpt-defined"
    assert excerpt.guid == "http://wptest.io/demo/?p=993"
    assert excerpt.source_url == "https://wpthemetestdata.wordpress.com/2012/03/15/template-excerpt-defined/"


@needs_shared
def test_lines_point_at_the_item_and_its_content(unit_test):
    post = by_title(unit_test[0])["Post Format: Standard"]
    item = item_titled(UNIT_TEST, "Post Format: Standard")
    assert post.item_line == item.sourceline
    assert post.body_line == item.xpath("*[local-name()='encoded']")[0].sourceline
    assert post.origin == f"{UNIT_TEST}:{item.sourceline}"


# --- Content -------------------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_no_shortcode_or_comment_is_left_in_any_body(path):
    posts, _ = read(path)
    for post in posts:
        for residue in ("[caption", "[gallery", "[audio", "[/", "<!--more-->", "<!--nextpage-->", "<!--"):
            assert residue not in post.body, (post.meta.title, residue)
        assert "srcset=" not in post.body


@needs_shared
def test_text_in_brackets_is_not_a_shortcode(unit_test):
    assert "coracles [simple boat]." in by_title(unit_test[0])["Post Format: Standard"].body


@needs_shared
def test_captions_become_figures(unit_test):
    posts = by_title(unit_test[0])
    raw = content_of(item_titled(UNIT_TEST, "Markup: Image Alignment"))
    body = posts["Markup: Image Alignment"].body
    assert body.count("<figcaption>") == raw.count("[caption") == 5
    assert "<figcaption>Feels good to be right all the time.</figcaption></figure>" in body
    linked = lxml_html.fragment_fromstring(posts["Post Format: Image (Linked)"].body, create_parent="div")
    figure = linked.find("figure")  # caption="…" attribute, image wrapped in a link
    assert figure.find("img").get("alt") == "chunk of resinous blackboy husk"
    assert figure.findtext("figcaption").startswith("Chunk of resinous blackboy husk, Clarkson")


@needs_shared
def test_a_gallery_is_its_pictures_and_audio_becomes_a_player(unit_test, tmp_path):
    posts, reporter = unit_test
    found = {(w.message, w.line) for w in reporter.warnings}
    assert not [m for m, _ in found if "gallery" in m or "[audio]" in m]
    # [gallery] without ids: the 23 pictures attached to the post, in their order, each a figure, ten times over
    body = by_title(posts)["Post Format: Gallery"].body
    assert body.count('<figure class="gallery-item">') == 230 and "[gallery" not in body
    first = '<img src="https://wpthemetestdata.files.wordpress.com/2008/06/100_5478.jpg" alt="Bell on Wharf" />'
    assert first + "<figcaption>Bell on wharf in San Francisco</figcaption>" in body
    # a gallery's pictures come from the media folder, like any picture of the export
    (tmp_path / "media" / "2008" / "06").mkdir(parents=True)
    (tmp_path / "media" / "2008" / "06" / "100_5478.jpg").write_bytes(b"a local copy")
    local = by_title(read(UNIT_TEST, media=tmp_path / "media")[0])["Post Format: Gallery"].body
    assert (tmp_path / "media" / "2008" / "06" / "100_5478.jpg").resolve().as_uri() in local
    body = by_title(posts)["Post Format: Audio"].body
    assert "St. Louis Blues</a>" in body
    # the player WordPress renders, which the book makes a linked figure (transform/embeds.py)
    src = "https://wpthemetestdata.files.wordpress.com/2008/06/originaldixielandjazzbandwithalbernard-stlouisblues.mp3"
    assert f'<audio src="{src}"></audio>' in body


@needs_shared
def test_wpautop_makes_paragraphs_of_classic_posts(unit_test):
    root = lxml_html.fragment_fromstring(by_title(unit_test[0])["Post Format: Standard"].body, create_parent="div")
    paragraphs = [p.text_content() for p in root.findall("p")]
    assert len(paragraphs) == len(re.split(r"\n\s*\n", content_of(item_titled(UNIT_TEST, "Post Format: Standard")))) - 1
    assert any(p.endswith("Two is the beginning of the end.") for p in paragraphs)  # the <!--more--> block is gone


@needs_shared
def test_wpautop_turns_single_newlines_into_line_breaks_but_leaves_pre_alone(unit_test):
    preview = by_title(read(PREVIEW)[0])
    assert "Suspendisse potenti.<br />\n" in preview["Category Hierarchy"].body
    raw = content_of(item_titled(UNIT_TEST, "Markup: HTML Tags and Formatting"))
    pre = re.search(r"<pre>.*?</pre>", raw, re.S).group()
    assert pre in by_title(unit_test[0])["Markup: HTML Tags and Formatting"].body


@needs_shared
def test_a_paragraph_of_only_a_comment_leaves_nothing_behind():
    elements = by_title(read(PREVIEW)[0])["Elements"].body  # starts "<p><!-- Sample Content … --></p>"
    assert elements.startswith("<p>The purpose of this HTML is to help determine")


@needs_shared
def test_block_posts_are_not_wrapped_again(blocks, unit_test):
    for posts, path in ((blocks[0], BLOCKS), (unit_test[0], UNIT_TEST)):
        raw = {i.sourceline: content_of(i) for i in xml_items(path)}
        for post in posts:
            assert "<p><p>" not in post.body
            if "<!-- wp:" in raw[post.item_line]:
                assert post.body.count("<p>") <= raw[post.item_line].count("<p>"), post.meta.title
                assert "<br />" not in post.body


@needs_shared
def test_urls_alone_on_a_line_become_links(unit_test):
    posts = by_title(unit_test[0])
    url = "https://twitter.com/nacin/status/319508408669708289"
    assert f'<p><a href="{url}">{url}</a></p>' in posts["Media: Twitter Embeds"].body
    embeds = posts["Block category: Embeds"].body
    assert '<a href="https://youtu.be/ex8fMxXJDJw">https://youtu.be/ex8fMxXJDJw</a>' in embeds


@needs_shared
def test_block_footnotes_become_notes_the_book_can_read(blocks):
    body = by_title(blocks[0])["Footnotes"].body
    root = lxml_html.fragment_fromstring(body, create_parent="div")
    refs = root.xpath("//a[contains(@class, 'footnote-ref')]")
    notes = root.xpath("//section[@role='doc-endnotes']//li")
    assert [a.get("href")[1:] for a in refs] == [li.get("id") for li in notes]
    assert [li.text.strip() for li in notes] == ["A note", "Another note"]


def test_other_shortcodes(tmp_path):
    content = (
        "Before [sic] and [[gallery]].\n\n[embed]https://example.org/a?b=1&amp;c=2[/embed]\n\n"
        '[embed src=https://example.org/v]\n\n[code lang="python"]if a < b:\n    print([1])[/code]\n\n'
        '[myform id="3"]\n\n[note]Kept text[/note] and [note]more[/note]\n\n[contact-form-7 id="9"]'
    )
    posts, reporter = read_own(tmp_path, wxr(wxr_item(content)))
    body = posts[0].body
    assert "Before [sic] and [gallery].</p>" in body
    assert '<p><a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a></p>' in body
    assert '<a href="https://example.org/v">' in body
    assert '<pre><code class="language-python">if a &lt; b:\n    print(&#91;1&#93;)</code></pre>' in body
    assert "<p>Kept text and more</p>" in body
    assert "[myform" not in body and "[contact-form-7" not in body and "[note" not in body
    messages = [w.message for w in reporter.warnings]
    assert sorted(messages) == [
        "shortcode [contact-form-7] dropped",
        "shortcode [myform] dropped",
        "shortcode [note] dropped",
    ]


# --- Media ---------------------------------------------------------------------------------


def first_upload() -> tuple[str, str]:
    """(title, src) of the first post whose image lives under /2008/06/ on the test site."""
    for item in xml_items(UNIT_TEST):
        found = re.search(r'<img [^>]*src="([^"]*/2008/06/[^"]+)"', content_of(item))
        if found and wp(item, "post_type") == "post":
            return item.findtext("title"), found.group(1)
    raise AssertionError("no /2008/06/ image in the export")


@needs_shared
@pytest.mark.parametrize("layout", ["wp-content/uploads/2008/06", "2008/06", "."])
def test_images_map_to_the_media_folder(tmp_path, layout):
    title, src = first_upload()
    name = src.split("?")[0].rsplit("/", 1)[-1]
    folder = tmp_path / "media" / layout
    folder.mkdir(parents=True)
    (folder / name).write_bytes(b"not really a jpeg")
    posts, _ = read(UNIT_TEST, media=tmp_path / "media")
    body = by_title(posts)[title].body
    assert f'src="{(folder / name).resolve().as_uri()}"' in body
    assert src not in body


@needs_shared
def test_images_stay_remote_without_media_or_a_local_copy(unit_test, tmp_path):
    title, src = first_upload()
    assert f'src="{src}"' in by_title(unit_test[0])[title].body
    (tmp_path / "media").mkdir()
    posts, _ = read(UNIT_TEST, media=tmp_path / "media")
    assert f'src="{src}"' in by_title(posts)[title].body


def test_resized_copies_map_to_the_original_and_urls_cannot_leave_the_media_folder(tmp_path):
    media = tmp_path / "media"
    (media / "2019" / "03").mkdir(parents=True)
    (media / "2019" / "03" / "photo.jpg").write_bytes(b"x")
    (tmp_path / "secret.jpg").write_bytes(b"x")
    content = (
        '<img src="https://blog.example/wp-content/uploads/2019/03/photo-300x200.jpg" srcset="a.jpg 300w" sizes="1px">'
        '\n\n<img src="https://blog.example/wp-content/uploads/../../secret.jpg">'
    )
    posts, _ = read_own(tmp_path, wxr(wxr_item(content)), media=media)
    body = posts[0].body
    assert f'<img src="{(media / "2019/03/photo.jpg").as_uri()}">' in body
    assert 'src="https://blog.example/wp-content/uploads/../../secret.jpg"' in body


# --- Broken and hostile files --------------------------------------------------------------


@needs_shared
def test_malformed_export_is_an_error_with_file_and_line(tmp_path):
    data = UNIT_TEST.read_bytes()
    path = tmp_path / "truncated.xml"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(PostbindError) as caught:
        read(path)
    diagnostic = caught.value.diagnostics[0]
    assert diagnostic.message.startswith("malformed WordPress export: ")
    assert Path(diagnostic.file) == path
    assert diagnostic.line and diagnostic.line > 1000


@needs_shared
def test_xml_that_is_not_an_export_is_an_error():
    with pytest.raises(PostbindError, match="not a WordPress export"):
        read(RSS_FEED)


def test_external_entities_are_never_read(tmp_path):
    doctype = '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    data = wxr(wxr_item("Hello", "T &x;").replace("<![CDATA[Hello]]>", "Hello &x; there"), doctype)
    posts, reporter = read_own(tmp_path, data)
    assert "root:" not in posts[0].body + (posts[0].meta.title or "")
    assert "Hello" in posts[0].body and "there" in posts[0].body
    assert any("entity" in w.message for w in reporter.warnings)


def test_entity_expansion_bombs_do_not_expand(tmp_path):
    entities = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    doctype = f'<!DOCTYPE rss [<!ENTITY l0 "lol">{entities}]>\n'
    for depth in (3, 9):  # 1,000 characters: parsed, the reference dropped; 10⁹: libxml2 refuses
        data = wxr(wxr_item("x").replace("<![CDATA[x]]>", f"bomb &l{depth}; end"), doctype)
        started = time.monotonic()
        try:
            posts, _ = read_own(tmp_path, data)
        except PostbindError as error:
            assert "malformed WordPress export" in str(error)
        else:
            assert len(posts[0].body) < 100 and "lol" not in posts[0].body
        assert time.monotonic() - started < 5


# --- Detection -----------------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_exports_are_recognised(path):
    assert is_wordpress_export(path.read_bytes()[:4096])


@needs_shared
@pytest.mark.parametrize("path", [RSS_FEED, ATOM_FEED], ids=lambda p: p.name)
def test_feeds_are_not_exports(path):
    assert not is_wordpress_export(path.read_bytes()[:4096])


def test_a_gallery_with_ids_shows_those_attachments_in_that_order(tmp_path):
    head = '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
    head += 'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
    post = (
        '<item><title>Beds</title><content:encoded><![CDATA[Our beds.\n\n[gallery ids="8,7,99"]]]></content:encoded>'
        "<wp:post_id>5</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>"
    )
    pictures = "".join(
        f"<item><title>Bed {n}</title><wp:post_id>{n}</wp:post_id><wp:post_type>attachment</wp:post_type>"
        f"<wp:attachment_url>https://blog.example/wp-content/uploads/bed{n}.jpg</wp:attachment_url></item>"
        for n in (7, 8)
    )
    export = tmp_path / "export.xml"
    export.write_text(head + post + pictures + "</channel></rss>", encoding="utf-8")
    (body,) = [p.body for p in read(export)[0] if p.meta.post_type == "post"]
    assert [m for m in re.findall(r"bed(\d)\.jpg", body)] == ["8", "7"]  # id 99 is not in the export
    assert body.count('<figure class="gallery-item">') == 2 and 'alt="Bed 8"' in body
