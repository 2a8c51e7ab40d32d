"""Body extraction: boilerplate vocabulary, lead clean-up, JSON-LD second opinion, per-site selectors."""

from __future__ import annotations

import pytest
from lxml.html import document_fromstring

from newsarchive.extract.body import block_texts, drop_lead, extract_body, select, standfirst
from newsarchive.extract.boilerplate import clean_line, clean_tree, furniture_kind, trim_appeals, trim_related
from newsarchive.extract.metadata import Metadata
from newsarchive.models import Overrides

URL = "https://news.example.com/2024/05/02/river-levels-fall"
PARAGRAPHS = [
    "River levels fell across the valley on Thursday after a week of heavy rain that closed roads, flooded "
    "cellars and forced the evacuation of two care homes near the old bridge.",
    "Engineers said the embankments had held, although several sections would need repairs before the autumn "
    "storms, and the county council promised to publish its review within a month.",
    "Residents of the lower town began returning home on Thursday afternoon to assess the damage and start "
    "the long work of drying out their houses.",
]
STORY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


def tree_of(body: str):
    return document_fromstring(f"<html><head><title>t</title></head><body>{body}</body></html>")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("icon-facebook icon-twitter icon-whatsapp", ""),
        ("Sun Aug 20 2023 icon-facebook icon-twitter icon-whatsapp", "Sun Aug 20 2023"),
        ("fa-facebook fa-twitter", ""),
        ("Click to share on Twitter (Opens in new window)", ""),
        ("Click to email a link to a friend (Opens in new window)", ""),
        ("Share this:", ""),
        ("Like Loading...", ""),
        ("Facebook Twitter WhatsApp Email", ""),
        ("12 Shares Facebook Twitter", ""),
        ("Share on Facebook", ""),
        ("Have a tip? Email the newsroom at tips@example.com.", ""),
        ("Reporting by Jane Doe; Editing by John Roe", ""),
        ("© 2023 Daily Ledger. All rights reserved.", ""),
        ("Copyright 2024 Example Media", ""),
        ("Advertisement", ""),
        ("Story continues below advertisement", ""),
        ("Sign up for our newsletter and get the top stories delivered to your inbox.", ""),
        ("Photo: Dana Ruiz / MetroWire", ""),
        ("Police at the scene on Monday. (AP Photo/John Doe)", ""),
        ("Quelle: Landesregierung", ""),
        ("AFP / MARCO BERTORELLO", ""),
        ("aja/PAP", ""),
        ("Anzeige, enthält Affiliate Links", ""),
        ("Keine Kommentare", ""),
        ("View Comments", ""),
        ("You must be logged in to post a comment.", ""),
        ("Pour lire la suite, abonnez-vous", ""),
        ("Warning: Use of undefined constant x - assumed 'x' in /var/www/wp-content/plugins/p.php on line 928", ""),
        ("Lea también: Impiden ingreso a Nicaragua a reportero y camarógrafo estadounidense", ""),
        ("MIRA: Madre se acerca a conocer los motivos de captura de su hijo", ""),
        ("Lesen Sie hier: Spielabbruch in der Kreisliga nach Schlägerei", ""),
        ("À lire aussi » Ballonnements, lourdeurs : quel est votre profil digestif ?", ""),
        ("Czytaj też: Czy grozi nam wojna atomowa?", ""),
        ("(Credit: Dana Ruiz / MetroWire)", ""),
        ("Copyright: Gisele Wender", ""),
        ("The mayor at the opening of the bridge. © AFP / JOHN DOE", ""),
        ("© 2022, Example News. This article is the copyrighted property of Example News. Written permission must "
         "be obtained before reprint in online or print media.", ""),
        ("This post contains references to products from one or more of our advertisers. We may receive "
         "compensation when you click on links to those products.", ""),
        ("*Werbung. Dieser Beitrag enthält Werbung für eine Modemarke.", ""),
        ("Die mit Sternchen gekennzeichneten Links sind sogenannte Affiliate-Links.", ""),
        ("The company gets a commission on every sale, the report found.",
         "The company gets a commission on every sale, the report found."),
        ("Mira Nair directed the film, which opened on Friday.", "Mira Nair directed the film, which opened on Friday."),
        ("Lea and her brother: both of them had left the village before the flood came.",
         "Lea and her brother: both of them had left the village before the flood came."),
        ("Email to staff said the company would close.", "Email to staff said the company would close."),
        ("Copyright law is changing fast, the minister said.", "Copyright law is changing fast, the minister said."),
        ("The study found that 3 in 4 adults share news on Facebook.",
         "The study found that 3 in 4 adults share news on Facebook."),
        ("2023", "2023"),
    ],
)
def test_clean_line(line: str, expected: str) -> None:
    assert clean_line(line) == expected


