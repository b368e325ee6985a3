"""`make bench`: postbind against pandoc on generated anthologies, as ratios measured side by side.

Writes bench/RESULTS.md. Each ratio is the median of 3 alternating runs (ours, theirs, ours, …).
Measures: 1. EPUB build ÷ pandoc's EPUB writer; 2. PDF build ÷ pandoc → HTML → WeasyPrint;
3. EPUB+PDF rebuild after editing one post ÷ the cold build; 4. peak memory (RSS, children
included) and pages per second of the 1,000-post PDF build.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pypandoc
from pypdf import PdfReader

HERE = Path(__file__).resolve().parent
WORDS = ("book blog post reader chapter page print paper note margin river garden city winter letter "
         "story morning archive edition voice street light window table friend history").split()  # fmt: skip
PYTHON = sys.executable
TARGETS = {"epub": 0.7, "pdf": 1.0, "rebuild": 0.15}


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(4, 7)))


def post(number: int, rng: random.Random) -> str:
    """A ~900-word post: front matter, headings, a quote, two footnotes."""
    body = [paragraph(rng) + "[^1]", "## " + sentence(rng)[:-1], paragraph(rng), "> " + paragraph(rng)]
    body += [paragraph(rng) for _ in range(4)] + ["### " + sentence(rng)[:-1], paragraph(rng) + "[^2]"]
    body += [paragraph(rng) for _ in range(3)] + [f"[^1]: {sentence(rng)}", f"[^2]: {sentence(rng)}"]
    date = dt.date(2015, 1, 1) + dt.timedelta(days=number)
    head = f'---\ntitle: "Post {number}: {sentence(rng)[:40]}"\ndate: {date}\nauthor: Writer {number % 7}\n---\n\n'
    return head + "\n\n".join(body) + "\n"


def corpus(folder: Path, count: int) -> Path:
    rng = random.Random(count)
    (folder / "posts").mkdir(parents=True)
    for number in range(count):
        (folder / "posts" / f"{number:04d}.md").write_text(post(number, rng), encoding="utf-8")
    (folder / "book.yaml").write_text(f"title: Benchmark {count}\nauthor: Bench\ndate: 2026-01-01\nchapters: [posts]\n")
    return folder


def timed(command: list[str], cwd: Path, cache: str | None = None, output: list | None = None) -> float:
    """Seconds a command takes; postbind's cache is empty unless `cache` names one to reuse."""
    env = dict(os.environ, XDG_CACHE_HOME=cache or tempfile.mkdtemp(prefix="postbind-bench-cache-"))
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({done.returncode}): {done.stderr[-2000:]}")
    if output is not None:
        output.append(done.stderr)
    return time.perf_counter() - start


def postbind(book: Path, fmt: str, quiet: bool = True) -> list[str]:
    return [PYTHON, "-m", "postbind", "build", str(book), "-o", str(book / "out"), "--format", fmt] + ["-q"] * quiet


def pandoc_epub(book: Path) -> list[str]:
    posts = sorted(str(p) for p in (book / "posts").glob("*.md"))
    return [pypandoc.get_pandoc_path(), "--file-scope", "-o", str(book / "pandoc.epub"), *posts]


def pandoc_pdf(book: Path) -> list[str]:
    posts = sorted(str(p) for p in (book / "posts").glob("*.md"))
    html = book / "pandoc.html"
    script = (
        f"import subprocess, weasyprint; subprocess.run({[pypandoc.get_pandoc_path(), '--file-scope', '-s', '-o', str(html), *posts]!r}, check=True); "
        f"weasyprint.HTML({str(html)!r}).write_pdf({str(book / 'pandoc.pdf')!r})"
    )
    return [PYTHON, "-c", script]


def ratio(ours: list[str], theirs: list[str], cwd: Path, runs: int = 3) -> tuple[float, float, float]:
    """Median of alternating runs: (our seconds, their seconds, ratio)."""
    pairs = [(timed(ours, cwd), timed(theirs, cwd)) for _ in range(runs)]
    mine, other = statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)
    return mine, other, mine / other


