"""The book.yaml reference, generated from the schema the validator uses (so it cannot drift).

`python -m postbind.reference > docs/book-yaml.md` writes it; a test checks the file is current.
"""

from __future__ import annotations

from postbind.config import PRINT_KEYS, TOP_KEYS
from postbind.config.chapters import COLLECTION_KEYS, POST_KEYS, SELECT_KEYS
from postbind.config.index import INDEX_KEYS

SECTIONS = (
    ("book.yaml", "The top level of `book.yaml`.", TOP_KEYS),
    ("print", "`print:` — the PDF.", PRINT_KEYS),
    ("A post in `chapters`", "A path, or a mapping that overrides what the post says about itself.", POST_KEYS),
    ("A collection in `chapters`", "Many posts from one source, chosen like an editor would.", COLLECTION_KEYS),
    ("select", "Keys combine with AND, the values of one key with OR; matching ignores case.", SELECT_KEYS),
    (
        "A term in `index`",
        "A plain string is `{term: …}`. Occurrences are whole-word matches of the term or an alias, ignoring "
        'case, outside headings and code, and the spans a post marks: `[text]{.index term="…"}` in Markdown, '
        '`<span class="index" data-term="…">` in HTML.',
        INDEX_KEYS,
    ),
)


def reference() -> str:
    lines = [
        "# book.yaml reference",
        "",
        "Generated from postbind's configuration schema by `python -m postbind.reference`; do not edit.",
        "Paths are relative to the folder of `book.yaml`. A `chapters` item is a post, a collection,",
        "or a part: `{part: TITLE, chapters: [...]}`. A plain path to a folder, an export or a feed",
        "is a collection of all its posts.",
    ]
    for title, intro, keys in SECTIONS:
        lines += ["", f"## {title}", "", intro, "", "| key | meaning |", "|---|---|"]
        lines += [f"| `{key}` | {meaning} |" for key, meaning in keys.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(reference(), end="")
