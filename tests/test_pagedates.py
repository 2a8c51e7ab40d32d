"""Tests for newsarchive.extract.pagedates: which date of a page is its publication date."""

from __future__ import annotations

from datetime import datetime, timezone

import lxml.html
import pytest

from newsarchive.extract.pagedates import broken_jsonld_dates, modified_date, published_date, writes_day

NOW = datetime(2024, 1, 1, tzinfo=timezone.utc)


def _tree(body: str, head: str = "") -> lxml.html.HtmlElement:
    return lxml.html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


@pytest.mark.parametrize(
    ("body", "url", "declared", "expected"),
    [
        # a dateline under the headline, no markup saying "date"
        ("<h1>Title</h1><p>Hamburg, 2. November 2021 - Text.</p>", "https://e.org/a", [], "2021-11-02"),
        # ... its date in parentheses, at the start of a long first paragraph
        ("<h1>Title</h1><h2>Subtitle</h2><p><strong>Karlsruhe, (12.11.2021). Traditionally the churches remember"
         " the dead on the last Sunday of the church year, this year on 21 November 2021.</strong></p>",
         "https://e.org/a", [], "2021-11-12"),
        ("<h1>Title</h1><p>Bonn (03.05.2022) The council met again to talk about the budget and the new"
         " swimming pool, which opens on 1 June 2022.</p>", "https://e.org/a", [], "2022-05-03"),
        # the visible date beside the headline wins over a declared (often modified) date of another day
        ("<h1>Title</h1><span>20.08.2023</span><p>Text</p>", "https://e.org/a", ["2023-09-01T10:00:00Z"],
         "2023-08-20"),
        # the declared date keeps its time when the visible day agrees
        ("<h1>Title</h1><span>20.08.2023</span>", "https://e.org/a", ["2023-08-20T10:00:00+02:00"],
         "2023-08-20T10:00:00+02:00"),
        # a full date in the URL decides the day (a UTC timestamp past midnight)
        ("<h1>Title</h1>", "https://e.org/2023/11/08/x", ["2023-11-09T05:30:59Z"], "2023-11-08"),
        # dates in comments are not the article's
        ('<h1>Title</h1><p>Text</p><p>Text</p><p>Text</p><p>Text</p><p>Text</p><p>Text</p><p>Text</p><p>Text</p>'
         '<div class="comments"><span class="date">August 3, 2019</span></div>', "https://e.org/a", ["2019-07-01"],
         "2019-07-01"),
        # a date inside a long paragraph is an event in the story, not the publication date
        ("<h1>Title</h1><p>Applications must reach the office by the deadline on 30 April 2022, the"
         " ministry said on its website.</p>", "https://e.org/a", [], None),
        # a long text after a link is the middle of a sentence, not a dateline: its date is an event's
        ('<h1>Title</h1><p>The court cited <a href="/r">its ruling 6B_123/2019</a> vom 24.01.2020, in a panel of'
         ' five judges, when it dismissed the appeal of the two officers.</p>', "https://e.org/a",
         ["2020-02-04T13:15:08+00:00"], "2020-02-04T13:15:08+00:00"),
        # a line that says updated is not the publication date
        ('<h1>Title</h1><p class="date">Updated 3 March 2023</p>', "https://e.org/a", ["2023-03-01"],
         "2023-03-01"),
        # a date beside the headline does not override the declared day a <time> element also shows
        ('<div class="topbar">Monday, 21 September 2020</div><h1>Title</h1><p>Lead.</p>'
         '<time datetime="2020-09-20T23:32:00+03:00">20.09.2020 23:32</time>', "https://e.org/a",
         ["2020-09-20T23:32:00+03:00"], "2020-09-20T23:32:00+03:00"),
        # ... while without such an element it still does (the declared one is often the modification)
        ('<div class="topbar">Monday, 21 September 2020</div><h1>Title</h1><p>Lead.</p>', "https://e.org/a",
         ["2020-09-14T10:00:00Z"], "2020-09-21"),
        # an all-numeric date whose other reading is the declared day: a US page's month/day/year
        ("<h1>Title</h1><span>06/01/2020</span>", "https://e.org/a", ["2020-06-01T21:53:12+00:00"],
         "2020-06-01T21:53:12+00:00"),
        # a dotted date has one reading, whatever a declared numeric date made of it
        ("<h1>Title</h1><span>Erstellt am: 01.11.2023</span>", "https://e.org/a", ["11/01/2023 12:43:42"],
         "2023-11-01"),
        # not when the numbers can only be read one way
        ("<h1>Title</h1><span>13/06/2020</span>", "https://e.org/a", ["2020-06-01T21:53:12+00:00"], "2020-06-13"),
        # a date beside the headline weeks before the declared publication is one the story mentions
        ("<h1>Title</h1><p><em>Deus caritas est</em> 5/6, 25. Dezember 2005:</p>", "https://e.org/a",
         ["2021-11-12T13:00:00"], "2021-11-12T13:00:00"),
        # ... but a <time> under the headline is the page's own date, however long before the declared one
        ('<h1>Heat pumps in old houses</h1><ul class="hero-meta"><li>by A. Rose</li><li><time datetime="2022-03-09">'
         '09.03.2022</time></li></ul>', "https://e.org/a", ["2022-11-17T10:33:13.258Z"], "2022-03-09"),
        # a day-month-year URL path decides the day ...
        ("<h1>Title</h1>", "https://e.org/meldungen/29-10-2021", [], "2021-10-29"),
        # ... unless the page's date is its other reading
        ("<h1>Title</h1>", "https://e.org/news/02-11-2023-storm", ["2023-02-11T09:00:00Z"],
         "2023-02-11T09:00:00+00:00"),
        # of declared dates that disagree, the one of the day written beside the headline, with its time
        ("<h1>Title</h1><p>04.02.2022 | 15:33 Uhr</p>", "https://e.org/a",
         ["2021-12-14T15:41:07+01:00", "2022-02-04T15:33:00+01:00"], "2022-02-04T15:33:00+01:00"),
        # ... or, with no date beside the headline, the one a date-marked element of the article shows
        ('<h1>Title</h1><p>Lead paragraph of the story with no date in it at all.</p>'
         '<div class="article-info">06.01.2022</div>', "https://e.org/a",
         ["2022-01-04T07:29:00Z", "2022-01-06T08:29:34"], "2022-01-06T08:29:34"),
        # ... found even when the article sits in a block named like a sidebar
        ('<div class="lay-sidebar"><h1>Title</h1><time class="com-date">May 3, 2022</time></div>',
         "https://e.org/a", ["Wed, 04 May 2022 00:25:56 GMT", "Tue, 03 May 2022 23:53:14 GMT"],
         "2022-05-03T23:53:14+00:00"),
        # dates of an embedded post (Instagram, X) or a quotation are not the article's
        ('<h1>Title</h1><p>Lead.</p><blockquote class="instagram-media"><p>A post shared by someone'
         ' <time datetime="2018-03-12T19:30:12+00:00">Mar 12, 2018</time></p></blockquote>'
         '<span class="publish-date">29. Januar 2019</span>', "https://e.org/a", [], "2019-01-29"),
        # a date line that says when it was written as well as updated gives the written date
        ('<div><p class="date">Written: 2023-11-07 15:03:30'
         ' <span>/ Updated: 2023-11-07 15:30:46</span></p></div><p>Lead.</p><ul><li><p class="date">2023-11-03</p>'
         '</li></ul>', "https://e.org/a", [], "2023-11-07T15:03:30"),
        # a date-marked element whose class says created (Arabic, two names of the month)
        ('<h1>Title</h1><p>Lead paragraph of the story.</p>'
         '<div class="article_created">تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً</div>',
         "https://e.org/a", [], "2020-04-24T09:22:00"),
    ],
)
def test_published_date(body: str, url: str, declared: list[str], expected: str | None) -> None:
    assert published_date(_tree(body), url, declared, "en", NOW)[0] == expected


