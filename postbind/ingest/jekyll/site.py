"""A Jekyll site around a `_posts` folder: its folder, its `_config.yml`, and where its posts' links go."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.source import read_text
from postbind.model import SiteLayout
from postbind.yamlio import YAMLError, load_yaml

MAX_DEPTH = 6  # _posts lies in its site's folder or a little below it (docs/_posts, _posts/2020/…)


@dataclass(frozen=True)
class JekyllSite:
    root: Path  # the folder holding _config.yml (else the one holding _posts): site-absolute paths resolve here
    posts: Path
    config: dict = field(default_factory=dict)

    @property
    def layout(self) -> SiteLayout:
        url = self.config.get("url")
        return SiteLayout((self.root,), str(url) + str(self.config.get("baseurl") or "") if url else None)

    def post_url(self, name: str, page: Path) -> str | None:
        """`{% post_url 2020-01-31-slug %}` as a link from `page` to that post's file."""
        found = next((p for p in sorted(self.posts.rglob(f"{Path(name).name}.*")) if p.is_file()), None)
        return _relative(found, page) if found else None

    def link(self, path: str, page: Path) -> str | None:
        """`{% link _posts/….md %}`: a post as a link to its file; another page of the site (which a book of
        posts does not hold) as its address on the web."""
        target = self.root / path.lstrip("/")
        if target.is_file() and (self.posts == target.parent or self.posts in target.parents):
            return _relative(target, page)
        if path.lstrip("/").startswith("_posts/"):
            return None  # a post the site does not have
        # Jekyll's default permalink for a collection's page: /<collection>/<path>/.
        address = "/" + re.sub(r"^_", "", Path(path.lstrip("/")).with_suffix("").as_posix()) + "/"
        return str(self.config.get("url") or "").rstrip("/") + address


def find_site(posts: Path, reporter: Reporter) -> JekyllSite:
    posts = posts.resolve()
    for folder in [posts, *posts.parents][:MAX_DEPTH]:
        config = folder / "_config.yml"
        if config.is_file():
            return JekyllSite(folder, posts, _config(config, reporter))
    return JekyllSite(posts.parent, posts)


def _config(path: Path, reporter: Reporter) -> dict:
    try:
        data = load_yaml(read_text(path, reporter))
    except YAMLError as exc:
        reporter.warn(f"not valid YAML, so site.* values are unknown: {getattr(exc, 'problem', exc)}", path)
        return {}
    return data if isinstance(data, dict) else {}


def _relative(target: Path, page: Path) -> str:
    return Path(os.path.relpath(target, page.parent)).as_posix()
