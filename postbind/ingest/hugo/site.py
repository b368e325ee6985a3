"""Where a Hugo site is: the folder above a content section with a site configuration and a content/ folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from postbind.ingest.front import FrontMatterError, parse_data
from postbind.model import SiteLayout

CONFIG_NAMES = ("hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "config.yaml", "config.json")
MAX_DEPTH = 8  # a section lies a few folders below its site; looking further only finds unrelated folders


@dataclass(frozen=True)
class HugoSite:
    root: Path
    content: Path
    url: str | None = None  # baseURL from the site's configuration

    @property
    def layout(self) -> SiteLayout:
        """Site-absolute paths (/images/x.png) resolve in Hugo's order: static/, then content/."""
        roots = tuple(folder for folder in (self.root / "static", self.content) if folder.is_dir())
        return SiteLayout(roots, self.url)


def find_site(path: Path) -> HugoSite | None:
    """The Hugo site `path` (a folder) lies in, when it lies in its content/ folder."""
    path = path.resolve()
    for folder in [path, *path.parents][:MAX_DEPTH]:
        content = folder / "content"
        if content.is_dir() and any((folder / name).is_file() for name in CONFIG_NAMES):
            if path == content or content in path.parents:
                return HugoSite(folder, content, _base_url(folder))
    return None


def _base_url(root: Path) -> str | None:
    """The site's baseURL, when its configuration can be read and gives one."""
    config = next(root / name for name in CONFIG_NAMES if (root / name).is_file())
    try:
        data = parse_data(config.read_text(encoding="utf-8", errors="replace"), config.suffix.lstrip("."))
    except (FrontMatterError, OSError):
        return None
    url = data.get("baseURL") or data.get("baseurl") if isinstance(data, dict) else None
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None