def rebuild_ratio(book: Path, runs: int = 3) -> tuple[float, float, float, list[str]]:
    """Cold build, one post edited, rebuild with the same cache; and the rebuilds' closing lines (the proof)."""
    cold, warm, summaries = [], [], []
    victim = sorted((book / "posts").glob("*.md"))[len(list((book / "posts").glob("*.md"))) // 2]
    for run in range(runs):
        cache = tempfile.mkdtemp(prefix="postbind-bench-cache-")
        cold.append(timed(postbind(book, "epub,pdf"), book, cache))
        victim.write_text(victim.read_text(encoding="utf-8") + f"\nAn edit, {run}.\n", encoding="utf-8")
        output: list[str] = []
        warm.append(timed(postbind(book, "epub,pdf", quiet=False), book, cache, output))  # a real rebuild
        summaries.append(output[0].strip().splitlines()[-1])
    mine, other = statistics.median(warm), statistics.median(cold)
    return mine, other, mine / other, summaries


def cache_proof(summaries: list[str]) -> str:
    """What the rebuilds' own summaries say the cache saved: checked, not assumed."""
    found = [
        re.search(r"(\d+) post\(s\) from the cache.*PDF: (\d+) section\(s\) rendered, (\d+) from", s) for s in summaries
    ]
    if not all(found):
        raise SystemExit(f"a rebuild did not use the cache: {summaries}")
    posts, rendered, cached = (max(int(m.group(n)) for m in found) for n in (1, 2, 3))
    return (
        f"Rebuilds after one edit (their own summaries): at most {rendered} PDF section(s) rendered, "
        f"{cached} from the cache; {posts} posts not converted again."
    )


def peak_memory(book: Path) -> tuple[float, float]:
    """Peak RSS (MB) of a PDF build, its worker processes included (summed every 50 ms), and pages per second."""
    env = dict(os.environ, XDG_CACHE_HOME=tempfile.mkdtemp(prefix="postbind-bench-cache-"))
    start, peak = time.perf_counter(), 0
    build = psutil.Popen(postbind(book, "pdf"), cwd=book, env=env, stderr=subprocess.DEVNULL)
    while build.poll() is None:
        try:
            tree = [build, *build.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass  # a worker ended between listing and measuring
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    if build.returncode != 0:
        raise SystemExit(f"the {book.name} PDF build failed ({build.returncode})")
    pages = len(PdfReader(str(next((book / "out").glob("*.pdf")))).pages)
    return peak / 2**20, pages / seconds


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "200,1000").split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="postbind-bench-") as tmp:
        small = corpus(Path(tmp) / "small", sizes[0])
        rows.append(
            (
                "EPUB build ÷ pandoc EPUB",
                sizes[0],
                *ratio(postbind(small, "epub"), pandoc_epub(small), small),
                TARGETS["epub"],
            )
        )
        rows.append(
            (
                "PDF build ÷ pandoc HTML + WeasyPrint",
                sizes[0],
                *ratio(postbind(small, "pdf"), pandoc_pdf(small), small),
                TARGETS["pdf"],
            )
        )
        *rebuild, summaries = rebuild_ratio(small)
        rows.append(("rebuild after one edit ÷ cold build", sizes[0], *rebuild, TARGETS["rebuild"]))
        memory = peak_memory(corpus(Path(tmp) / "large", sizes[-1])) if len(sizes) > 1 else None
    write_results(rows, memory, sizes, cache_proof(summaries))


def write_results(rows, memory, sizes, proof: str) -> None:
    lines = [
        "# Benchmark results", "",
        f"{dt.date.today()}, {os.cpu_count()} cores; `make bench` (bench/run.py). Medians of 3 alternating runs.", "",
        "| measure | posts | postbind (s) | reference (s) | ratio | target | met |", "|---|---|---|---|---|---|---|",
    ]  # fmt: skip
    for name, count, mine, other, value, target in rows:
        lines.append(
            f"| {name} | {count} | {mine:.2f} | {other:.2f} | {value:.2f} | ≤ {target} | {'yes' if value <= target else 'no'} |"
        )
    if memory:
        megabytes, pages_per_second = memory
        met = "yes" if megabytes <= 600 else "no"
        lines += ["", f"PDF of {sizes[-1]} posts: peak memory {megabytes:.0f} MB (target ≤ 600 MB: {met}), "
                  f"{pages_per_second:.1f} pages/s."]  # fmt: skip
    lines += ["", proof]
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
