"""book.yaml, validated once at load into frozen, typed objects.

Every problem is reported with the file, the line and the key, all in one run
(`BookConfigError` carries them all). Nothing downstream reads raw YAML.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

from postbind import preflight
from postbind.config.chapters import CollectionEntry, PartEntry, PostEntry, chapters_of, posts_of
from postbind.config.checker import Checker, Node
from postbind.config.citations import CitationSettings, citation_settings
from postbind.config.index import index_of
from postbind.errors import Diagnostic, PostbindError, book_error
from postbind.model import LANGUAGE_RE, BookMeta, CoverColours, IndexTerm
from postbind.printers import BINDINGS, PAPERS, PRINTERS
from postbind.themes import DEFAULT_THEME, builtin_theme_names, builtin_themes_dir, default_theme_dir
from postbind.yamlio import compose_yaml

# Named trim sizes; A4, A5, letter and the rest are CSS's own names.
PAGE_SIZES = {"trade": "6in 9in", "digest": "5.5in 8.5in", "royal": "6.14in 9.21in"}
CSS_PAGE_NAMES = {"a3", "a4", "a5", "b4", "b5", "letter", "legal", "ledger"}
LENGTH_RE = re.compile(r"^(0|\d+(\.\d+)?(mm|cm|in|pt|pc|px|q))$", re.I)
COLOUR_RE = re.compile(r"^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-zA-Z]+)$")


@dataclass(frozen=True)
class Margins:
    top: str = "0.75in"
    bottom: str = "0.8in"
    inner: str = "0.875in"
    outer: str = "0.625in"


@dataclass(frozen=True)
class PrintSettings:
    """The `print:` section: page geometry of the PDF."""

    page_size: str = "6in 9in"
    margins: Margins = Margins()
    bleed: str | None = None
    crop_marks: bool = False
    cross_marks: bool = False
    profile: str = "print"  # "print": for paper; "screen": for reading on a screen
    pdf_variant: str | None = None  # a WeasyPrint PDF variant, e.g. pdf/a-3b, pdf/ua-1, pdf/x-4
    icc_profile: Path | None = None  # the CMYK output intent PDF/X needs
    printer: str | None = None  # a print-on-demand service (postbind/printers.py): its preset and preflight
    paper: str = "white"
    binding: str = "paperback"
    # where book.yaml gives each key (`print.margins.inner` -> 14): the preflight's messages point there
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    def line(self, key: str) -> int | None:
        """The line of book.yaml giving `key` (`print.margins.inner`), else of `print.printer`, else None."""
        lines = dict(self.lines)
        return lines.get(key) or lines.get("print.printer")

    def for_profile(self, profile: str | None) -> PrintSettings:
        """These settings with `--profile` applied; the screen profile has no bleed and no marks."""
        profile = profile or self.profile
        if profile == "screen":
            return replace(self, profile=profile, bleed=None, crop_marks=False, cross_marks=False)
        return replace(self, profile=profile)


@dataclass(frozen=True)
class KeyPlaces:
    """Where book.yaml gives each top-level key (`title` -> 3): warnings found after loading (the cover's
    text that does not fit) point at the key to change."""

    file: Path | None = None
    lines: tuple[tuple[str, int], ...] = ()

    def line(self, key: str) -> int | None:
        return dict(self.lines).get(key)


@dataclass(frozen=True)
class BookConfig:
    """Everything book.yaml says, checked. `meta` is the book's metadata as the model holds it."""

    path: Path
    meta: BookMeta
    chapters: tuple[PostEntry | CollectionEntry | PartEntry, ...]
    cover: Path | None = None
    cover_line: int | None = None  # where book.yaml names the cover, for messages about the picture
    cover_colours: CoverColours = CoverColours()
    theme_dir: Path = field(default_factory=lambda: default_theme_dir())
    output: str = "book"
    front_matter: tuple[PostEntry, ...] = ()
    back_matter: tuple[PostEntry, ...] = ()
    print: PrintSettings = PrintSettings()
    reading_numbers: bool = False
    site_root: Path | None = None  # where site-absolute paths such as /assets/x.png resolve
    site_url: str | None = None  # where site-absolute links to pages outside the book point
    page_list: bool | None = None  # None: the print edition's pages whenever the PDF is built too
    citations: CitationSettings = CitationSettings()
    index_terms: tuple[IndexTerm, ...] = ()  # the back-of-book index's terms (config/index.py)
    places: KeyPlaces = field(default=KeyPlaces(), compare=False)  # for warnings after loading

    @property
    def root(self) -> Path:
        return self.path.parent

    def entries(self) -> list[PostEntry | CollectionEntry]:
        """Every post and collection the book names, in reading order."""
        found: list = list(self.front_matter)
        for item in self.chapters:
            found.extend(item.chapters if isinstance(item, PartEntry) else [item])
        return found + list(self.back_matter)


