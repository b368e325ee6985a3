"""Source formats to HTML through pandoc (the only module that uses pypandoc).

The posts of a build go through a few `pandoc lua` processes, one per worker (core), each
converting a batch: starting pandoc per post costs more than converting it. A small book is
one batch. The bundled pandoc of pypandoc-binary is used, never one found on PATH, so a book
builds the same on every machine.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import secrets
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pypandoc

from postbind import cache
from postbind.errors import MissingDependency

SCRIPT = Path(__file__).with_name("convert.lua")
# A long data: URL (a picture pasted into a post) goes to pandoc as a short stand-in, put back in its HTML
# after: pandoc's Markdown reader takes ~30 s over an 11 MB one, and has nothing to do with its characters.
LONG_DATA_URL_RE = re.compile(r"data:[^\s\"'()<>]{4096,}")
# Pandoc's Markdown, minus a YAML block in the body (front matter is read already),
# plus lists right after a paragraph line, as blog engines (CommonMark, GFM) allow, and
# \(…\) and \[…\] math, as MathJax and KaTeX read it. "math" is the formulas found in an HTML post.
PANDOC_FORMATS = {
    "markdown": "markdown-yaml_metadata_block+lists_without_preceding_blankline+tex_math_single_backslash",
    # A static site's Markdown (Hugo, Jekyll, MyST): `[@name]: url` is a link to a person there, never a citation.
    "site-markdown": (
        "markdown-yaml_metadata_block-citations+lists_without_preceding_blankline+tex_math_single_backslash"
    ),
    "docx": "docx",
    "rst": "rst",
    "math": "markdown+tex_math_single_backslash",
}
# Jobs that are no post: a book's list of references, and a check that citation files can be read.
CITATION_KINDS = ("references", "bibliography")
# A pandoc process starts in ~0.06-0.2 s and converts ~0.5 MB of Markdown a second: a batch is
# worth its own process from about this much text, and a few posts (fewer than MIN_JOBS: one).
BATCH_CHARS = 50_000
MIN_JOBS = 8


@dataclass(frozen=True)
class Converted:
    html: str | None
    error: str | None = None
    title: str | None = None  # what the document itself says (a pandoc title block, Word's properties)
    authors: tuple[str, ...] = ()
    date: str | None = None
    pieces: tuple[str, ...] = ()  # a "math" job's formulas, one HTML paragraph each
    cited: tuple[str, ...] = ()  # the citation keys the document uses, found in its bibliographies
    unknown: tuple[str, ...] = ()  # keys it cites that no bibliography of its holds


@dataclass(frozen=True)
class Citing:
    """What pandoc's citeproc needs for a document: its bibliographies and style, and where its references go."""

    bibliography: tuple[Path, ...] = ()
    csl: Path | None = None  # None: pandoc's built-in Chicago author-date
    listed: bool = True  # False: the references are a chapter of their own (`references: book`)
    keys: tuple[str, ...] = ()  # for a "references" job: every key the book cites
    title: str = "References"

    def as_json(self) -> dict:
        found = {"bibliography": [str(path) for path in self.bibliography], "listed": self.listed}
        found.update(keys=list(self.keys), title=self.title)
        return found | ({"csl": str(self.csl)} if self.csl else {})  # no JSON null: Lua reads it as true

    def contents(self) -> list[str]:
        """The files' digests, for the cache key: an edited .bib must convert the posts anew."""
        found = []
        for path in (*self.bibliography, *([self.csl] if self.csl else [])):
            try:
                found.append(hashlib.sha256(path.read_bytes()).hexdigest())
            except OSError:
                found.append("")  # the conversion reports it
        return found


@dataclass(frozen=True)
class Job:
    """One document to convert: its text, or (for Word files) its path and where its pictures go; or, of the
    CITATION_KINDS, the book's references (`cite.keys`) or a check of `cite`'s files."""

    fmt: str
    text: str | None = None
    path: Path | None = None
    media_dir: Path | None = None
    cite: Citing | None = None

    def as_json(self) -> dict:
        cite = {"cite": self.cite.as_json()} if self.cite else {}  # no JSON null: Lua reads it as true
        if self.fmt in CITATION_KINDS:
            return {"kind": self.fmt, **cite}
        if self.path is not None:
            return {"path": str(self.path), "from": PANDOC_FORMATS[self.fmt], "media_dir": str(self.media_dir)}
        return {"text": self.text, "from": PANDOC_FORMATS[self.fmt], "pieces": self.fmt == "math", **cite}

    @property
    def is_post(self) -> bool:
        return self.fmt != "math" and self.fmt not in CITATION_KINDS

    def size(self) -> int:
        """How much work the job is, roughly: its characters (a Word file: its bytes)."""
        if self.path is None:
            return len(self.text or "")
        try:
            return self.path.stat().st_size
        except OSError:
            return 0  # pandoc reports the file's problem


def pandoc_path() -> str:
    bundled = Path(pypandoc.__file__).parent / "files" / "pandoc"
    if bundled.is_file():
        return str(bundled)
    try:
        return pypandoc.get_pandoc_path()
    except OSError:
        raise MissingDependency("pandoc not found: reinstall postbind (it needs pypandoc-binary)") from None


