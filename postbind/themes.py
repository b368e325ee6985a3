"""Where the built-in themes live, in a wheel or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def builtin_themes_dir() -> Path:
    """The folder holding the built-in themes.

    A wheel carries them as `postbind/styles`; a source checkout (or an editable
    install) has them in the repository's top-level `styles/`.
    """
    packaged = _PACKAGE / "styles"
    return packaged if packaged.is_dir() else _PACKAGE.parent / "styles"


DEFAULT_THEME = "classic"


def default_theme_dir() -> Path:
    """The theme every other theme falls back on, file by file."""
    return builtin_themes_dir() / DEFAULT_THEME


def builtin_theme_names() -> list[str]:
    folders = builtin_themes_dir().iterdir()
    return sorted(p.name for p in folders if (p / "chapter.html").is_file() or (p / "theme.yaml").is_file())


def theme_folders(root: Path, theme_dir: Path) -> list[Path]:
    """Where templates and CSS are looked up: the book's styles/ (beside book.yaml at `root`), its theme,
    the default theme."""
    folders = [root / "styles", theme_dir, default_theme_dir()]
    return list(dict.fromkeys(f.resolve() for f in folders if f.is_dir()))
