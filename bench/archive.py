"""A big WordPress export (or Blogger export), and what `postbind list` of a small selection from it costs.

`python bench/archive.py` writes (once, under bench/.archive/) a WXR export of 20,000 posts (≈ 145 MB)
and one of 140,000 posts (≈ 1 GB), each with a book.yaml whose `select` keeps 400 of them, and prints
the wall time and peak memory of `postbind list` on each.

For other scripts (bench/run.py):

    measure_list(folder, posts) -> {"seconds": float, "peak_mb": float, "cpu_seconds": float, "kept": int,
                                    "export_mb": float}

writes the export of `posts` posts into `folder` unless it is there already (`kind="blogger"`: a Blogger
"Back up content" export instead of a WordPress one), runs
`python -m postbind list folder` as a child process and measures it. `peak_mb` is the child's peak
resident set size (RSS, MiB), as os.wait4's ru_maxrss reports it: the largest of the child and any
process it waited for (`postbind list` starts none), not a sum over a process tree.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
KEPT = 400  # the posts every generated book selects, whatever the export's size
CATEGORY = "Field Notes"  # the category that marks them
WORDS = (
    "book blog post reader chapter page print paper note margin river garden city winter letter story morning "
    "archive edition voice street light window table friend history harbour bridge station market orchard "
    "lantern meadow kitchen library quarry valley ferry signal compass season weather island shelter"
).split()
CATEGORIES = ["Essays", "Travel", "Kitchen", "Garden", "Letters", "Reviews", "Weather", "Town"]
TAGS = ["bridges", "rivers", "bread", "winter", "maps", "trains", "books", "birds", "tea", "walking"]
AUTHORS = [("ann", "Ann Example"), ("tom", "Tom Digger"), ("ruth", "Ruth Gardener")]
HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
\t<title>A Long-Running Blog</title>
\t<link>https://blog.example</link>
\t<description>Twenty years of notes</description>
\t<pubDate>Mon, 05 Jan 2026 10:00:00 +0000</pubDate>
\t<language>en-GB</language>
\t<wp:wxr_version>1.2</wp:wxr_version>
\t<wp:base_site_url>https://blog.example</wp:base_site_url>
\t<wp:base_blog_url>https://blog.example</wp:base_blog_url>
"""
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
DAYS = "Mon Tue Wed Thu Fri Sat Sun".split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    if rng.random() < 0.2:
        words[3] = f"<em>{words[3]}</em>"
    if rng.random() < 0.1:
        words[5] = f'<a href="https://blog.example/{words[5]}/">{words[5]}</a>'
    return " ".join(words).capitalize() + "."


def _paragraphs(rng: random.Random, count: int) -> list[str]:
    """Classic-editor paragraphs: plain text, some with a line break inside (wpautop's <br />)."""
    found = []
    for _ in range(count):
        sentences = [_sentence(rng) for _ in range(rng.randint(3, 6))]
        if rng.random() < 0.3:
            sentences[1] += "\n"
        found.append(" ".join(sentences))
    return found


def _content(number: int, rng: random.Random, pool: list[str]) -> str:
    """About 6 KB of a classic post: paragraphs separated by blank lines, a heading, a list, a quote."""
    chosen = [pool[rng.randrange(len(pool))] for _ in range(rng.randint(11, 14))]
    chosen.insert(2, f"<h2>Part {number % 5 + 1}: {rng.choice(WORDS)} and {rng.choice(WORDS)}</h2>")
    chosen.insert(
        5, "<ul>\n" + "".join(f"<li>{rng.choice(WORDS)} {rng.choice(WORDS)}</li>\n" for _ in range(4)) + "</ul>"
    )
    chosen.insert(7, f"<blockquote>{pool[rng.randrange(len(pool))]}</blockquote>")
    if number % 97 == 0:
        chosen.append(f'<img src="https://blog.example/wp-content/uploads/2020/01/photo{number}.jpg" alt="" />')
    return "\n\n".join(chosen)