def test_published_date_keeps_raw_source() -> None:
    assert published_date(_tree("<h1>T</h1><p>Sun Aug 20 2023</p>"), "https://e.org/a", [], None, NOW) == (
        "2023-08-20", "Sun Aug 20 2023")


def test_modified_date_skips_future_and_garbage() -> None:
    assert modified_date(["soon", "2030-01-01", "2023-05-06T07:08:09Z"], None, NOW) == "2023-05-06T07:08:09+00:00"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # no headline: the first short line that is mostly a date
        ("<div><p>Pressemitteilung vom 25. Januar 2022 | Berlin</p><p>The ministry said things.</p></div>",
         "2022-01-25"),
        # a date in a teaser list is not the page's; the later line is
        ('<ul class="related"><li>Older story 2019-03-03</li></ul><p>Posted 2022-02-02</p>', "2022-02-02"),
    ],
)
def test_short_date_line_without_headline(body: str, expected: str | None) -> None:
    assert published_date(_tree(body), "https://e.org/a", [], "de", NOW)[0] == expected


def test_sentence_mentioning_a_date_is_not_a_dateline() -> None:
    body = "<h1>T</h1><p>The next meeting of the club takes place on 5 February 2020 at the town hall.</p>"
    assert published_date(_tree(body), "https://e.org/a", ["2020-01-29"], "en", NOW)[0] == "2020-01-29"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # ASP.NET pages wrap the whole page in a <form>: its date still counts when there is no other
        ('<form id="aspnetForm"><div class="news"><p>06.05.2018</p><p>Our club hosted the open.</p></div></form>',
         "2018-05-06"),
        # so does the date of a "teaser" block when the page has no other
        ('<div class="detail-page__teaser-text"><p>Pressemitteilung vom 25. Januar 2022</p></div>', "2022-01-25"),
        # never the date of a reader comment
        ('<p>Article text without any date.</p><div id="comments"><p class="c">Anna, 03.03.2021</p></div>', None),
    ],
)
def test_last_resort_date_outside_the_article_zones(body: str, expected: str | None) -> None:
    assert published_date(_tree(body), "https://e.org/a", [], "de", NOW)[0] == expected


