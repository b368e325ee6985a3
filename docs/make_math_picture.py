"""The README's math picture: a PDF page of math (pdftoppm) beside the same chapter of the EPUB in a reader.

The reader is calibre's E-book viewer on a virtual screen when calibre is installed, else headless
Chromium showing the chapter's XHTML from the EPUB (a stand-in: both lay MathML out with Chromium's
engine). Usage: python docs/make_math_picture.py docs/images/math-pdf-and-epub.png
"""

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

POST = r"""---
title: Every kind of formula
---

\newcommand{\R}{\mathbb{R}}

Inline $E = mc^2$ and \(a + b\), a fraction $\frac{1}{2}$ and a root $\sqrt{x^2 + 1}$ in $\R^n$.
Bold $\mathbf{v}$ and script $\mathcal{M}$.

$$\sum_{i=1}^{n} i = \frac{n(n+1)}{2}$$

\[ \begin{pmatrix} a & b \\ c & d \end{pmatrix} \]

\begin{align}
f(x) &= x^2 \\
g(x) &= \sqrt[3]{x}
\end{align}

A broken one: $\frac{a$ stays as written.
"""
BOOK = "title: Math Book\nauthor: A. Mathematician\nlanguage: en\ndate: 2026-01-01\nchapters: [math.md]\n"
SIZE = (600, 520)  # of each half: the top of a 6 × 9 in page at 100 dpi
CALIBRE = """QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox ebook-viewer --open-at "toc:Every kind of formula" "{epub}" &
sleep 18
for w in $(xdotool search --onlyvisible --name . 2>/dev/null); do xdotool windowsize $w 600 900 windowmove $w 0 0; done
sleep 4; xdotool key shift; sleep 3
import -window root -crop 600x900+0+0 "{png}"
kill $! 2>/dev/null || true
"""


def build(folder: Path) -> tuple[Path, Path]:
    (folder / "book.yaml").write_text(BOOK, encoding="utf-8")
    (folder / "math.md").write_text(POST, encoding="utf-8")
    out = folder / "out"
    subprocess.run([sys.executable, "-m", "postbind", "build", str(folder), "-o", str(out), "--format", "epub,pdf"],
                   check=True)  # fmt: skip
    return folder / "out" / "math-book.pdf", folder / "out" / "math-book.epub"


def pdf_page(pdf: Path, folder: Path) -> Image.Image:
    """The chapter's first page at 100 dpi."""
    for number in range(1, 20):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"], capture_output=True)
        if b"Inline" in text.stdout:
            break
    stem = folder / "page"
    pages = ["-f", str(number), "-l", str(number)]
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-singlefile", *pages, str(pdf), str(stem)], check=True)
    return Image.open(f"{stem}.png").convert("RGB").crop((0, 60, SIZE[0], 60 + SIZE[1]))


def reader_page(epub: Path, folder: Path) -> tuple[Image.Image, str]:
    """The chapter in calibre's viewer, or (without calibre) its XHTML in headless Chromium."""
    png = folder / "reader.png"
    if shutil.which("ebook-viewer") and shutil.which("xvfb-run"):
        script = CALIBRE.format(epub=epub, png=png)
        subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 700x1000x24", "sh", "-c", script], check=True)
        label = "EPUB in calibre's E-book viewer"
    else:
        with zipfile.ZipFile(epub) as archive:
            archive.extractall(folder / "epub")
        chapter = folder / "epub" / "EPUB" / "math.xhtml"  # the chapter is named after its post, math.md
        page = chapter.read_text(encoding="utf-8").replace("</head>", "<style>body{margin:48px 40px}</style></head>")
        chapter.write_text(page, encoding="utf-8")
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--window-size=600,900", f"--screenshot={png}", chapter.as_uri()], check=True)  # fmt: skip
        label = "EPUB chapter, MathML (headless Chromium)"
    return Image.open(png).convert("RGB").crop((0, 0, *SIZE)), label


def main(target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdf, epub = build(folder)
        left = pdf_page(pdf, folder)
        right, label = reader_page(epub, folder)
    gap, top = 24, 36
    sheet = Image.new("RGB", (SIZE[0] * 2 + gap * 3, SIZE[1] + top + gap), (230, 230, 230))
    sheet.paste(left, (gap, top))
    sheet.paste(right, (gap * 2 + SIZE[0], top))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.truetype("DejaVuSans.ttf", 16)
    draw.text((gap, 10), "PDF (WeasyPrint, formulas drawn by ziamath)", fill=(0, 0, 0), font=font)
    draw.text((gap * 2 + SIZE[0], 10), label, fill=(0, 0, 0), font=font)
    sheet.save(target, optimize=True)
    print(f"wrote {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