LONG = "A paragraph of the story that runs on for quite a while, long enough to be more than a headline. " * 2


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([LONG, LONG, LONG, "Related stories", "Other headline one", "Other headline two"], [LONG] * 3),
        ([LONG, LONG, LONG, "NOTAS RELACIONADAS", "Otra noticia"], [LONG] * 3),
        ([LONG, LONG, "Lesen Sie auch:", "Ein anderer Artikel", LONG], [LONG, LONG, "Ein anderer Artikel", LONG]),
        (["Read more", LONG, LONG, LONG], [LONG] * 3),
        ([LONG, "Read more: Floods close the motorway for a second day", LONG], [LONG, LONG]),
        ([LONG, LONG, LONG, "Schon gelesen?", "Ein anderer Artikel"], [LONG] * 3),
        ([LONG, LONG, LONG, "À découvrir", "Un autre article"], [LONG] * 3),
        ([LONG, "Relatedness of the species is debated.", LONG], [LONG, "Relatedness of the species is debated.", LONG]),
    ],
)
def test_trim_related(lines: list[str], expected: list[str]) -> None:
    assert trim_related(lines) == expected


APPEALS = [
    "For the latest stories and breaking news download the Daily Ledger apps for iOS and Android.",
    "Follow The Ledger on Twitter and Instagram @DailyLedger.",
    "Do you want to be informed of our actions? Sign up here",
    "Unterstütze unser Magazin bereits mit 2,50 Euro!",
    "¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular.",
    "We want to hear what you think about this article. Submit a letter to the editor.",
]


@pytest.mark.parametrize("appeal", APPEALS)
def test_trim_appeals_drops_an_appeal_closing_the_text(appeal: str) -> None:
    assert trim_appeals([*PARAGRAPHS, appeal]) == PARAGRAPHS


@pytest.mark.parametrize(
    "lines",
    [
        [APPEALS[0], *PARAGRAPHS, LONG],  # an appeal in the first half is the story's business
        [*PARAGRAPHS, "Readers can unsubscribe at any time, the company said in a statement."],
        [*PARAGRAPHS, "The newsletter, which she founded in 2019, now has 40,000 readers. " + LONG + LONG],
        [*PARAGRAPHS, "Subscription prices rose by a fifth, the regulator found."],
    ],
)
def test_trim_appeals_keeps_the_story(lines: list[str]) -> None:
    assert trim_appeals(lines) == lines


def test_long_lines_are_never_dropped_by_the_line_patterns() -> None:
    line = "Reporting by " + " ".join(["the"] * 60)
    assert clean_line(line) == line