class BookConfigError(PostbindError):
    """book.yaml has one or more problems; all are listed."""


# The schema of book.yaml: every key it may hold, and what it means. Validation accepts exactly these
# keys, and docs/book-yaml.md is generated from them (postbind/reference.py), so the two cannot drift.
TOP_KEYS = {
    "title": "Required. The book's title.",
    "subtitle": "A subtitle, for the title page and the cover.",
    "description": "A sentence or two about the book (EPUB description, PDF subject).",
    "publisher": "Who publishes it.",
    "rights": "The copyright or licence statement of the whole book.",
    "author": "The author: a name.",
    "authors": "The authors: a list of names (give `author` or `authors`).",
    "editor": "The editor: a name.",
    "editors": "The editors: a list of names.",
    "language": "The book's language, a BCP 47 tag such as `en`, `en-GB`, `fr`. Default `en`.",
    "date": "The edition's date, `YYYY-MM-DD`; also the build time written into both books.",
    "subjects": "Keywords: a list (EPUB subjects, PDF keywords).",
    "identifier": "The book's identifier. Default: a stable `urn:uuid` made from title and authors.",
    "isbn": "ISBNs: `{epub: …, print: …}`, shown on the copyright page.",
    "cover": "A cover image. Without one, a cover is drawn from the title in the theme's colours.",
    "theme": "A built-in theme (`classic`, `modern`, `course-pack`) or a theme folder. Default `classic`.",
    "output": "The output files' name: `<output>.epub`, `<output>.pdf`. Default: a slug of the title.",
    "chapters": "Required. The book's contents in reading order: posts, collections and parts (see below).",
    "front_matter": "Posts before the chapters (a preface), numbered i, ii, iii in the PDF.",
    "back_matter": "Posts after the chapters (a colophon).",
    "print": "The PDF's page geometry and profile (see below).",
    "reading_numbers": '`true` for a course pack: "Reading 3" above each title and numbers in the contents.',
    "site_root": "A static site's folder: site-absolute paths in its posts (`/assets/x.png`) resolve there.",
    "site_url": "The site's address: site-absolute links to pages that are not in the book point there.",
    "back_cover": "The text on the back of the printed cover (`--format cover`). Default: `description`.",
    "page_list": "The printed page numbers in the EPUB and web edition (a marker where each page begins, a "
    "page-list). Default: whenever the PDF is built with them; `true`: always (the PDF is laid out for them); "
    "`false`: never.",
    "bibliography": "A bibliography for `[@key]` citations (BibTeX, BibLaTeX, CSL JSON or YAML), or a list of them.",
    "csl": "A citation style (a `.csl` file). Default: Chicago author-date.",
    "references": "Where the cited works are listed: `chapter` (at each chapter's end, the default) or `book` "
    "(one References chapter in the back matter).",
    "index": "A back-of-book index: a list of terms, each a string or `{term, aliases, see}` (see below).",
}
PRINT_KEYS = {
    "page_size": "`trade` (6in 9in, the default), `digest`, `royal`, `A4`, `A5`, `letter`, … or `WIDTH HEIGHT`.",
    "margins": "`{top, bottom, inner, outer}` as CSS lengths; inner is at the spine.",
    "bleed": "How far pictures may run past the trim for the printer, e.g. `3mm`.",
    "crop_marks": "`true` to print crop marks in the bleed.",
    "cross_marks": "`true` to print registration crosses.",
    "profile": "`print` (facing pages, bleed and marks, link addresses as footnotes) or `screen`.",
    "pdf_variant": "A PDF standard for WeasyPrint to follow: `pdf/a-3b`, `pdf/ua-1`, `pdf/x-4`, …",
    "icc_profile": "The CMYK ICC profile PDF/X needs as its output intent.",
    "printer": "A print-on-demand service: `kdp`, `lulu` or `ingramspark`. Sets its bleed and PDF variant and "
    "checks the book against it before anything is written (trim size, margins for the page count, page limits).",
    "paper": "The paper, for the spine's width and the page limits: `white` (default), `cream`, `standard-color`, "
    "`premium-color`.",
    "binding": "`paperback` (default) or `hardcover` (the interior's checks only: `--format cover` draws "
    "paperback wraps).",
}
PROFILES = ("print", "screen")
# WeasyPrint's PDF variants (tests check this list against WeasyPrint's own)
PDF_VARIANTS = (
    "pdf/a-1a",
    "pdf/a-1b",
    "pdf/a-2a",
    "pdf/a-2b",
    "pdf/a-2u",
    "pdf/a-3a",
    "pdf/a-3b",
    "pdf/a-3u",
    "pdf/a-4e",
    "pdf/a-4f",
    "pdf/a-4u",
    "pdf/ua-1",
    "pdf/ua-2",
    "pdf/x-1a",
    "pdf/x-3",
    "pdf/x-4",
    "pdf/x-5g",
)


