"""Citations: what each post's `[@key]` citations are resolved with, the warnings about keys no
bibliography holds, and the list of works for a book's References chapter (`references: book`).

pandoc's citeproc formats them (convert.lua); this module decides what it is given and reads back
what it found. A post's own `bibliography` adds to the book's; its `csl` replaces the book's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from postbind import convert
from postbind.config.citations import BIBLIOGRAPHY_EXTENSIONS, CitationSettings
from postbind.convert import Citing
from postbind.errors import Reporter, book_error
from postbind.model import Post

TITLE = "References"  # the heading of a chapter's list, and the title of a book's References chapter


def post_citing(
    post: Post, settings: CitationSettings, allowed: Callable[[Path], bool], reporter: Reporter
) -> Citing | None:
    """What citeproc resolves the post's citations with; None when neither book.yaml nor the post names a
    bibliography (its citations are left as written)."""
    own = tuple(
        path
        for value in post.meta.bibliography
        if (path := _post_file(post, value, "bibliography", BIBLIOGRAPHY_EXTENSIONS, allowed, reporter))
    )
    csl = _post_file(post, post.meta.csl, "csl", (".csl",), allowed, reporter) if post.meta.csl else None
    bibliography = tuple(dict.fromkeys((*settings.bibliography, *own)))  # a file named twice is read once
    if not bibliography:
        return None
    return Citing(bibliography, csl or settings.csl, listed=settings.references == "chapter", title=TITLE)


def _post_file(
    post: Post, value: str, key: str, extensions: tuple[str, ...], allowed: Callable[[Path], bool], reporter: Reporter
) -> Path | None:
    """A file the post's front matter names, relative to the post; a post is untrusted, so a file outside
    the book's folders is refused like a missing one (with a warning, and the post goes on without it)."""
    path = (post.source.parent / value).resolve()
    problem = (
        "is outside the book's folders"
        if not allowed(path)
        else "does not exist"
        if not path.is_file()
        else f"is not a {' '.join(extensions)} file"
        if path.suffix.lower() not in extensions
        else None
    )
    if problem:
        reporter.warn(f"{key} '{value}' {problem}; ignored", post.source, _front_matter_line(post, key))
        return None
    return path


def _front_matter_line(post: Post, key: str) -> int | None:
    """The line of `key:` in the post's front matter (above its body), for messages."""
    try:
        head = post.source.read_text(encoding="utf-8", errors="replace").split("\n")[: post.body_line - 1]
    except OSError:
        return None
    return next((n for n, line in enumerate(head, 1) if re.match(rf"\s*['\"]?{key}['\"]?\s*[:=]", line)), None)


def check_jobs(citings: Iterable[Citing | None]) -> list[convert.Job]:
    """One job a file: pandoc reads each bibliography and style once, so a bad one is named alone."""
    files = dict.fromkeys(path for citing in citings if citing for path in (*citing.bibliography, citing.csl) if path)
    return [
        convert.Job("bibliography", cite=Citing(csl=path) if path.suffix.lower() == ".csl" else Citing((path,)))
        for path in files
    ]


def raise_file_errors(jobs: list[convert.Job], results: list[convert.Converted]) -> None:
    """A bibliography or style pandoc can't read stops the build, naming the file (and the line, if known)."""
    for job, result in zip(jobs, results, strict=True):
        if result.error:
            path = job.cite.csl or job.cite.bibliography[0]
            what = "citation style" if job.cite.csl else "bibliography"
            message = re.sub(r"^Error reading bibliography file .*?:\s*", "", result.error.strip())
            line = re.search(r"\(line (\d+), column \d+\)", message)
            raise book_error(f"cannot read the {what}: {message}", path, int(line.group(1)) if line else None)


def warn_unknown(post: Post, citing: Citing | None, unknown: tuple[str, ...], reporter: Reporter) -> None:
    """A key no bibliography holds: a warning where the post first cites it. A post that cites in
    brackets with no bibliography at all: one warning."""
    if unknown and citing is None:
        message = f"the post cites '{unknown[0]}', but neither book.yaml nor the post gives a bibliography"
        reporter.warn(message, post.source, _citation_line(post, unknown[0]))
        return
    for key in unknown:
        reporter.warn(f"citation key '{key}' is not in the bibliography", post.source, _citation_line(post, key))


def _citation_line(post: Post, key: str) -> int:
    found = re.search(r"@\{?" + re.escape(key) + r"(?!\w)", post.body)
    return post.body_line + (post.body[: found.start()].count("\n") if found else 0)


def references_html(
    settings: CitationSettings, citings: Iterable[Citing | None], cited: Iterable[str], workers: int | None
) -> str | None:
    """`references: book`: the entries of every work the book cites, in the book's style (None: it cites
    none). Every bibliography any post uses is searched, the book's first."""
    keys = tuple(dict.fromkeys(cited))
    if settings.references != "book" or not keys:
        return None
    bibliography = dict.fromkeys(path for citing in citings if citing for path in citing.bibliography)
    job = convert.Job("references", cite=Citing(tuple(bibliography), settings.csl, keys=keys, title=TITLE))
    [result], _ = convert.to_html([job], workers)
    if result.error:
        raise book_error(
            f"cannot list the references: {result.error}", settings.bibliography[0] if settings.bibliography else None
        )
    return result.html
