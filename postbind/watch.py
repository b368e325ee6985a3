"""`postbind watch`: rebuild the web edition when a source changes, and show it in a browser that reloads.

The server only listens on this machine (127.0.0.1). Pages it serves get a small
script that asks, once a second, whether a newer build exists; the files on disk
stay as `build --format html` writes them. A build that fails leaves the last
good edition in place and prints why.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import watchfiles

from postbind.config import load_config
from postbind.errors import PostbindError, Reporter, show
from postbind.themes import theme_folders

# The page knows the build it shows (BUILD is filled in when it is served), so an edit made
# before its first check still reloads it.
RELOAD = """<script>
(function () {
  var shown = "BUILD";
  setInterval(function () {
    fetch("/__postbind/build").then(function (r) { return r.text(); }).then(function (build) {
      if (build !== shown) { location.reload(); }
    }).catch(function () {});
  }, 1000);
})();
</script>"""


class Edition:
    """The web edition being served: where it is, and which build it is."""

    def __init__(self, book: str | Path | None, out_dir: Path, reporter: Reporter):
        self.book, self.out_dir, self.reporter = book, out_dir, reporter
        self.number = 0
        self.folder: Path | None = None

    def rebuild(self) -> bool:
        from postbind.pipeline import build

        try:
            result = build(self.book, self.out_dir, ("html",), self.reporter)
        except PostbindError as problem:
            for diagnostic in problem.diagnostics:
                show(diagnostic, self.reporter.stream)
            return False
        self.folder = result.outputs["html"]
        self.number += 1
        self.reporter.info(f"built {self.folder} (build {self.number})")
        return True

    def watched(self) -> list[Path]:
        """book.yaml's folder, everything it names, and the theme: what a rebuild depends on."""
        config = load_config(self.book)
        themes = theme_folders(config.root, config.theme_dir)
        paths = {config.root} | {entry.path for entry in config.entries()} | set(themes)
        return sorted(p for p in paths if p.exists() and self.out_dir.resolve() not in p.resolve().parents)


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the edition's folder; HTML pages get the reload script."""

    def __init__(self, *args, edition: Edition, **kwargs):
        self.edition = edition
        super().__init__(*args, directory=str(edition.folder), **kwargs)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path == "/__postbind/build":
            return self._send(str(self.edition.number).encode(), "text/plain")
        self.directory = str(self.edition.folder)  # a rebuild may have replaced the folder
        page = self.translate_path(self.path.split("?")[0])
        if Path(page).is_dir():
            page = str(Path(page) / "index.html")
        if page.endswith(".html") and Path(page).is_file():
            script = RELOAD.replace("BUILD", str(self.edition.number))
            markup = Path(page).read_text(encoding="utf-8").replace("</body>", script + "</body>")
            return self._send(markup.encode("utf-8"), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass  # a request log would drown the build messages


def serve(edition: Edition, port: int) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, edition=edition))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def watch(book: str | Path | None, out_dir: Path, port: int, reporter: Reporter, stop: threading.Event) -> None:
    """Build, serve, and rebuild on every change until `stop` is set (Ctrl-C in the CLI)."""
    edition = Edition(book, out_dir, reporter)
    if not edition.rebuild():
        raise PostbindError("the book does not build yet: fix the errors above, then start watch again")
    server = serve(edition, port)
    reporter.info(f"serving http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
    output = str(out_dir.resolve())

    def relevant(change, path: str) -> bool:  # the edition's own writing must not trigger a build
        return not path.startswith(output) and not path.endswith(".part")

    try:
        for _changes in watchfiles.watch(*edition.watched(), watch_filter=relevant, stop_event=stop, debounce=300):
            edition.rebuild()
    except KeyboardInterrupt:
        reporter.info("stopped")
    finally:
        server.shutdown()