@pytest.mark.parametrize(
    ("markup", "kind"),
    [
        ('<div class="post-share-bottom">x</div>', "widget"),
        ('<div class="sharedaddy sd-sharing-enabled">x</div>', "widget"),
        ('<span class="screen-reader-text">x</span>', "widget"),
        ('<div class="ad-slot">x</div>', "widget"),
        ('<figure class="wp-caption">x</figure>', "widget"),
        ('<div style="display: none">x</div>', "widget"),
        ('<div hidden>x</div>', "widget"),
        ('<div id="jp-relatedposts">x</div>', "section"),
        ('<section class="related-rail">x</section>', "section"),
        ('<div class="most_read">x</div>', "section"),
        ('<div class="newsletter-signup">x</div>', "section"),
        ('<div id="comments" class="comments-area">x</div>', "section"),
        ('<div class="share-bar related">x</div>', "section"),
        ('<div role="complementary">x</div>', "section"),
        ('<ul class="story__topics" aria-label="Topics">x</ul>', "section"),
        ('<section class="RelatedRail_root__rr">x</section>', None),
        ('<div class="post category-social tag-share-market comments-open">x</div>', None),
        ('<section class="o-section o-section--has-ads js-section--has-ads">x</section>', None),
        ('<div class="article js-truncate-related-to-size">x</div>', None),
        ('<div class="entry-content">x</div>', None),
        ('<div class="header">x</div>', None),
        ('<div class="shared-content download">x</div>', None),
    ],
)
def test_furniture_kind(markup: str, kind: str | None) -> None:
    element = tree_of(markup).find("body")[0]
    assert furniture_kind(element) == kind


def test_clean_tree_removes_furniture_but_keeps_tails_and_the_article() -> None:
    tree = tree_of(
        '<div class="social-wrapper"><h1>Headline</h1>' + STORY + "</div>"
        '<div class="related-posts"><a href="/2024/05/01/other-story">Other story</a></div>'
        '<p>Before <a href="https://www.facebook.com/sharer/sharer.php?u=x">icon-facebook</a> after</p>'
        "<figure><img src='x.jpg'><figcaption>Photo credit line</figcaption></figure>"
    )
    clean_tree(tree)
    text = tree.text_content()
    assert "Headline" in text and PARAGRAPHS[1] in text
    assert "Other story" not in text and "icon-facebook" not in text and "Photo credit line" not in text
    assert "Before  after" in text


@pytest.mark.parametrize("wrapper", ['<div class="entry themeform share">', '<div class="comment-wrapper">'])
def test_clean_tree_keeps_a_furniture_classed_wrapper_holding_the_text(wrapper: str) -> None:
    tree = tree_of(wrapper + STORY + "</div><p>Footer line</p>")
    clean_tree(tree)
    assert PARAGRAPHS[0] in tree.text_content()


META = Metadata(
    title="River levels fall after week of rain",
    authors=["Jane Doe"],
    published_raw="Thu May 2 2024",
    description="The valley begins to dry out.",
)


@pytest.mark.parametrize(
    "lead",
    [
        ["River levels fall after week of rain"],
        ["River levels fall after a week of rain"],
        ["Thu May 2 2024"],
        ["Published: Thursday, 2 May 2024, 10:15 am"],
        ["By Jane Doe"],
        ["Jane Doe, Chief Reporter"],
        ["Home » News » Local"],
        ["Sun Aug 20 2023", "River levels fall after week of rain", "By Jane Doe"],
    ],
)
def test_drop_lead_removes_repeated_headline_byline_dateline_breadcrumb(lead: list[str]) -> None:
    assert drop_lead(lead + PARAGRAPHS, META) == PARAGRAPHS


def test_drop_lead_keeps_a_standfirst_that_is_the_description() -> None:
    paragraphs = ["The valley begins to dry out."] + PARAGRAPHS
    assert drop_lead(paragraphs, META) == paragraphs


def test_drop_lead_only_looks_at_the_top() -> None:
    paragraphs = PARAGRAPHS + ["By Jane Doe"]
    assert drop_lead(paragraphs, META) == paragraphs


def test_extract_body_from_trafilatura() -> None:
    tree = tree_of("<nav><a href='/'>Home</a></nav><article><h1>River levels fall after week of rain</h1>"
                   "<p>By Jane Doe</p>" + STORY + "</article>")
    body = extract_body(tree, URL, META)
    assert body.paragraphs == PARAGRAPHS
    assert body.text == "\n\n".join(PARAGRAPHS)
    assert body.source == "trafilatura" and not body.whole