def usable_cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU affinity mask)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def to_html(jobs: list[Job], workers: int | None = None) -> tuple[list[Converted], int]:
    """Convert documents to HTML fragments: from the cache, else in up to `workers` pandoc processes
    at once (default: one per usable core).

    Returns the results in the jobs' order and how many posts came from the cache.
    """
    keys = [_cache_key(job) for job in jobs]
    results = [cache.load(k) if k else None for k in keys]
    missing = [i for i, result in enumerate(results) if result is None]
    converted = _run_pandoc([jobs[i] for i in missing], workers or usable_cores())
    for index, result in zip(missing, converted, strict=True):
        results[index] = result
        if keys[index] and "error" not in result:
            cache.store(keys[index], result)
    fresh = set(missing)
    hits = sum(1 for i, job in enumerate(jobs) if i not in fresh and job.is_post)  # posts, not formulas
    return [_converted(result) for result in results], hits


def _cache_key(job: Job) -> str | None:
    """Word files are not cached: their pictures live in the build's scratch folder."""
    if job.path is not None:
        return None
    cite = [json.dumps(job.cite.as_json(), sort_keys=True), *job.cite.contents()] if job.cite else []
    return cache.key("pandoc", pandoc_version(), job.fmt, PANDOC_FORMATS.get(job.fmt, ""), _script_text(),
                     job.text or "", *cite)  # fmt: skip


@functools.cache
def _script_text() -> str:
    """The converter script, part of every cache key; read once a build, not once a post."""
    return SCRIPT.read_text(encoding="utf-8")


def batches(jobs: list[Job], workers: int) -> list[list[int]]:
    """The jobs' indexes split into batches of about the same size, one per pandoc process, each in
    the jobs' order: the largest job first to the lightest batch. Few or small jobs make one batch."""
    sizes = [job.size() for job in jobs]
    count = max(1, min(workers, len(jobs) // (MIN_JOBS // 2), sum(sizes) // BATCH_CHARS))
    if len(jobs) < MIN_JOBS or count == 1:
        return [list(range(len(jobs)))] if jobs else []
    loads = [[0, n, []] for n in range(count)]  # size so far, batch number (ties), indexes
    for index in sorted(range(len(jobs)), key=lambda i: -sizes[i]):
        lightest = min(loads)
        lightest[0] += sizes[index]
        lightest[2].append(index)
    return [sorted(load[2]) for load in loads]


def _run_pandoc(jobs: list[Job], workers: int = 1) -> list[dict]:
    """Every job's result, in order: each batch in a pandoc process of its own, all at once."""
    split = batches(jobs, workers)
    if len(split) <= 1:
        return _run_batch(jobs)
    with ThreadPoolExecutor(max_workers=len(split)) as pool:  # each thread waits on its process
        done = list(pool.map(lambda batch: _run_batch([jobs[i] for i in batch]), split))
    results: list[dict] = [{}] * len(jobs)
    for batch, converted in zip(split, done, strict=True):
        for index, result in zip(batch, converted, strict=True):
            results[index] = result
    return results


def _run_batch(jobs: list[Job]) -> list[dict]:
    if not jobs:
        return []
    payload, urls = _stand_ins([job.as_json() for job in jobs])
    done = subprocess.run(
        [pandoc_path(), "lua", str(SCRIPT)],
        input=json.dumps(payload).encode("utf-8"),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"pandoc failed: {done.stderr.decode('utf-8', 'replace')}")
    return [_put_back(result, urls) for result in json.loads(done.stdout)]


def _stand_ins(payload: list[dict]) -> tuple[list[dict], dict[str, str]]:
    """The jobs with every long data: URL of their text swapped for a stand-in; the stand-ins' URLs."""
    urls: dict[str, str] = {}
    nonce = secrets.token_hex(6)  # so no post's own text can name a stand-in

    def stand_in(match: re.Match) -> str:
        name = f"postbind-data-{nonce}-{len(urls)}"
        urls[name] = match.group(0)
        return name

    return [
        {**job, "text": LONG_DATA_URL_RE.sub(stand_in, job["text"])} if "text" in job else job for job in payload
    ], urls


def _put_back(result: dict, urls: dict[str, str]) -> dict:
    """A converted document with its data: URLs back in place of their stand-ins."""
    if not urls or not result.get("html"):
        return result
    html = result["html"]
    for name, url in urls.items():
        html = html.replace(name, url)
    return {**result, "html": html}


@functools.cache
def pandoc_version() -> str:
    """Part of every cache key: another pandoc may convert the same text differently."""
    return str(Path(pandoc_path()).stat().st_size) + ":" + pypandoc.__version__


def _converted(result: dict) -> Converted:
    authors = tuple(a for a in result.get("authors") or () if a)
    pieces = tuple(result.get("pieces") or ())
    cited, unknown = (tuple(result.get(name) or ()) for name in ("cited", "unknown"))
    return Converted(
        result.get("html"),
        result.get("error"),
        result.get("title"),
        authors,
        result.get("date"),
        pieces,
        cited,
        unknown,
    )