BROKEN_JSONLD = (
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "T",'
    ' "datePublished": "2020-10-26T18:10:00+01:00", "image": {"width": 60}}}</script>'
)


def test_broken_jsonld_dates() -> None:
    tree = _tree("<h1>T</h1><p>Text.</p>", head=BROKEN_JSONLD)
    assert broken_jsonld_dates(tree) == ["2020-10-26T18:10:00+01:00"]
    assert published_date(tree, "https://e.org/a", [], "en", NOW)[0] == "2020-10-26T18:10:00+01:00"


def test_valid_jsonld_is_not_read_twice() -> None:
    tree = _tree("<h1>T</h1>", head='<script type="application/ld+json">{"datePublished": "2020-10-26"}</script>')
    assert broken_jsonld_dates(tree) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a forum user's sign-up date beside the thread title is not the post's
        ('<h1>Where did it go?</h1><div class="message-user"><dl><dt>Joined</dt><dd>May 11, 2017</dd></dl></div>'
         '<div class="message"><time datetime="2020-03-18T12:22:42-0400">Mar 18, 2020</time></div>', "2020-03-18"),
        ('<dl class="postprofile"><dd class="profile-joined"><strong>Registriert:</strong> 18.09.2008, 05:56</dd></dl>'
         '<div class="post"><p class="author">von anna » 21.01.2009, 05:42</p><p>Hallo zusammen</p></div>',
         "2009-01-21"),
        ("<h1>Thread</h1><p>Member since 2 March 2015</p><p>Posts: 40</p>", None),
    ],
)
def test_forum_sign_up_dates_are_not_publication_dates(body: str, expected: str | None) -> None:
    assert (published_date(_tree(body), "https://e.org/t/1", [], "en", NOW)[0] or "")[:10] == (expected or "")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a page whose only date says it is a revision: better than none
        ("<h1>Terms of Service</h1><p>Date of Last Revision: August 9, 2017</p><p>Terms text.</p>", "2017-08-09"),
        # ... but any other date line wins over it
        ('<aside><p>Last updated 3 March 2023</p><p>Posted 1 March 2023</p></aside>', "2023-03-01"),
    ],
)
def test_updated_date_only_as_last_resort(body: str, expected: str) -> None:
    assert published_date(_tree(body), "https://e.org/terms", [], "en", NOW)[0] == expected