def find_book_file(book: str | Path | None) -> Path:
    """Resolve the BOOK argument: a folder holding book.yaml, or the YAML file."""
    if book is None:
        book = "." if Path("book.yaml").is_file() else "book"
    path = Path(book)
    if path.is_dir():
        path = path / "book.yaml"
    if not path.is_file():
        raise book_error(f"no book here: {path} does not exist (give a folder holding book.yaml, or its path)", path)
    return path.resolve()


def load_config(book: str | Path | None) -> BookConfig:
    """Read and validate book.yaml; raise `BookConfigError` listing every problem."""
    config, errors = check_config(book)
    if errors or config is None:
        raise BookConfigError(errors)
    return config


def check_config(book: str | Path | None) -> tuple[BookConfig | None, list[Diagnostic]]:
    """Read book.yaml and check it: the config as far as it could be read, and every problem found."""
    path = find_book_file(book)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise book_error(f"cannot read book.yaml: {exc}", path) from None
    checker = Checker(path)
    config = _book(checker, compose_yaml(text, path), path)
    return config, checker.errors


def _book(ck: Checker, node: Node | None, path: Path) -> BookConfig | None:
    keys = ck.mapping(node, "book.yaml", TOP_KEYS)
    if keys is None:
        return None
    title = ck.text(keys.get("title"), "title")
    if "title" not in keys:
        ck.error(node, "book.yaml", "'title' is required")
    if "chapters" not in keys:
        ck.error(node, "book.yaml", "'chapters' is required: list the posts of the book")
    front = posts_of(ck, keys.get("front_matter"), "front_matter")
    chapters = chapters_of(ck, keys.get("chapters"), "chapters", allow_parts=True)
    back = posts_of(ck, keys.get("back_matter"), "back_matter")
    if "chapters" in keys and not chapters and not ck.errors:
        ck.error(keys["chapters"], "chapters", "the book is empty: list at least one post")
    authors = ck.names(keys, "author", "authors")
    language = _language(ck, keys.get("language"))
    theme_dir = _theme(ck, keys.get("theme"), path.parent)
    theme = _theme_settings(ck, path.parent, theme_dir)
    isbn = _isbn(ck, keys.get("isbn"))
    date = ck.date(keys.get("date"), "date")
    meta = BookMeta(
        title=title or "",  # when missing the error is recorded; checking goes on to report the rest
        language=language,
        identifier=ck.text(keys.get("identifier"), "identifier") or _stable_identifier(title or "", authors),
        subtitle=ck.text(keys.get("subtitle"), "subtitle"),
        description=ck.text(keys.get("description"), "description"),
        publisher=ck.text(keys.get("publisher"), "publisher"),
        rights=ck.text(keys.get("rights"), "rights"),
        authors=authors,
        editors=ck.names(keys, "editor", "editors"),
        date=date,
        subjects=ck.text_list(keys.get("subjects"), "subjects"),
        isbn_epub=isbn.get("epub"),
        isbn_print=isbn.get("print"),
        back_cover=ck.text(keys.get("back_cover"), "back_cover"),
        modified=build_time(date),
    )
    return BookConfig(
        path=path,
        meta=meta,
        chapters=chapters,
        cover=_cover(ck, keys.get("cover"), path.parent),
        cover_line=ck.line(keys["cover"]) if "cover" in keys else None,
        theme_dir=theme_dir,
        cover_colours=theme.colours,
        output=_output(ck, keys.get("output"), title),
        front_matter=front,
        back_matter=back,
        print=_print(ck, keys.get("print"), path.parent, theme.margins),
        reading_numbers=ck.boolean(keys["reading_numbers"], "reading_numbers")
        if "reading_numbers" in keys
        else theme.reading_numbers,
        site_root=ck.path(keys.get("site_root"), "site_root", path.parent, kind="folder"),
        site_url=_url(ck, keys.get("site_url"), "site_url"),
        page_list=ck.boolean(keys["page_list"], "page_list") if "page_list" in keys else None,
        citations=citation_settings(ck, keys, path.parent),
        index_terms=index_of(ck, keys.get("index")),
        places=KeyPlaces(path, tuple((name, ck.line(node)) for name, node in keys.items())),
    )