def _item(number: int, rng: random.Random, pool: list[str], every: int) -> str:
    day = number % 28 + 1
    month, year = number // 28 % 12, 2006 + number // 336 % 20
    login = AUTHORS[number % len(AUTHORS)][0]
    title = f"Post {number}: {rng.choice(WORDS)} in {rng.choice(WORDS)}"
    slug = f"post-{number}"
    terms = [("category", CATEGORY if number % every == 0 else rng.choice(CATEGORIES))]
    terms += [("post_tag", t) for t in rng.sample(TAGS, 2)]
    categories = "".join(
        f'\t\t<category domain="{domain}" nicename="{name.lower().replace(" ", "-")}"><![CDATA[{name}]]></category>\n'
        for domain, name in terms
    )
    return f"""\t<item>
\t\t<title>{escape(title)}</title>
\t\t<link>https://blog.example/{year}/{month + 1:02d}/{slug}/</link>
\t\t<pubDate>{DAYS[number % 7]}, {day:02d} {MONTHS[month]} {year} 09:30:00 +0000</pubDate>
\t\t<dc:creator><![CDATA[{login}]]></dc:creator>
\t\t<guid isPermaLink="false">https://blog.example/?p={number + 10}</guid>
\t\t<description></description>
\t\t<content:encoded><![CDATA[{_content(number, rng, pool)}]]></content:encoded>
\t\t<excerpt:encoded><![CDATA[]]></excerpt:encoded>
\t\t<wp:post_id>{number + 10}</wp:post_id>
\t\t<wp:post_date><![CDATA[{year}-{month + 1:02d}-{day:02d} 09:30:00]]></wp:post_date>
\t\t<wp:post_date_gmt><![CDATA[{year}-{month + 1:02d}-{day:02d} 09:30:00]]></wp:post_date_gmt>
\t\t<wp:comment_status><![CDATA[open]]></wp:comment_status>
\t\t<wp:ping_status><![CDATA[open]]></wp:ping_status>
\t\t<wp:post_name><![CDATA[{slug}]]></wp:post_name>
\t\t<wp:status><![CDATA[publish]]></wp:status>
\t\t<wp:post_parent>0</wp:post_parent>
\t\t<wp:menu_order>0</wp:menu_order>
\t\t<wp:post_type><![CDATA[post]]></wp:post_type>
\t\t<wp:post_password><![CDATA[]]></wp:post_password>
\t\t<wp:is_sticky>0</wp:is_sticky>
{categories}\t\t<wp:postmeta>
\t\t\t<wp:meta_key><![CDATA[_edit_last]]></wp:meta_key>
\t\t\t<wp:meta_value><![CDATA[1]]></wp:meta_value>
\t\t</wp:postmeta>
\t</item>
"""


def _attachment(number: int) -> str:
    post_id = 10_000_000 + number
    return f"""\t<item>
\t\t<title>Photo {number}</title>
\t\t<link>https://blog.example/photo-{number}/</link>
\t\t<dc:creator><![CDATA[ann]]></dc:creator>
\t\t<guid isPermaLink="false">https://blog.example/wp-content/uploads/2020/01/photo{number}.jpg</guid>
\t\t<excerpt:encoded><![CDATA[A photo]]></excerpt:encoded>
\t\t<wp:post_id>{post_id}</wp:post_id>
\t\t<wp:post_date><![CDATA[2020-01-01 10:00:00]]></wp:post_date>
\t\t<wp:status><![CDATA[inherit]]></wp:status>
\t\t<wp:post_parent>{number + 10}</wp:post_parent>
\t\t<wp:post_type><![CDATA[attachment]]></wp:post_type>
\t\t<wp:attachment_url><![CDATA[https://blog.example/wp-content/uploads/2020/01/photo{number}.jpg]]></wp:attachment_url>
\t</item>
"""