@pytest.mark.parametrize(
    ("body", "declared", "expected"),
    [
        # a footnote's access date ("Abgerufen am") is the cited page's, not this page's
        ("<h1>Coaching across generations</h1><p>Lead.</p><ol><li>Müller, A.: Familien. Abgerufen am 09.11.2022</li>"
         "</ol>", [], None),
        # the date of an announced event is not the announcement's
        ("<h1>Whisky tasting in spring</h1><p>Termin: 21.02.2020, 19 Uhr</p><p>Tickets at the door.</p>",
         ["2019-11-27T15:21:21+01:00"], "2019-11-27T15:21:21+01:00"),
        ("<h1>Call for papers</h1><p>Deadline: 30 June 2021</p>", [], None),
        # the next issue's date, an anniversary in a review's byline
        ("<div><p>The reviews of this month.</p><p>Die nächste Ausgabe erscheint am 6. November 2023.</p></div>", [],
         None),
        ("<h1>Ein Leben</h1><p>(zum 100. Geburtstag am 5.1.2021)</p>", [], None),
        ("<h1>Die Anleitungen</h1><p>(zum 50. Todestag am 17.10.2023)</p>", [], None),
        # a customer's review of the product the page sells
        ('<h1>Leasing or loan?</h1><p>Text.</p><div class="rating"><span>Kundenbewertung 02.05.2020</span>'
         "<p>Quick and easy.</p></div>", [], None),
    ],
)
def test_dates_labelled_as_something_else(body: str, declared: list[str], expected: str | None) -> None:
    assert published_date(_tree(body), "https://e.org/a", declared, "de", NOW)[0] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # microdata: the modification <time> comes first, the publication one beside it
        ('<h1>Template privacy notes</h1><time itemprop="dateModified" class="hidden">2018-08-29 14:15:57</time>'
         '<time itemprop="datePublished" datetime="2018-06-22 10:20:00">22.06.2018 10:20</time>', "2018-06-22"),
        # hAtom: an element classed "updated" only is the update, "published updated" is the publication
        ('<h1>T</h1><p class="meta"><span class="updated">12.05.2021</span> <span class="published">'
         '03.05.2021</span></p>', "2021-05-03"),
        ('<h1>T</h1><p><time class="entry-date published updated" datetime="2021-05-03">3 May 2021</time></p>',
         "2021-05-03"),
        # an update-only date stays the last resort
        ('<div><p>Text of a page.</p><span class="last-updated">12.05.2021</span></div>', "2021-05-12"),
    ],
)
def test_modification_markup_is_not_the_publication(body: str, expected: str) -> None:
    assert (published_date(_tree(body), "https://e.org/a", [], "de", NOW)[0] or "")[:10] == expected


@pytest.mark.parametrize(
    ("body", "declared", "expected"),
    [
        # a byline with a two-digit year, the page's only date
        ('<h1>Koalitionen</h1><p class="byline">Von <a href="/a">Anna Berg</a>, 8.5.12</p><p>Text.</p>', [],
         "2012-05-08"),
        ('<span class="kicker">Debate</span><span style="color: red">02.12.19</span><h1>Cards for Brussels</h1>', [],
         "2019-12-02"),
        # beside a declared date, a two-digit year is too weak to override it
        ("<h1>Studie</h1><p>02.01.23</p><p>Text.</p>", ["2022-12-26T10:00:00+01:00"], "2022-12-26T10:00:00+01:00"),
        # a four-digit year beside the headline wins over a two-digit one nearer to it
        ("<h1>Webinar</h1><p>19.1.23, 10:00-11:30 Uhr</p><p>Berlin, 20.12.2022</p>", [], "2022-12-20"),
    ],
)
def test_two_digit_years(body: str, declared: list[str], expected: str) -> None:
    assert published_date(_tree(body), "https://e.org/a", declared, "de", NOW)[0] == expected


