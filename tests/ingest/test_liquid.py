"""Static-site template tags (Liquid, Nunjucks) become what they mean: a whole Jekyll-style blog as a book."""

from __future__ import annotations

import pytest

from postbind.ingest.markdown.liquid import render_tags
from tests.corpus import CORPUS
from tests.helpers import NS, Epub, assert_epubcheck_clean, build_book, needs_shared, write_book

BLOG = CORPUS / "blog-18f"


def test_template_tags_become_what_they_mean():
    warnings = []
    text = (
        '{% image "assets/a.png" "An alt" %} {% image_with_class "assets/b.jpg" "cls" "B alt" %}\n'
        '[link]({{ "/2019/01/01/x/" | url }}) {{site.baseurl}}/assets/c.png {{ "jane-doe" | team_link }}\n'
        '{% include "linked-figure.html", image: "/assets/d.png", alt: "D alt", caption: "D caption" %}\n'
        "{% raw %}{{ kept }}{% endraw %} {% if x %}cond{% endif %} {{ page.title }}\n"
    )
    out = render_tags(text, lambda message, found: warnings.append(message))
    assert "![An alt](/assets/a.png)" in out and "![B alt](/assets/b.jpg)" in out
    assert "[link](/2019/01/01/x/)" in out and "/assets/c.png" in out and "Jane Doe" in out
    assert '<img src="/assets/d.png" alt="D alt" /><figcaption>D caption</figcaption>' in out
    assert "{{ kept }}" in out and "cond" in out and "{%" not in out.replace("{{ kept }}", "")
    assert warnings == ["template tag {% if %} dropped", "template tag {% endif %} dropped",
                        "template output {{ page.title }} dropped"]  # fmt: skip


@pytest.fixture(scope="module")
def blog_18f(tmp_path_factory):
    """The whole 18F blog (114 posts), with site_root for /assets/… and site_url for other pages."""
    folder = write_book(
        tmp_path_factory.mktemp("b18") / "book",
        f"title: 18F\nauthor: 18F\nsite_root: {BLOG}\nsite_url: https://18f.gsa.gov\n"
        f"chapters:\n  - {{source: {BLOG / 'posts'}, order: date}}\n",
    )
    return build_book(folder, folder.parent / "out", "--format", "epub")


@pytest.mark.heavy  # 114 posts: a book of some 400 pages
@needs_shared
def test_a_whole_static_site_blog(blog_18f):
    epub = Epub(blog_18f.output("epub"))
    assert len(epub.toc_entries()) == 114
    text = epub.all_text()
    assert "{%" not in text and "| url" not in text and "site.baseurl" not in text  # {{ … }} in {% raw %} stays
    assert len(epub.manifest("image/png") + epub.manifest("image/jpeg")) > 60  # found under site_root
    links = [a for h in epub.manifest() for a in epub.xml(h).xpath("//x:a/@href", namespaces=NS)]
    assert "https://18f.gsa.gov/2016/02/23/software-maintenance-is-an-anti-pattern/" in links
    assert "image left out: /assets/blog/doj-crt-landing-page.gif: no such file" in blog_18f.result.stderr
    assert_epubcheck_clean(blog_18f.output("epub"))