def test_extract_body_prefers_a_clearly_more_complete_jsonld_body() -> None:
    extra = [f"Paragraph {n} of the full story, which the page itself hides behind a subscription offer "
             "that asks readers to pay before they can continue." for n in range(6)]
    meta = Metadata(title=META.title, article_body="\n".join(PARAGRAPHS[:1] + extra))
    tree = tree_of("<article><p>" + PARAGRAPHS[0] + "</p><p>Subscribe to continue reading.</p></article>")
    body = extract_body(tree, URL, meta)
    assert body.source == "json-ld"
    assert body.paragraphs == PARAGRAPHS[:1] + extra


def test_extract_body_ignores_a_jsonld_body_of_another_story() -> None:
    unrelated = " ".join(["Completely different words about football transfers and goalkeepers."] * 20)
    body = extract_body(tree_of("<article>" + STORY + "</article>"), URL, Metadata(article_body=unrelated))
    assert body.source == "trafilatura" and body.paragraphs == PARAGRAPHS


def test_extract_body_strips_markup_from_a_jsonld_body() -> None:
    meta = Metadata(article_body="<p>" + "</p><p>".join(PARAGRAPHS) + "</p><p>Tom &amp; Jerry</p>")
    body = extract_body(tree_of("<div></div>"), URL, meta)
    assert body.paragraphs == PARAGRAPHS + ["Tom & Jerry"]


@pytest.mark.parametrize("selector", ["div.story", "//div[@class='story']", "(//div[@class='story'])[1]"])
def test_override_selector(selector: str) -> None:
    tree = tree_of("<div class='story'><ul><li>First point</li><li>Second <b>point</b></li></ul>"
                   "<p>Closing line.</p></div><div class='other'>" + STORY + "</div>")
    body = extract_body(tree, URL, META, Overrides(body=selector))
    assert body.source == "override" and body.whole
    assert body.paragraphs == ["First point", "Second point", "Closing line."]


@pytest.mark.parametrize("selector", ["div[", "//div[", "", "p::nonsense"])
def test_invalid_selector_selects_nothing(selector: str) -> None:
    assert select(tree_of(STORY), selector) == []


def test_block_texts_takes_innermost_blocks() -> None:
    tree = tree_of("<div><blockquote><p>Quoted one.</p><p>Quoted two.</p></blockquote><p>After <i>all</i>.</p></div>")
    assert block_texts(tree.find("body")) == ["Quoted one.", "Quoted two.", "After all."]


def test_block_texts_falls_back_to_lines() -> None:
    tree = tree_of("<div>First line<br>\nSecond line\n\n</div>")
    assert block_texts(tree.find("body")) == ["First line", "Second line"]


STANDFIRST = ("Engineers say the embankments held through the worst of the storm, and residents of the lower town "
              "are returning home to count the cost.")
SF_META = Metadata(title="River levels fall after week of rain", description=STANDFIRST)
SF_STORY = "<article><h1>River levels fall after week of rain</h1><div class='entry-content'>" + STORY + "</div></article>"


@pytest.mark.parametrize(
    "header",
    [
        f"<header><h1>River levels fall after week of rain</h1><p class='standfirst'>{STANDFIRST}</p></header>",
        f"<div class='article__intro'><p>{STANDFIRST}</p></div>",
        f"<div class='teaser-text'><p><b>{STANDFIRST[:40]}</b>{STANDFIRST[40:]}</p></div>",
    ],
)
def test_extract_body_adds_the_standfirst_the_page_shows(header: str) -> None:
    body = extract_body(tree_of(header + SF_STORY), URL, SF_META)
    assert body.paragraphs == [STANDFIRST, *PARAGRAPHS]


def test_standfirst_is_the_whole_lead_paragraph_when_the_description_is_cut() -> None:
    cut = Metadata(title=SF_META.title, description=STANDFIRST[:70] + "...")
    lead = "LONDON (Wire) - " + STANDFIRST
    tree = tree_of(f"<div class='lead'><p>{lead}</p></div>" + SF_STORY)
    assert extract_body(tree, URL, cut).paragraphs == [lead, *PARAGRAPHS]