def test_declared_utc_evening_stays_the_declared_moment() -> None:
    """23:00 UTC may be a Central European midnight or a real evening post: the declared moment is kept, not guessed."""
    tree = _tree("<h1>Provence</h1><p>Lavender fields and markets.</p>")
    assert published_date(tree, "https://e.org/a", ["2022-11-06T23:00:00.000Z"], "de", NOW) == (
        "2022-11-06T23:00:00+00:00", "2022-11-06T23:00:00.000Z")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # an old CMS writes the post's date with a short inline script where it stands
        ('<table><tr><td class="title">Spring in the city</td></tr><tr><td align="right">'
         '<script>showDate("2020/04/17 01:43:09")</script> views: 12</td></tr></table><p>Text.</p>', "2020-04-17"),
        ("<p>Text.</p><script type=\"text/javascript\">document.write('12.03.2019');</script>", "2019-03-12"),
        # a long script is a program, whatever dates it holds; a script with a source file is not inline
        ("<p>Text.</p><script>var cfg = {build: '2021-05-04', " + "x: 1, " * 40 + "};</script>", None),
        # only when the page has no other date
        ('<h1>T</h1><p>Posted 2 May 2021</p><script>showDate("2020/04/17 01:43:09")</script>', "2021-05-02"),
    ],
)
def test_date_written_by_an_inline_script_as_last_resort(body: str, expected: str | None) -> None:
    assert (published_date(_tree(body), "https://e.org/a", [], "en", NOW)[0] or "")[:10] == (expected or "")


def test_teaser_dates_inside_links_are_the_linked_pages() -> None:
    body = ('<div class="row top"><a href="/news/2"><div><h3>Live from the hill</h3><span>01.02.2022 16:28</span>'
            '</div></a><a href="/news/1"><div><h3>Winner in the rain</h3><span>30.01.2022 18:36</span></div></a></div>'
            '<div class="story"><p>Erstellt am: 30.01.2022 18:36 / sk</p><p>The jump of the day.</p></div>')
    assert published_date(_tree(body), "https://e.org/news/1", [], "de", NOW)[0] == "2022-01-30"


@pytest.mark.parametrize(
    ("body", "declared", "expected"),
    [
        # a holiday let's stay, a weekly report's week, an archive's span of captures: the page's day is another
        ('<h1>Cottage by the lake</h1><p class="dates">08.01.2020 - 02.02.2020</p><p>Offer of 28.01.2020</p>', [],
         "2020-01-28"),
        ("<h1>Avalanche report</h1><h4>Weekly report 14. - 20. Januar 2022</h4><p>Davos, 21.01.2022</p>", [],
         "2022-01-21"),
        ('<div class="captures">21 Feb 2007 - 23 Mar 2021</div><p>Paris, 3 May 2007</p>', [], "2007-05-03"),
        # an event's hours on its day
        ('<h1>Career fair</h1><div class="date">30. März 2020, 13:15 Uhr - 19:00 Uhr</div><p>Bern, 2. März 2020</p>',
         [], "2020-03-02"),
        # an exhibition's run beside the headline does not stand against the declared day
        ("<h1>Monuments in a new light</h1><h2>9-23 Feb 2017 | Mo-Fr 9–16</h2>", ["2017-02-19T14:41:17+00:00"],
         "2017-02-19T14:41:17+00:00"),
        # a day with its time is one day, not a period
        ('<h1>Ski tour</h1><p class="meta"><time>21.01.2022 - 13:30</time></p>', [], "2022-01-21"),
    ],
)
def test_periods_are_not_publication_days(body: str, declared: list[str], expected: str | None) -> None:
    assert published_date(_tree(body), "https://e.org/a", declared, "de", NOW)[0] == expected


