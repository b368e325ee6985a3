"""An export item's metadata as a PostMeta: title, author, date, status, type, tags and categories."""

from __future__ import annotations

import datetime as dt
import html
import re
import sys

from postbind.ingest.wordpress.xml import Fields
from postbind.model import PostMeta

TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
LOGIN_JUNK_RE = re.compile(r"[^\w .@-]")
POST_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
PUB_DATE_RE = re.compile(r"(?<![-\w])(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\b")  # "Sat, 05 Sep 2009 16:00:23 +0000"
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def login(item: Fields) -> str:
    """The login of the item's author (dc:creator)."""
    # Logins are only letters, digits and " _.-@"; the test data has "themereviewteam>" typos.
    return sys.intern(LOGIN_JUNK_RE.sub("", item.text("creator")).strip())


def item_meta(item: Fields, author: str) -> PostMeta:
    """What the selection and the book need to know about one item, `author` the name of its author.

    A big export has many items, so the values many items share (author, status, type, a set of
    tags) are shared, not repeated."""
    # A password is a pseudo-status, so a book opts in with include: {status: [protected]}.
    status = "protected" if item.wp("post_password") else item.wp("status") or "publish"
    excerpt = item.text("excerpt:encoded")
    return PostMeta(
        title=plain(item.text("title")),
        authors=_shared((author,) if author else ()),
        date=sys.intern(date) if (date := _date(item)) else None,
        source_url=item.wp("link") or None,
        summary=plain(excerpt) if excerpt else None,
        slug=item.wp("post_name") or None,
        guid=item.wp("guid") or None,
        status=sys.intern(status),
        post_type=sys.intern(item.wp("post_type") or "post"),
        tags=_shared(_terms(item, "post_tag")),
        categories=_shared(_terms(item, "category")),
    )


_SHARED: dict[tuple[str, ...], tuple[str, ...]] = {}


def _shared(names: tuple[str, ...]) -> tuple[str, ...]:
    """One tuple for every item with the same names (a bounded cache: one export's tags and authors)."""
    if len(_SHARED) > 50_000:
        _SHARED.clear()
    return _SHARED.setdefault(names, names)


def plain(markup: str) -> str | None:
    """Titles and excerpts are HTML in WordPress ("Title <em>With</em> Markup"); postbind wants text."""
    return " ".join(html.unescape(TAG_RE.sub("", markup)).split()) or None


def _terms(item: Fields, domain: str) -> tuple[str, ...]:
    """Names of the item's terms in one taxonomy, in file order, once each.

    A <category> without a domain (hand-made exports) counts as a category, as in plain RSS;
    other domains (post_format, nav_menu) are neither tags nor categories.
    """
    names: dict[str, None] = {}
    for term_domain, text in item.terms:
        if term_domain == domain:
            name = " ".join(text.split())
            if name:
                names[name] = None
    return tuple(names)


def _date(item: Fields) -> str | None:
    """wp:post_date as YYYY-MM-DD, else pubDate; None for WordPress's 'never' (0000-00-00, year -0001)."""
    posted = POST_DATE_RE.match(item.wp("post_date"))
    if posted:
        return _valid_date(*(int(part) for part in posted.groups()))
    # RFC 822 by hand: email.utils reads WordPress's "30 Nov -0001" as the year 2000.
    published = PUB_DATE_RE.search(item.text("pubDate"))
    if not published or published.group(2).lower() not in MONTHS:
        return None
    day, month, year = published.groups()
    return _valid_date(int(year), MONTHS.index(month.lower()) + 1, int(day))


def _valid_date(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:  # year 0, month 0: a draft that was never dated
        return None
