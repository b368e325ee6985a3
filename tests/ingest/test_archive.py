"""Zip archives: any folder shape read in place (Substack, Medium, a folder of Markdown with its
pictures), and archives that try to escape or explode stopped with a clear error."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from postbind.errors import PostbindError, Reporter
from postbind.ingest import archive
from postbind.ingest.registry import detect, read_all
from tests.helpers import SHARED, Epub, assert_epubcheck_clean, build_book, needs_shared, run_cli, write_book

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PLATFORMS = SHARED / "corpus" / "platforms"
PNG = (FIXTURES / "medium" / "posts" / "images" / "map.png").read_bytes()


def zip_folder(folder: Path, target: Path, top: str = "") -> Path:
    """`folder` zipped into `target`, under a top folder `top` when given (as most exports are)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            out.write(file, str(Path(top) / file.relative_to(folder)))
    return target


def zip_members(target: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    return target


def read(path: Path):
    reporter = Reporter(quiet=True)
    return read_all(path, reporter), reporter


def test_an_archive_reads_like_its_folder(tmp_path):
    for name in ("substack", "medium"):
        packed = zip_folder(FIXTURES / name, tmp_path / f"{name}.zip", top=f"{name}-export")
        assert detect(packed).name == "zip"
        posts, _ = read(packed)
        unpacked, _ = read(FIXTURES / name)
        assert [(p.meta, p.body) for p in posts] == [(p.meta, p.body) for p in unpacked]
        assert {p.source.parent.parent.name for p in posts} == {f"{name}-export"}


def test_a_book_of_an_archive_holds_its_pictures(tmp_path):
    post = "---\ntitle: Maps\n---\n\nAn old map:\n\n![A map](img/map.png)\n"
    packed = zip_members(tmp_path / "blog.zip", {"blog/maps.md": post.encode(), "blog/img/map.png": PNG})
    folder = write_book(tmp_path / "book", f"title: Zipped\nchapters:\n  - {packed}\n")
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    assert "1 chapters, 0 warning(s)" in built.result.stderr  # the picture was found and read
    epub = Epub(built.output("epub"))
    assert epub.manifest("image/png") and "An old map" in epub.all_text()
    assert_epubcheck_clean(built.output("epub"))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../evil.md", "../evil.md: a path that leaves the archive; not unpacked"),
        ("blog/../../evil.md", "blog/../../evil.md: a path that leaves the archive; not unpacked"),
        ("/tmp/evil.md", "/tmp/evil.md: a path that leaves the archive; not unpacked"),
        ("..\\evil.md", "../evil.md: a path that leaves the archive; not unpacked"),
        ("C:/evil.md", "C:/evil.md: a path that leaves the archive; not unpacked"),
    ],
)
def test_a_path_that_leaves_the_archive_stops_the_read(tmp_path, name, message):
    packed = zip_members(tmp_path / "slip.zip", {"blog/post.md": b"# Hi\n", name: b"# Evil\n"})
    with pytest.raises(PostbindError) as raised:
        read(packed)
    assert (raised.value.diagnostics[0].file, raised.value.diagnostics[0].message) == (packed, message)
    assert not (tmp_path / "evil.md").exists() and not Path("/tmp/evil.md").exists()


def test_a_link_inside_the_archive_is_refused(tmp_path):
    link = zipfile.ZipInfo("blog/passwd.md")
    link.external_attr = 0o120777 << 16  # a symbolic link, as Info-ZIP stores one
    with zipfile.ZipFile(tmp_path / "link.zip", "w") as out:
        out.writestr(link, "/etc/passwd")
    with pytest.raises(PostbindError, match="a link inside the archive"):
        read(tmp_path / "link.zip")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    packed = zip_members(tmp_path / "bomb.zip", {"blog/post.md": b"# Hi\n", "blog/zeros.txt": bytes(20_000_000)})
    assert packed.stat().st_size < 100_000  # 20 MB of zeros compress about a thousand times
    folder = write_book(tmp_path / "book", f"title: Bomb\nchapters:\n  - {packed}\n")
    result = run_cli("build", str(folder), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"{packed}: error: blog/zeros.txt expands" in result.stderr and "(a zip bomb?)" in result.stderr
    assert not list(Path(archive.tempfile.gettempdir()).glob("postbind-bomb-*"))  # nothing left behind


def test_too_many_entries_are_refused(tmp_path):
    members = {f"blog/{n}.txt": b"" for n in range(archive.MAX_MEMBERS + 1)}
    packed = zip_members(tmp_path / "many.zip", members)
    with pytest.raises(PostbindError) as raised:
        read(packed)
    assert raised.value.diagnostics[0].message == (
        f"the archive holds {archive.MAX_MEMBERS + 1} entries, more than the {archive.MAX_MEMBERS} postbind reads"
    )


def test_too_many_bytes_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 1000)  # two gigabytes would take long to write
    packed = zip_members(tmp_path / "big.zip", {"blog/post.md": bytes(600), "blog/other.md": bytes(600)})
    with pytest.raises(PostbindError, match="the archive unpacks to 1200 bytes, more than the 1000 postbind reads"):
        read(packed)


def test_a_broken_archive_says_so(tmp_path):
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(PostbindError, match="unreadable zip archive"):
        read(tmp_path / "broken.zip")


@needs_shared
def test_a_book_of_the_zipped_medium_sample(tmp_path):
    packed = zip_folder(PLATFORMS / "medium", tmp_path / "medium-export.zip")
    folder = write_book(tmp_path / "book", f"title: Zipped Medium\nchapters:\n  - {packed}\n")
    listing = run_cli("list", str(folder), "-v").stdout
    assert "Zipped Medium — 7 chapters" in listing
    assert f"This is a comment ({packed}/posts/comment.html): response (include: types)" in listing


def test_a_changed_archive_is_unpacked_anew_and_the_old_folder_goes(tmp_path):
    packed = zip_members(tmp_path / "notes.zip", {"notes/a.md": b"# One\n\nFirst words.\n"})
    (first,), _ = read(packed)
    old_folder = archive.unpacked_folder(packed)
    zip_members(packed, {"notes/a.md": b"# One\n\nSecond words, longer.\n"})
    (second,), _ = read(packed)
    assert "First" in first.body and "Second" in second.body
    assert not old_folder.exists() and archive.unpacked_folder(packed) != old_folder