def build_time(date: dt.date | None) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible-builds.org), else the book's date, else a fixed epoch."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    if date is not None:
        return dt.datetime.combine(date, dt.time(), tzinfo=dt.UTC)
    return BookMeta.modified


def _stable_identifier(title: str, authors: tuple[str, ...]) -> str:
    """A urn:uuid derived from title and authors: the same book keeps its id."""
    seed = "postbind\n" + title + "\n" + "\n".join(authors)
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"


def _language(ck: Checker, node: Node | None) -> str:
    value = ck.text(node, "language")
    if value is None:
        return "en"
    if not LANGUAGE_RE.match(value):
        ck.error(node, "language", f"'{value}' is not a BCP 47 language tag (e.g. en, en-GB, fr)")
    return value


def _output(ck: Checker, node: Node | None, title: str | None) -> str:
    value = ck.text(node, "output")
    if value is not None:
        if "/" in value or "\\" in value or value.startswith("."):
            ck.error(node, "output", "give a file name stem without folders, e.g. 'my-book'")
        return value
    return slugify(title or "book")


def slugify(text: str) -> str:
    """A file-name-safe stem: lower case words joined by hyphens."""
    slug = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-")
    return slug[:80] or "book"


def _theme(ck: Checker, node: Node | None, root: Path) -> Path:
    name = ck.text(node, "theme") or DEFAULT_THEME
    folder = root / name
    if ("/" in name or name.startswith(".")) and folder.is_dir():
        return folder.resolve()
    if name in builtin_theme_names():
        return builtin_themes_dir() / name
    if folder.is_dir():
        return folder.resolve()
    ck.error(
        node, "theme", f"no theme '{name}': built-in themes are {', '.join(builtin_theme_names())}, or give a folder"
    )
    return default_theme_dir()


@dataclass(frozen=True)
class ThemeDefaults:
    """What a theme's theme.yaml sets; book.yaml overrides each."""

    colours: CoverColours = CoverColours()
    reading_numbers: bool = False
    margins: Margins = Margins()


def _theme_settings(ck: Checker, root: Path, theme_dir: Path) -> ThemeDefaults:
    """The theme's theme.yaml (a book's styles/theme.yaml wins), checked like book.yaml."""
    found = [p for p in (root / "styles" / "theme.yaml", theme_dir / "theme.yaml") if p.is_file()]
    if not found:
        return ThemeDefaults()
    theme_ck = Checker(found[0])
    try:
        node = compose_yaml(found[0].read_text(encoding="utf-8"), found[0])
    except (OSError, UnicodeDecodeError) as exc:
        ck.errors.append(Diagnostic("error", f"cannot read theme.yaml: {exc}", found[0]))
        return ThemeDefaults()
    keys = theme_ck.mapping(node, "theme.yaml", ("cover", "reading_numbers", "margins")) or {}
    cover = theme_ck.mapping(keys["cover"], "cover", ("background", "text", "accent")) if "cover" in keys else {}
    colours = {name: _colour(theme_ck, value, f"cover.{name}") for name, value in (cover or {}).items()}
    defaults = ThemeDefaults(
        colours=CoverColours(**{name: value for name, value in colours.items() if value}),
        reading_numbers=theme_ck.boolean(keys.get("reading_numbers"), "reading_numbers"),
        margins=_margins(theme_ck, keys.get("margins"), Margins()),
    )
    ck.errors.extend(theme_ck.errors)
    return defaults


def _colour(ck: Checker, node: Node, key: str) -> str | None:
    value = ck.text(node, key)
    if value is not None and not COLOUR_RE.match(value):
        ck.error(node, key, f"'{value}' is not a colour: use #rrggbb or a colour name")
        return None
    return value


def _cover(ck: Checker, node: Node | None, root: Path) -> Path | None:
    """The cover image's path; whether a reader can show it is checked when the book is planned."""
    return ck.path(node, "cover", root, kind="file")


