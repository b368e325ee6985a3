"""Pictures for the README: facing-page spreads of the PDF (pdftoppm), the EPUB in calibre's
E-book viewer on a virtual screen (Xvfb), and the sample book's printed cover wrap for KDP."""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

# (left page, right page) pairs worth showing in the sample book; 0 = an empty slot
SPREADS = {
    "spread-title.png": (2, 3),
    "spread-contents.png": (4, 5),
    "spread-chapter.png": (12, 13),
    "spread-notes.png": (14, 15),
    "spread-sources.png": (36, 37),
}


def page_image(pdf: Path, number: int, folder: Path) -> Image.Image:
    stem = folder / f"p{number}"
    subprocess.run(
        ["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", str(number), "-l", str(number), str(pdf), str(stem)],
        check=True,
    )
    return Image.open(f"{stem}.png").convert("RGB")


# Chapters to show in calibre's E-book viewer, a real reading system, on a virtual screen.
READER_SHOTS = {
    "epub-reader-chapter.png": "The Anatomy of a Chapter",
    "epub-reader-scripts.png": "Many Scripts, One Book",
}
READER_SCRIPT = """QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox ebook-viewer --open-at "toc:{chapter}" "{epub}" &
sleep 18
for w in $(xdotool search --onlyvisible --name . 2>/dev/null); do xdotool windowsize $w 460 760 windowmove $w 0 0; done
sleep 4; xdotool key shift; sleep 3
import -window root -crop 460x760+0+0 "{png}"
kill $! 2>/dev/null || true
"""


def reader_pictures(epub: Path, out: Path) -> None:
    """The EPUB in calibre's E-book viewer under Xvfb (xdotool sizes the window, ImageMagick shoots it)."""
    for name, chapter in READER_SHOTS.items():
        script = READER_SCRIPT.format(chapter=chapter, epub=epub.resolve(), png=(out / name).resolve())
        subprocess.run(
            ["xvfb-run", "-a", "-s", "-screen 0 700x1000x24", "sh", "-c", script], check=True, capture_output=True
        )
        print(f"wrote {out / name}")


def web_picture(web: Path, out: Path) -> None:
    """A page of the web edition with the print edition's page numbers in the margin (headless Chromium)."""
    page = (web / "anatomy-of-a-chapter.html").resolve().as_uri()
    shot = out / "web-page-numbers.png"
    command = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=820,620"]
    subprocess.run([*command, f"--screenshot={shot.resolve()}", page], check=True, capture_output=True)
    print(f"wrote {shot}")


REPO = Path(__file__).resolve().parent.parent


def cover_picture(out: Path) -> None:
    """The sample book's cover wrap for a KDP paperback on cream paper, as its proof with the guides drawn."""
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(REPO / "book", Path(tmp) / "book")
        shutil.copytree(REPO / "chapters", Path(tmp) / "chapters")
        yaml = Path(tmp) / "book" / "book.yaml"
        setup = "\nisbn: {print: 978-0-00-000000-2}\nprint:\n  printer: kdp\n  paper: cream\n"
        yaml.write_text(yaml.read_text(encoding="utf-8").replace("\nprint:\n", setup), encoding="utf-8")
        build = [sys.executable, "-m", "postbind", "build", str(yaml.parent), "-o", tmp, "-q"]
        subprocess.run([*build, "--format", "cover", "--cover-guides"], check=True)
        proof = Path(tmp) / "from-blog-to-book-cover-guides.pdf"
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(proof), str(out / "cover-wrap")], check=True)
    print(f"wrote {out / 'cover-wrap.png'}")


def main(pdf: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (left, right) in SPREADS.items():
            right_image = page_image(pdf, right, Path(tmp))
            left_image = page_image(pdf, left, Path(tmp)) if left else Image.new("RGB", right_image.size, "#d0d0d0")
            sheet = Image.new("RGB", (right_image.width * 2 + 2, right_image.height), "#888888")
            sheet.paste(left_image, (0, 0))
            sheet.paste(right_image, (right_image.width + 2, 0))
            sheet.save(out / name, optimize=True)
            print(f"wrote {out / name}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
    cover_picture(Path(sys.argv[2]))
    reader_pictures(Path(sys.argv[1]).with_suffix(".epub"), Path(sys.argv[2]))
    web_picture(Path(sys.argv[1]).with_suffix(""), Path(sys.argv[2]))