@pytest.mark.parametrize(
    ("body", "url", "declared", "expected"),
    [
        # a story filed under the day it was planned: the day the page declares and writes wins over the URL's
        ('<h1>When are the school holidays?</h1><div class="author"><time>08 May 2022</time></div><p>Text.</p>',
         "https://e.org/answers/2022/05/02/school-holidays", ["2022-05-08T06:00:00-05:00"],
         "2022-05-08T06:00:00-05:00"),
        # the day only declared (a UTC timestamp) does not override the URL's
        ("<h1>Title</h1><p>Text.</p>", "https://e.org/2023/11/08/x", ["2023-11-09T05:30:59Z"], "2023-11-08"),
        # ... nor a machine timestamp of a <time>: the text under the headline shows the URL's day
        ('<h1>Live: the news of the day</h1><p>Lead.</p><p><time datetime="2023-11-01T23:01:00Z">02 Novembre 2023'
         "</time></p>", "https://e.org/2023/11/02/live", ["2023-11-01T23:01:00Z"], "2023-11-02"),
        # a republished page keeps its first URL: a declared and written day weeks later does not override it
        ("<h1>Under us</h1><p>June 17, 2019</p><p>Text.</p>", "https://e.org/home/2017/7/12/under-us",
         ["2019-06-17"], "2017-07-12"),
    ],
)
def test_declared_and_written_day_against_the_url(body: str, url: str, declared: list[str], expected: str) -> None:
    assert published_date(_tree(body), url, declared, "en", NOW)[0] == expected


def test_fallback_scan_skips_reader_comments() -> None:
    """The last-resort scan (htmldate's) does not take a reader comment's date for the article's."""
    body = ('<h1>Title</h1><p>An article with no date of its own, and readers who answered it.</p>'
            '<div class="comments"><ol class="commentlist"><li><cite>Anna</cite> says:<div class="comment-meta">'
            '<a href="#c1">25. Februar 2020 um 13:02</a></div><p>Great text!</p></li></ol></div>')
    tree = _tree(body)
    assert published_date(tree, "https://e.org/a", [], "de", NOW)[0] is None
    assert tree.find(".//body/div").get("class") == "comments"  # the comments are back in place


def test_fallback_scan_keeps_an_opinion_column_classed_comment() -> None:
    """An opinion column ("Kommentar") may be classed like comments: the block holding the headline stays."""
    body = ('<div class="PageArticle_comment"><article><h1>What must change</h1>'
            '<span class="publish">29. Januar 2019</span></article><p>Text of the column.</p></div>')
    assert published_date(_tree(body), "https://e.org/a", [], "de", NOW)[0] == "2019-01-29"


@pytest.mark.parametrize(
    ("body", "day", "expected"),
    [
        ("<p>Posted 20.08.2023</p>", "2023-08-20", True),
        ("<p>20/8/23</p>", "2023-08-20", True),
        ("<p>08/20/2023</p>", "2023-08-20", True),
        ("<span>2023-08-20</span>", "2023-08-20", True),
        ("<p>Aug 20, 2023</p>", "2023-08-20", True),
        ("<p>20. August 2023</p>", "2023-08-20", True),
        ("<p>20 de agosto de 2023</p>", "2023-08-20", True),
        ("<p>2023年8月20日</p>", "2023-08-20", True),
        # another day, a date only in a script or an attribute
        ("<p>21.08.2023</p><p>120.08.2023</p>", "2023-08-20", False),
        ('<script>var d = "2023-08-20";</script><time datetime="2023-08-20">Sunday</time>', "2023-08-20", False),
    ],
)
def test_writes_day(body: str, day: str, expected: bool) -> None:
    assert writes_day(_tree(body), day) is expected