def _url(ck: Checker, node: Node | None, key: str) -> str | None:
    value = ck.text(node, key)
    if value is not None and not re.match(r"^https?://[^/\s]+", value):
        ck.error(node, key, f"'{value}' is not a web address (https://…)")
        return None
    return value


def _isbn(ck: Checker, node: Node | None) -> dict[str, str | None]:
    keys = ck.mapping(node, "isbn", ("epub", "print")) if node is not None else None
    return {name: ck.text(value, f"isbn.{name}") for name, value in (keys or {}).items()}


def _print(ck: Checker, node: Node | None, root: Path, margins: Margins) -> PrintSettings:
    """The `print:` section; `margins` are the theme's, which the book's own override one by one."""
    keys = ck.mapping(node, "print", PRINT_KEYS) if node is not None else None
    if not keys:
        return PrintSettings(margins=margins)
    defaults, known = PrintSettings(), len(ck.errors)
    variant = ck.choice(keys.get("pdf_variant"), "print.pdf_variant", PDF_VARIANTS)
    icc_profile = ck.path(keys.get("icc_profile"), "print.icc_profile", root, kind="file")
    if variant and variant.startswith("pdf/x") and icc_profile is None and "icc_profile" not in keys:
        ck.error(
            keys["pdf_variant"], "print.pdf_variant", f"{variant} needs a CMYK output intent: set print.icc_profile"
        )
    settings = PrintSettings(
        page_size=_page_size(ck, keys.get("page_size")) or defaults.page_size,
        margins=_margins(ck, keys.get("margins"), margins),
        bleed=_length(ck, keys.get("bleed"), "print.bleed"),
        crop_marks=ck.boolean(keys.get("crop_marks"), "print.crop_marks"),
        cross_marks=ck.boolean(keys.get("cross_marks"), "print.cross_marks"),
        profile=ck.choice(keys.get("profile"), "print.profile", PROFILES) or defaults.profile,
        pdf_variant=variant,
        icc_profile=icc_profile,
        printer=ck.choice(keys.get("printer"), "print.printer", tuple(PRINTERS)),
        paper=ck.choice(keys.get("paper"), "print.paper", PAPERS) or defaults.paper,
        binding=ck.choice(keys.get("binding"), "print.binding", BINDINGS) or defaults.binding,
        lines=tuple(_print_lines(ck, keys).items()),
    )
    if settings.printer is None or len(ck.errors) > known:  # a preset is checked against sound settings only
        return settings
    ck.errors.extend(preflight.check_settings(settings, ck.file))
    return preflight.apply_preset(settings)


def _print_lines(ck: Checker, keys: dict[str, Node]) -> dict[str, int]:
    """Where each `print.` key is given, margins one by one."""
    lines = {f"print.{name}": ck.line(node) for name, node in keys.items()}
    if ck.is_mapping(keys.get("margins")):
        for key_node, _value in keys["margins"].value:
            lines[f"print.margins.{key_node.value}"] = ck.line(key_node)
    return lines


def _page_size(ck: Checker, node: Node | None) -> str | None:
    value = ck.text(node, "print.page_size")
    if value is None:
        return None
    words = value.split()
    if len(words) == 1 and value.lower() in PAGE_SIZES:
        return PAGE_SIZES[value.lower()]
    if words and words[0].lower() in CSS_PAGE_NAMES and words[1:] in ([], ["portrait"], ["landscape"]):
        return value
    if len(words) in (1, 2) and all(LENGTH_RE.match(w) for w in words):
        return value
    names = ", ".join(sorted(PAGE_SIZES) + ["A4", "A5", "letter"])
    ck.error(
        node,
        "print.page_size",
        f"'{value}' is not a page size: use a name ({names}) or 'WIDTH HEIGHT' such as '6in 9in'",
    )
    return None


def _margins(ck: Checker, node: Node | None, base: Margins) -> Margins:
    keys = ck.mapping(node, "print.margins", ("top", "bottom", "inner", "outer")) if node is not None else None
    if not keys:
        return base
    given = {name: _length(ck, keys.get(name), f"print.margins.{name}") for name in keys}
    return replace(base, **{name: value for name, value in given.items() if value})


def _length(ck: Checker, node: Node | None, key: str) -> str | None:
    value = ck.text(node, key)
    if value is not None and not LENGTH_RE.match(value):
        ck.error(node, key, f"'{value}' is not a length: use a number with a unit, such as 3mm or 0.125in")
        return None
    return value
