"""An export item's metadata as a PostMeta: title, author, date, status, type, tags and categories."""

from __future__ import annotations

import datetime as dt
import html
import re

from lxml import etree

from postbind.ingest.wordpress import xml as wp_xml
from postbind.model import PostMeta

TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
LOGIN_JUNK_RE = re.compile(r"[^\w .@-]")
POST_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
PUB_DATE_RE = re.compile(r"(?<![-\w])(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\b")  # "Sat, 05 Sep 2009 16:00:23 +0000"
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def authors(channel: etree._Element) -> dict[str, str]:
    """Login -> display name, from the channel's wp:author list."""
    names = {}
    for author in channel.iterfind("{*}author"):
        login, display = wp_xml.wp(author, "author_login"), plain(wp_xml.wp(author, "author_display_name"))
        if login and display:
            names[login] = display
    return names


def item_meta(item: etree._Element, authors: dict[str, str]) -> PostMeta:
    """What the selection and the book need to know about one item."""
    # Logins are only letters, digits and " _.-@"; the test data has "themereviewteam>" typos.
    login = LOGIN_JUNK_RE.sub("", wp_xml.text(item.find("{*}creator"))).strip()
    author = authors.get(login, login)
    # A password is a pseudo-status, so a book opts in with include: {status: [protected]}.
    status = "protected" if wp_xml.wp(item, "post_password") else wp_xml.wp(item, "status") or "publish"
    return PostMeta(
        title=plain(wp_xml.text(item.find("title"))),
        authors=(author,) if author else (),
        date=_date(item),
        source_url=wp_xml.text(item.find("link")).strip() or None,
        summary=plain(wp_xml.text(wp_xml.encoded(item, excerpt=True))),
        slug=wp_xml.wp(item, "post_name") or None,
        guid=wp_xml.text(item.find("guid")).strip() or None,
        status=status,
        post_type=wp_xml.wp(item, "post_type") or "post",
        tags=_terms(item, "post_tag"),
        categories=_terms(item, "category"),
    )


def plain(markup: str) -> str | None:
    """Titles and excerpts are HTML in WordPress ("Title <em>With</em> Markup"); postbind wants text."""
    return " ".join(html.unescape(TAG_RE.sub("", markup)).split()) or None


def _terms(item: etree._Element, domain: str) -> tuple[str, ...]:
    """Names of the item's terms in one taxonomy, in file order, once each.

    A <category> without a domain (hand-made exports) counts as a category, as in plain RSS;
    other domains (post_format, nav_menu) are neither tags nor categories.
    """
    names: dict[str, None] = {}
    for term in item.iterfind("category"):
        if (term.get("domain") or "category") == domain:
            name = " ".join(wp_xml.text(term).split())
            if name:
                names[name] = None
    return tuple(names)


def _date(item: etree._Element) -> str | None:
    """wp:post_date as YYYY-MM-DD, else pubDate; None for WordPress's 'never' (0000-00-00, year -0001)."""
    posted = POST_DATE_RE.match(wp_xml.wp(item, "post_date"))
    if posted:
        return _valid_date(*(int(part) for part in posted.groups()))
    # RFC 822 by hand: email.utils reads WordPress's "30 Nov -0001" as the year 2000.
    published = PUB_DATE_RE.search(wp_xml.text(item.find("pubDate")))
    if not published or published.group(2).lower() not in MONTHS:
        return None
    day, month, year = published.groups()
    return _valid_date(int(year), MONTHS.index(month.lower()) + 1, int(day))


def _valid_date(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:  # year 0, month 0: a draft that was never dated
        return None