def export_parts(posts: int, kept: int = KEPT, seed: int = 15) -> Iterator[str]:
    """The export's text in pieces, one item at a time (a 1 GB export is never held whole); `kept` posts
    (every posts/kept-th) are in the category CATEGORY."""
    rng = random.Random(seed)
    pool = _paragraphs(rng, 400)
    every = max(1, posts // kept)
    yield HEAD
    for login, name in AUTHORS:
        yield (
            f"\t<wp:author><wp:author_id>{AUTHORS.index((login, name)) + 1}</wp:author_id>"
            f"<wp:author_login><![CDATA[{login}]]></wp:author_login>"
            f"<wp:author_email><![CDATA[{login}@blog.example]]></wp:author_email>"
            f"<wp:author_display_name><![CDATA[{name}]]></wp:author_display_name></wp:author>\n"
        )
    for name in [CATEGORY, *CATEGORIES]:
        nicename = name.lower().replace(" ", "-")
        yield (
            f"\t<wp:category><wp:category_nicename><![CDATA[{nicename}]]></wp:category_nicename>"
            f"<wp:cat_name><![CDATA[{name}]]></wp:cat_name></wp:category>\n"
        )
    for number in range(posts):
        yield _item(number, rng, pool, every)
        if number % 97 == 0:
            yield _attachment(number)
    yield "</channel>\n</rss>\n"


BLOGGER_HEAD = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns='http://www.w3.org/2005/Atom' xmlns:thr='http://purl.org/syndication/thread/1.0'>
  <id>tag:blogger.com,1999:blog-15.archive</id>
  <updated>2026-01-05T10:00:00.000+00:00</updated>
  <title type='text'>A Long-Running Blog</title>
  <link rel='alternate' type='text/html' href='https://long.blogspot.com/'/>
  <author><name>Ann Example</name></author>
  <generator version='7.00' uri='http://www.blogger.com'>Blogger</generator>
"""
KIND = "http://schemas.google.com/g/2005#kind"
BLOGGER_KIND = "http://schemas.google.com/blogger/2008/kind#"


def _blogger_entry(number: int, rng: random.Random, pool: list[str], every: int) -> str:
    day, month, year = number % 28 + 1, number // 28 % 12 + 1, 2006 + number // 336 % 20
    title = f"Post {number}: {rng.choice(WORDS)} in {rng.choice(WORDS)}"
    labels = [CATEGORY if number % every == 0 else rng.choice(CATEGORIES), *rng.sample(TAGS, 2)]
    categories = "".join(
        f"    <category scheme='http://www.blogger.com/atom/ns#' term='{escape(label)}'/>\n" for label in labels
    )
    body = escape(_content(number, rng, pool).replace("\n\n", "<br />\n<br />\n"))
    return f"""  <entry>
    <id>tag:blogger.com,1999:blog-15.post-{number + 10}</id>
    <published>{year}-{month:02d}-{day:02d}T09:30:00.000+00:00</published>
    <updated>{year}-{month:02d}-{day:02d}T09:30:00.000+00:00</updated>
    <category scheme='{KIND}' term='{BLOGGER_KIND}post'/>
{categories}    <title type='text'>{escape(title)}</title>
    <content type='html'>{body}</content>
    <link rel='alternate' type='text/html' href='https://long.blogspot.com/{year}/{month:02d}/post-{number}.html'/>
    <author><name>{AUTHORS[number % len(AUTHORS)][1]}</name></author>
  </entry>
"""


def blogger_parts(posts: int, kept: int = KEPT, seed: int = 15) -> Iterator[str]:
    """A Blogger "Back up content" export's text in pieces, as export_parts: its template and a setting, then
    `posts` posts, `kept` of them (every posts/kept-th) labelled CATEGORY, and a comment every 50th."""
    rng = random.Random(seed)
    pool = _paragraphs(rng, 400)
    every = max(1, posts // kept)
    yield BLOGGER_HEAD
    for kind, content in (("template", "&lt;html&gt;&lt;b:skin&gt;body {}&lt;/b:skin&gt;&lt;/html&gt;"),
                          ("settings", "A Long-Running Blog")):  # fmt: skip
        yield (
            f"  <entry><id>tag:blogger.com,1999:blog-15.{kind}</id><category scheme='{KIND}' "
            f"term='{BLOGGER_KIND}{kind}'/><title type='text'>{kind}</title>"
            f"<content type='text'>{content}</content></entry>\n"
        )
    for number in range(posts):
        yield _blogger_entry(number, rng, pool, every)
        if number % 50 == 0:
            yield (
                f"  <entry><id>tag:blogger.com,1999:blog-15.post-{number + 10}.comment</id><category scheme='{KIND}' "
                f"term='{BLOGGER_KIND}comment'/><title type='text'>Nice</title>"
                f"<content type='html'>Lovely post.</content></entry>\n"
            )
    yield "</feed>\n"


def write_export(folder: Path, posts: int, kept: int = KEPT, kind: str = "wordpress") -> Path:
    """`folder`/export.xml with `posts` posts and `folder`/book.yaml selecting `kept` of them (by category);
    both are written only when missing or made for other numbers. `kind`: "wordpress" or "blogger"."""
    folder.mkdir(parents=True, exist_ok=True)
    export, book, stamp = folder / "export.xml", folder / "book.yaml", folder / ".posts"
    made = f"{posts} {kept}" if kind == "wordpress" else f"{posts} {kept} {kind}"
    if export.exists() and stamp.exists() and stamp.read_text() == made:
        return folder
    partial = folder / "export.xml.part"
    parts = blogger_parts(posts, kept) if kind == "blogger" else export_parts(posts, kept)
    with partial.open("w", encoding="utf-8") as out:
        for part in parts:
            out.write(part)
    partial.replace(export)
    book.write_text(
        f"title: A Selection of {kept} Notes\nauthor: Bench\ndate: 2026-01-01\n"
        f'chapters:\n  - source: export.xml\n    select: {{categories: ["{CATEGORY}"]}}\n',
        encoding="utf-8",
    )
    stamp.write_text(made)
    return folder


def measure_list(folder: Path | str, posts: int, kept: int = KEPT, kind: str = "wordpress") -> dict[str, float]:
    """Seconds and peak memory of `postbind list` on a book selecting 400 posts of an export of `posts` posts.

    The export and book.yaml are written into `folder` first unless they are there already (the writing is
    not timed). Returns {"seconds": wall time, "peak_mb": the child's peak RSS in MiB (os.wait4's ru_maxrss),
    "cpu_seconds": the child's user + system time (steadier than wall time on a busy machine),
    "kept": chapters listed, "export_mb": the export's size in MB}. Runs with an empty postbind cache.
    """
    folder = write_export(Path(folder), posts, kept, kind)
    with tempfile.TemporaryDirectory(prefix="postbind-bench-cache-") as cache:
        env = dict(
            os.environ, XDG_CACHE_HOME=cache, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
        )
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            started = time.perf_counter()
            child = subprocess.Popen(
                [sys.executable, "-m", "postbind", "list", str(folder)], stdout=out, stderr=err, env=env
            )
            _, status, usage = os.wait4(child.pid, 0)
            seconds = time.perf_counter() - started
            child.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0), err.seek(0)
            stdout, stderr = out.read().decode(), err.read().decode()
    if child.returncode != 0:
        raise RuntimeError(f"postbind list failed ({child.returncode}): {stderr[-2000:]}")
    first = stdout.splitlines()[0] if stdout else ""
    kept = int(first.rsplit("—", 1)[-1].split()[0]) if "chapters" in first else -1
    return {
        "seconds": round(seconds, 2),
        "peak_mb": round(usage.ru_maxrss / 1024, 1),  # Linux: KiB
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "kept": kept,
        "export_mb": round((folder / "export.xml").stat().st_size / 1e6, 1),
    }


def main() -> None:
    for posts in (20_000, 140_000):
        folder = HERE / ".archive" / f"wp{posts}"
        started = time.perf_counter()
        write_export(folder, posts)
        made = time.perf_counter() - started
        figures = measure_list(folder, posts)
        print(
            f"{posts:>7,} posts, {figures['export_mb']:,.0f} MB export (written in {made:.0f} s): "
            f"postbind list {figures['seconds']:.2f} s ({figures['cpu_seconds']:.2f} s CPU), "
            f"peak RSS {figures['peak_mb']:.0f} MB, "
            f"{figures['kept']} chapters",
            flush=True,
        )


if __name__ == "__main__":
    main()
