"""A .zip archive unpacked safely, so that every reader reads it as the folder it was.

Why unpack rather than read members in place: readers, the converter and the resource loader all
work on files (a Medium story's pictures, a Markdown post's images beside it, pandoc reading a
Word file), so one careful unpacking serves them all, where reading members would have to be
taught to each. The archive is unpacked once per process into a private temporary folder (the
plan has no scratch folder yet when it reads metadata, and bodies and pictures are read later
from the same files); the folder is removed when the process ends, and a changed archive
(size or time) is unpacked anew. Messages name a file in it by the archive's path and the file's
place in the archive ("blog.zip/posts/a.md"), never the temporary folder.

Nothing in an archive is trusted: a member whose path would leave the folder (absolute, `..`,
a drive letter, a link) stops the read, and so do too many members, too many bytes in all, or a
member that expands far beyond its compressed size (a zip bomb), each with a clear error.
Archives inside an archive are not opened (nesting would multiply the limits).
"""

from __future__ import annotations

import atexit
import os
import shutil
import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from postbind.errors import SHOWN_AS, book_error

MAX_MEMBERS = 10_000  # files and folders: a blog of ten years with its pictures fits
MAX_TOTAL_BYTES = 2 * 1024**3  # uncompressed, all members together
MAX_RATIO = 200  # uncompressed ÷ compressed: text compresses ~10×, bombs ~1000×
RATIO_FLOOR = 1024 * 1024  # smaller members may compress as well as they like: they can't hurt
SKIPPED = ("__MACOSX",)  # macOS's resource forks: never posts

_unpacked: dict[tuple[Path, int, int], Path] = {}  # (archive, size, mtime) -> its folder
_owner = os.getpid()


def unpacked(path: Path) -> Path:
    """The folder `path` (a .zip archive) unpacks to, unpacked now unless it was already."""
    info = path.stat()
    key = (path.resolve(), info.st_size, info.st_mtime_ns)
    if key not in _unpacked:
        target = Path(tempfile.mkdtemp(prefix=f"postbind-{_safe_stem(path)}-"))
        try:
            _extract(path, target)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        _forget(key[0])  # an older unpacking of a changed archive (postbind watch) goes
        _unpacked[key] = target
        SHOWN_AS[target.resolve()] = path  # messages name the archive, not the temporary folder
    return _unpacked[key]


def _forget(archive: Path) -> None:
    for key in [k for k in _unpacked if k[0] == archive]:
        folder = _unpacked.pop(key)
        SHOWN_AS.pop(folder.resolve(), None)
        shutil.rmtree(folder, ignore_errors=True)


def content_folder(path: Path) -> Path:
    """Where an archive's posts are: past top folders that only hold one folder ("export/…")."""
    folder = unpacked(path)
    while True:
        children = [c for c in folder.iterdir() if not c.name.startswith(".")]
        if len(children) != 1 or not children[0].is_dir():
            return folder
        folder = children[0]


def unpacked_folder(path: Path) -> Path | None:
    """The folder an archive was unpacked to in this process, or None."""
    real = path.resolve()
    return next((folder for (source, *_), folder in _unpacked.items() if source == real), None)


def is_inside_unpacked(path: Path) -> bool:
    """True for a file that came out of an archive (archives in archives are not opened)."""
    real = path.resolve()
    return any(folder in real.parents for folder in _unpacked.values())


def _extract(path: Path, target: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not _skipped(m)]
            _check_limits(path, members)
            for member in members:
                _extract_member(path, archive, member, target)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError) as problem:
        raise book_error(f"unreadable zip archive: {problem}", path) from None
    except OSError as problem:
        raise book_error(f"cannot unpack the archive: {problem.strerror or problem}", path) from None


def _check_limits(path: Path, members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise book_error(f"the archive holds {len(members)} entries, more than the {MAX_MEMBERS} postbind reads", path)
    total = sum(m.file_size for m in members)
    if total > MAX_TOTAL_BYTES:
        raise book_error(f"the archive unpacks to {total} bytes, more than the {MAX_TOTAL_BYTES} postbind reads", path)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            message = f"{_name(member)} expands {ratio:.0f} times (a zip bomb?); postbind reads up to {MAX_RATIO} times"
            raise book_error(message, path)


def _extract_member(path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path) -> None:
    name = _name(member)
    parts = PurePosixPath(name).parts
    if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
        raise book_error(f"{name}: a path that leaves the archive; not unpacked", path)
    if stat.S_ISLNK(member.external_attr >> 16):
        raise book_error(f"{name}: a link inside the archive; not unpacked", path)
    destination = target.joinpath(*parts) if parts else target
    if target.resolve() not in destination.resolve().parents and destination.resolve() != target.resolve():
        raise book_error(f"{name}: a path that leaves the archive; not unpacked", path)
    if member.is_dir():
        destination.mkdir(parents=True, exist_ok=True)
        return
    destination.parent.mkdir(parents=True, exist_ok=True)
    # zipfile stops at the size the member declares, so the limits checked above hold while copying
    with archive.open(member) as source, destination.open("wb") as out:
        shutil.copyfileobj(source, out, 1024 * 1024)


def _name(member: zipfile.ZipInfo) -> str:
    """The member's path with Windows separators read as separators (zip-slip hides behind them)."""
    return member.filename.replace("\\", "/")


def _skipped(member: zipfile.ZipInfo) -> bool:
    parts = PurePosixPath(_name(member)).parts
    return bool(parts) and parts[0] in SKIPPED


def _safe_stem(path: Path) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in path.stem)[:40] or "archive"


@atexit.register
def _clean_up() -> None:
    if os.getpid() != _owner:  # a forked worker leaves its parent's folders alone
        return
    for archive in {key[0] for key in _unpacked}:
        _forget(archive)