@pytest.mark.parametrize(
    "page",
    [
        SF_STORY,  # the description is not shown on the page
        f"<aside class='sidebar'><p>{STANDFIRST}</p></aside>" + SF_STORY,
        SF_STORY + f"<footer><p>{STANDFIRST}</p></footer>",
        f"<div class='related-posts'><p>{STANDFIRST}</p></div>" + SF_STORY,
        f"<script>var d = '{STANDFIRST}';</script>" + SF_STORY,
    ],
)
def test_no_standfirst_from_furniture_or_scripts(page: str) -> None:
    assert extract_body(tree_of(page), URL, SF_META).paragraphs == PARAGRAPHS


def test_no_standfirst_from_a_block_much_longer_than_a_lead() -> None:
    tree = tree_of(f"<div class='intro'>{STANDFIRST} " + " ".join(PARAGRAPHS * 4) + "</div>" + SF_STORY)
    assert standfirst(tree, PARAGRAPHS, SF_META) is None


def test_standfirst_is_not_repeated_when_the_body_has_it() -> None:
    tree = tree_of(f"<article><p>{STANDFIRST}</p>{STORY}</article>")
    assert standfirst(tree, [STANDFIRST, *PARAGRAPHS], SF_META) is None
    assert extract_body(tree, URL, SF_META).paragraphs == [STANDFIRST, *PARAGRAPHS]


def test_a_short_description_is_no_standfirst() -> None:
    meta = Metadata(title=SF_META.title, description="News from the valley.")
    tree = tree_of("<p class='lead'>News from the valley.</p>" + SF_STORY)
    assert extract_body(tree, URL, meta).paragraphs == PARAGRAPHS


def test_extract_body_unescapes_markup_escaped_twice_in_jsonld() -> None:
    escaped = "&lt;p class=&quot;texto&quot;&gt;" + "&lt;/p&gt;&lt;p&gt;".join(PARAGRAPHS) + "&lt;/p&gt;"
    body = extract_body(tree_of("<div></div>"), URL, Metadata(article_body=escaped))
    assert body.paragraphs == PARAGRAPHS


NO_DESCRIPTION = Metadata(title="River levels fall after week of rain")


@pytest.mark.parametrize(
    "header",
    [
        f"<header><h1>River levels fall after week of rain</h1><p class='article-lead'>{STANDFIRST}</p></header>",
        f"<div class='articleIntro'>{STANDFIRST}</div>",
        f"<figure class='teaser'><time>02.05.2024</time><h2>River levels fall after week of rain</h2>"
        f"<p>{STANDFIRST}</p></figure>",
    ],
)
def test_extract_body_adds_a_lead_named_block_before_the_text(header: str) -> None:
    page = f"<article>{header}<div class='entry-content'>{STORY}</div></article>"
    assert extract_body(tree_of(page), URL, NO_DESCRIPTION).paragraphs == [STANDFIRST, *PARAGRAPHS]


@pytest.mark.parametrize(
    "page",
    [
        # teasers of other stories: link text, not running text
        "<article><div class='teaser'><a href='/a'>" + STANDFIRST + "</a></div>"
        f"<div class='entry-content'>{STORY}</div></article>",
        # after the text, not before it
        f"<article><div class='entry-content'>{STORY}</div><div class='summary'><p>{STANDFIRST}</p></div></article>",
        # a lead-named block holding only the headline and a dateline
        "<article><div class='intro'><h2>River levels fall after week of rain</h2><p>Thu May 2 2024</p></div>"
        f"<div class='entry-content'>{STORY}</div></article>",
    ],
)
def test_no_lead_from_link_lists_later_blocks_or_headers(page: str) -> None:
    assert extract_body(tree_of(page), URL, NO_DESCRIPTION).paragraphs == PARAGRAPHS
