"""Embeds made figures, one kind at a time (the editions are tested in tests/write/test_embeds.py)."""

from __future__ import annotations

from postbind.ingest.wordpress.shortcodes import expand_shortcodes
from postbind.transform.embeds import make_figures
from postbind.transform.tree import parse_fragment, serialize_children


def figures(markup: str, allow_remote: bool = False) -> str:
    root = parse_fragment(markup)
    make_figures(root, allow_remote)
    return serialize_children(root)


def test_a_gist_keeps_the_code_the_post_carries():
    markup = '<script src="https://gist.github.com/ann/abc123.js"></script><noscript><pre>print(1)</pre></noscript>'
    assert figures(markup) == (
        '<figure class="embed embed-gist"><pre>print(1)</pre>'
        '<figcaption>Code: <a href="https://gist.github.com/ann/abc123">gist ann/abc123</a></figcaption></figure>'
    )


def test_remote_pictures_only_with_allow_remote():
    video = '<p><video src="https://ex.org/v.mp4" poster="https://ex.org/p.jpg"></video></p>'
    assert "<img" not in figures(video)
    assert '<img src="https://ex.org/p.jpg"' in figures(video, allow_remote=True)
    youtube = '<iframe src="https://www.youtube.com/embed/abcdefgh"></iframe>'
    assert "<img" not in figures(youtube)
    assert 'src="https://img.youtube.com/vi/abcdefgh/hqdefault.jpg"' in figures(youtube, allow_remote=True)


def test_a_frame_without_an_address_is_left_for_the_sanitizer_to_report():
    assert figures('<iframe srcdoc="<b>x</b>"></iframe>') == '<iframe srcdoc="&lt;b&gt;x&lt;/b&gt;"></iframe>'


def test_a_player_alone_in_its_paragraph_takes_the_paragraphs_place():
    out = figures('<p><audio src="https://ex.org/a.mp3"></audio></p><p>After</p>')
    assert out.startswith('<figure class="embed embed-audio">') and out.endswith("<p>After</p>")


def test_wordpress_media_shortcodes_become_players_and_frames_and_then_figures():
    text = '[video mp4="https://ex.org/v.mp4"][/video] [audio https://ex.org/a.mp3] [youtube https://youtu.be/abcdefgh]'
    out = figures(expand_shortcodes(text + " [vimeo 12345]", lambda message: None))
    links = ["https://ex.org/v.mp4", "https://ex.org/a.mp3", "https://www.youtube.com/watch?v=abcdefgh",
             "https://vimeo.com/12345"]  # fmt: skip
    assert [link in out for link in links] == [True] * 4 and out.count("<figure") == 4
