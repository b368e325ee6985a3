"""Pictures for the README: facing-page spreads of the PDF (pdftoppm), and EPUB chapters as a
reading system's web engine shows them on a phone-sized screen (headless Chromium)."""

import subprocess
import sys
import tempfile
import zipfile
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
    subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", str(number), "-l", str(number), str(pdf), str(stem)], check=True)
    return Image.open(f"{stem}.png").convert("RGB")


EPUB_PAGES = {"epub-chapter.png": "EPUB/c02.xhtml", "epub-notes.png": "EPUB/c04.xhtml"}
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def epub_pictures(epub: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        zipfile.ZipFile(epub).extractall(tmp)
        for name, page in EPUB_PAGES.items():
            chapter = Path(tmp) / page  # reading systems add their own margins; so does this picture
            text = chapter.read_text(encoding="utf-8")
            chapter.write_text(text.replace("</head>", "<style>body { margin: 1.4em 1.2em; }</style></head>"))
            command = ["chromium", *CHROMIUM_FLAGS, "--window-size=420,760", f"--user-data-dir={tmp}/profile",
                       f"--screenshot={out / name}", (Path(tmp) / page).as_uri()]  # fmt: skip
            subprocess.run(command, check=True, capture_output=True)
            print(f"wrote {out / name}")


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
    epub_pictures(Path(sys.argv[1]).with_suffix(".epub"), Path(sys.argv[2]))
