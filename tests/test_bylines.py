"""Tests for newsarchive.extract.bylines: the article's byline on a parsed page, read into person names."""

from __future__ import annotations

import lxml.html
import pytest

from newsarchive.extract.bylines import block_text, visible_authors


def _tree(body: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(f"<html><body>{body}</body></html>")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<h1>T</h1><div class="article-byline">Von Erika Muster | 04.02.2022</div>', ["Erika Muster"]),
        ('<h1>T</h1><span itemprop="author"><meta itemprop="name" content="Cosima Kunz"></span>', ["Cosima Kunz"]),
        ('<h1>T</h1><p>By Jane Doe and John Roe</p><p>Text.</p>', ["Jane Doe", "John Roe"]),
        ('<h1>T</h1><p>Jane Doe wrote this.</p>', []),
        ('<h1>T</h1><p>Text.</p><div class="comments"><span class="comment-author">Troll Person</span></div>', []),
        ('<p>No headline, no byline.</p>', []),
    ],
)
def test_visible_authors(body: str, expected: list[str]) -> None:
    assert visible_authors(_tree(body)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<h1>T</h1><div class="post-meta">04.02.2022 | 13:10 Uhr | Uta Helkenberg</div>', ["Uta Helkenberg"]),
        ('<h1>T</h1><div class="entry-meta">Politik | 04.02.2022</div>', []),
    ],
)
def test_meta_line_names_need_two_words(body: str, expected: list[str]) -> None:
    assert visible_authors(_tree(body)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<h1>T</h1><p class="meta">By <a href="/a/jd">Jane Doe</a></p><p>Text.</p>', ["Jane Doe"]),
        ('<h1>T</h1><div>Von: <a href="/autor/gw">Gerd Wolter</a></div>', ["Gerd Wolter"]),
        ('<h1>T</h1><p>Autorin: Uta Kerner</p>', ["Uta Kerner"]),
        ('<h1>T</h1><p>Byron Keller walked home.</p>', []),
        ('<h1>T</h1><p>Text: a long quote about nothing</p>', []),
        ('<h1>T</h1><p><em>—— by Kenneth Sorin</em></p>', ["Kenneth Sorin"]),
        ('<h1>T</h1><p>Blog Beitrag von Margarete Koren</p>', ["Margarete Koren"]),
        ('<h1>T</h1><p>Autoren Jelko Dure und Jutta Klauke</p>', ["Jelko Dure", "Jutta Klauke"]),
        ('<h1>T</h1><p>Autoren dieser Studie sind viele</p>', []),
    ],
)
def test_explicit_byline_lines_near_the_headline(body: str, expected: list[str]) -> None:
    assert visible_authors(_tree(body)) == expected


def test_comment_authors_do_not_use_up_the_byline_cap() -> None:
    comments = "".join(f'<li class="comment"><span class="comment-author">Reader {n}</span></li>' for n in range(30))
    body = f'<h1>T</h1><ol class="comments">{comments}</ol><footer><span class="author">Lena Vogt</span></footer>'
    body = f'<article>{body}</article>'
    assert visible_authors(_tree(body)) == ["Lena Vogt"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # The page layout calls the article's column "one-sidebar": the byline in its header still counts.
        ('<div class="one-sidebar"><article><header><h1>T</h1><span class="byline">von Kim Ober</span>'
         '</header></article></div>', ["Kim Ober"]),
        # An article's own <footer> holds its byline.
        ('<article><h1>T</h1><p>Text.</p><footer class="entry-footer"><span class="author">Ada Kern</span>'
         '</footer></article>', ["Ada Kern"]),
        # Comments inside the article are still not bylines.
        ('<article><h1>T</h1><p>Text.</p><div class="comments"><span class="comment-author">Troll Person</span>'
         '</div></article>', []),
        # Bylines of teasers outside the headline's article are not its authors.
        ('<article><h1>T</h1><p>Text.</p></article><aside><span class="author">Other Writer</span></aside>', []),
    ],
)
def test_bylines_inside_the_headline_article(body: str, expected: list[str]) -> None:
    assert visible_authors(_tree(body)) == expected


def test_a_meta_line_listing_categories_is_not_a_byline() -> None:
    body = ('<h1>T</h1><div class="meta-space">7 March 2018 | General, Beauty Brown, Colour-Shampoo, '
            'Hair dyeing, Hair colour, Conditioner Permalink</div>')
    assert visible_authors(_tree(body)) == []


def test_signature_line_closing_a_short_article() -> None:
    paragraphs = "".join(f"<p>Paragraph {n} of the story.</p>" for n in range(30))
    body = f"<h1>T</h1>{paragraphs}<p><strong>Autorin: Uta Kerner, Leiterin des Projekts in Tunis</strong></p>"
    assert visible_authors(_tree(body)) == ["Uta Kerner"]


def test_by_lines_in_comment_threads_are_not_bylines() -> None:
    body = '<h1>T</h1><p>Text.</p><ol class="comment-list"><li>Posted by Troll Person</li></ol>'
    assert visible_authors(_tree(body)) == []


def test_the_headline_is_not_the_site_logo() -> None:
    # The logo h1 sits outside the article; the story's own h1 decides which <article> holds its byline.
    body = ('<div class="one-sidebar"><h1><a href="/">The Daily Planet</a></h1>'
            '<article><h1>Story</h1><aside class="meta">Von: <a class="author-name">Mira Feld</a></aside>'
            '<p>Text.</p></article></div>')
    assert visible_authors(_tree(body)) == ["Mira Feld"]


def test_forum_thread_author_in_data_author() -> None:
    body = ('<h1>Cat sheds dirt every night</h1><article class="message" data-author="Pepemaus"><p>Help!</p></article>'
            '<article class="message" data-author="Tierfreund"><p>Brush her.</p></article>')
    assert visible_authors(_tree(body)) == ["Pepemaus"]


def test_block_text_breaks_lines_between_blocks_only() -> None:
    node = lxml.html.fromstring('<div>Isabel Cruz y <a>José Wilson</a><div>Hace 13 horas</div><script>x=1</script>'
                                '<!-- c -->tail<p>T</p></div>')
    assert block_text(node) == "Isabel Cruz y José Wilson\nHace 13 horas\ntail\nT"


@pytest.mark.parametrize(
    ("box", "expected"),
    [
        # Names, then the time on a line of its own (glued, it would hide the last name).
        ('<div class="author">Isabel Cruz, Rocío Lara y José Wilson<span class="d"><div>Hace 13 horas</div></span>'
         '</div>', ["Isabel Cruz", "Rocío Lara", "José Wilson"]),
        # The author box: a name, then widget labels and a bio.
        ('<div class="author-box"><b>Birgit Poss</b><div>Über</div><div>Autorenseite von</div><div>Schließen</div>'
         '</div>', ["Birgit Poss"]),
        ('<div class="author"><a>linksc</a><p>Creating Search Engine API</p><p>Message</p></div>', ["linksc"]),
        # A label on its own line, then the name on the next.
        ('<div class="author-text"><div>Pressemitteilung von</div><div>Katja Kern</div></div>', ["Katja Kern"]),
        # A labelled line naming only the desk: no name from the category lines after it.
        ('<div class="article-author"><div>von</div><div>motor.example Redaktion</div><div>in Rubrik:</div>'
         '<div>Hyundai</div></div>', []),
    ],
)
def test_byline_boxes_read_line_by_line(box: str, expected: list[str]) -> None:
    assert visible_authors(_tree(f"<h1>T</h1>{box}<p>Text.</p>")) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A blog post's footer (hentry) holds its byline, even with no <article> or <header> around the headline.
        ("<h1>Blog</h1><div class='post hentry'><h3>T</h3><p>Text.</p><div class='post-footer'>"
         "<span class='post-author vcard'>Eingestellt von <span class='fn'>der Michel</span></span></div></div>",
         ["der Michel"]),
        # The headline sits in the article's <header>; the byline in the article's <footer>.
        ("<article><header><h1>T</h1></header><p>Text.</p><footer class='meta'><address itemprop='author'>"
         "<span itemprop='name'>Frank Boden</span></address></footer></article>", ["Frank Boden"]),
        # A post inside a sidebar is not the article.
        ("<h1>T</h1><p>Text.</p><div class='sidebar'><div class='hentry'><footer><span class='author'>Side Writer"
         "</span></footer></div></div>", []),
    ],
)
def test_posts_own_footers(body: str, expected: list[str]) -> None:
    assert visible_authors(_tree(body)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<h1>T</h1><small>04.02.2022 | 13:10 Uhr | Uta Helm</small><p>Text.</p>', ["Uta Helm"]),
        ('<h1>T</h1><p>25.10.2022 - Reiner Nagl</p><p>Text.</p>', ["Reiner Nagl"]),
        ('<h1>T</h1><h2>06.11.2023 13:30 von Olga</h2><p>Text.</p>', ["Olga"]),
        ('<h1>T</h1><div>Posted on September 21, 2020 by Adi Tamir</div>', ["Adi Tamir"]),
        ('<h1>T</h1><p>Freitag | 14. Juni 2019 | 15:49 VON Sina Giebl IN</p>', ["Sina Giebl"]),
        # A place beside a date is not a name; nor are lines that only contain a digit before "von".
        ('<h1>T</h1><p>04.02.2022 - Berlin</p>', []),
        ('<h1>T</h1><p>10-in-1 Trockenshampoos von Wellaflex</p>', []),
        ('<h1>T</h1><p>04. November 2021 | PAID CONTENT</p>', []),
    ],
)
def test_dated_byline_lines_below_the_headline(body: str, expected: list[str]) -> None:
    assert visible_authors(_tree(body)) == expected


def test_dated_lines_far_below_the_headline_list_events() -> None:
    events = "".join(f"<li>{n}.11.2022 - Band Number{n} - Hall</li>" for n in range(1, 15))
    events += "<li>12.11.2022 - Ina Moll</li>"
    assert visible_authors(_tree(f"<h1>Concerts</h1><p>Intro.</p><ul>{events}</ul>")) == []


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("<li class='comment byuser comment-author-karo bypostauthor'><div class='comment-author vcard'>"
         "<b class='fn'>Karo Herr</b> sagt:</div><p>Danke!</p></li>", ["Karo Herr"]),
        ("<div class='comment byuser comment-author-hansi bypostauthor'><p class='comment-author'>HansEhr</p></div>",
         ["HansEhr"]),
        ("<li class='comment byuser comment-author-reader'><b class='fn'>Some Reader</b></li>", []),
    ],
)
def test_the_post_authors_own_comment_names_the_author(comment: str, expected: list[str]) -> None:
    body = f"<h1>T</h1><p>Text.</p><ol class='commentlist'>{comment}</ol>"
    assert visible_authors(_tree(body)) == expected


def test_chinese_editor_label() -> None:
    assert visible_authors(_tree("<h1>T</h1><p>正文。</p><span>责任编辑： 焦鹏程</span>")) == ["焦鹏程"]


def test_drupal_submitted_line() -> None:
    body = ("<h1>T</h1><p>Text.</p><div class='submitted'>Gespeichert von <span class='username'>rasos</span>"
            " am 24. Juli</div>")
    assert visible_authors(_tree(body)) == ["rasos"]


def test_a_meta_line_of_categories_is_not_a_byline() -> None:
    body = "<h1>T</h1><p class='entry-meta'>Kategorie: Alle Posts, Fair Fashion, Go Green</p>"
    assert visible_authors(_tree(body)) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # No <h1>: the page's own text is searched for a labelled byline.
        ('<div class="headline">Entlastungen</div><h5><em>Von Leonora Holm</em></h5><p>Text.</p>', ["Leonora Holm"]),
        ('<p><i>von Daniela Ober</i></p><h2>Grenzen</h2><p>Text.</p>', ["Daniela Ober"]),
        # A sentence that opens with "Von" lists things, not authors.
        ('<h1>T</h1><p>Von den Höfen kaufte er Speck, Hartbrot und Kartoffeln.</p>', []),
        # A video credit is not the article's byline.
        ('<h1>T</h1><span class="video-credit">By U.S. CUSTOMS AND BORDER PROTECTION</span><p>Text.</p>', []),
    ],
)
def test_labelled_lines_without_a_headline_and_lines_that_are_not_bylines(body: str, expected: list[str]) -> None:
    assert visible_authors(_tree(body)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<h1>T</h1><div><p>Text of the story.</p><p><b><i>Stefan Wass</i></b></p></div>', ["Stefan Wass"]),
        ('<h1>T</h1><div><p>Text.</p><p><strong>Marina Much</strong></p></div><footer>Impressum</footer>',
         ["Marina Much"]),
        # A bold line with more text after it is a subheading; one word is not a signature.
        ('<h1>T</h1><div><p><b>Neue Wege</b></p><p>Text.</p></div>', []),
        ('<h1>T</h1><div><p>Text.</p><p><b>Danke</b></p></div>', []),
    ],
)
def test_signature_paragraph_closing_the_article(body: str, expected: list[str]) -> None:
    assert visible_authors(_tree(body)) == expected


def test_headline_inside_a_teaser_module_keeps_its_byline() -> None:
    body = ('<main><div class="module module-imageTeaser"><div class="head"><h1>T</h1></div>'
            '<div class="wrapper"><div class="metaInfo">Ein Artikel von Pia Sander | 27.01.2022</div></div></div>'
            '<p>Text.</p></main>')
    assert visible_authors(_tree(body)) == ["Pia Sander"]


def test_text_von_label() -> None:
    body = '<h1>T</h1><p><em>Text von Christian Seidl Illustration von Markus Rost</em></p><p>Story.</p>'
    assert visible_authors(_tree(body)) == ["Christian Seidl"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Page builders wrap every block, the article's byline too, in a "widget".
        ('<div class="elementor-widget"><h1>T</h1></div><div class="elementor-widget elementor-post-info">'
         '<span class="elementor-post-info__item--type-author">Boris T. Kaiserling</span></div><p>Text.</p>',
         ["Boris T. Kaiserling"]),
        # A widget in the sidebar is still the sidebar.
        ('<h1>T</h1><p>Text.</p><div class="sidebar"><div class="widget"><span class="author">Side Writer</span>'
         '</div></div>', []),
        # A role between the label and the name.
        ('<h1>T</h1><p>Text.</p><div>Autor: <a href="/anwalt">Rechtsanwalt</a> Sebastian Einberg</div>',
         ["Sebastian Einberg"]),
    ],
)
def test_widget_wrappers_and_roles(body: str, expected: list[str]) -> None:
    assert visible_authors(_tree(body)) == expected


def test_linked_names_joined_by_und() -> None:
    body = ('<h1>T</h1><p>Von <strong><a href="/rb">Roland Brock</a></strong> und <strong><a href="/sd">Sebastian '
            'Drechsel</a></strong><br/></p><p>Text.</p>')
    assert visible_authors(_tree(body)) == ["Roland Brock", "Sebastian Drechsel"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Von Einheimischen, Gästen und ganz viel Kühen", []),
        ("von Säure, Extrakt, Aromen und Zucker führt. Dieser", []),
        ("by marc", ["marc"]),
        ("Von Jane Doe, John Roe und Ann Lee", ["Jane Doe", "John Roe", "Ann Lee"]),
    ],
)
def test_sentences_opening_with_von_list_things(line: str, expected: list[str]) -> None:
    assert visible_authors(_tree(f"<h1>T</h1><p>{line}</p><p>Text.</p>")) == expected


def test_a_button_glued_to_the_name() -> None:
    body = '<h1>T</h1><div class="author-info"><b>Inga Holt</b><a class="btn">Follow</a></div><p>Text.</p>'
    assert visible_authors(_tree(body)) == ["Inga Holt"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<h1>T</h1><p class="autorenzeile">Von Volker Kabs, Jan Lukas Stroh und Ben Strunk, NDR</p>',
         ["Volker Kabs", "Jan Lukas Stroh", "Ben Strunk"]),
        # A byline box listing the post's categories.
        ('<h1>T</h1><div class="postMeta--author">01.12.2022 / / CSP / International / Photovoltaik / Speicher / '
         'Wirtschaft</div>', []),
        # A navigation bar classed "meta" is not a byline.
        ('<h1>T</h1><div class="meta-navigation-content">MeinVerband Verbandconnects</div><p>Text.</p>', []),
    ],
)
def test_broadcasters_category_boxes_and_navigation(body: str, expected: list[str]) -> None:
    assert visible_authors(_tree(body)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # The header picture's licence note names its photographer in an "author-name" element.
        ('<h1>T</h1><div class="license-info"><span class="license">CC BY</span><span class="author-name">'
         '<a class="license-author">Pia Knipser</a></span></div><div class="author"><p>Autor <span>Ole Berg:</span>'
         '</p></div><p>Text.</p>', ["Ole Berg"]),
        # An article's credits section is still its byline.
        ('<h1>T</h1><section class="article-credits"><span class="article-author">Uta Wendt</span></section>',
         ["Uta Wendt"]),
    ],
)
def test_picture_licence_authors_are_not_bylines(body: str, expected: list[str]) -> None:
    assert visible_authors(_tree(body)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # The classic blog theme's post-meta line under the post.
        ('<h1>Blog</h1><div class="post"><h2>T</h2><p>Text.</p><p class="postmetadata">Von R. T. am '
         '<a href="/2013/08/07/">07.08.2013</a> um 09:07 Uhr</p></div>', ["R. T."]),
        ('<h1>Blog</h1><div class="post"><h2>T</h2><p>Text.</p><p class="postmetadata">Posted in News, Events '
         '| Edit | 2 Comments</p></div>', []),
    ],
)
def test_postmetadata_lines(body: str, expected: list[str]) -> None:
    assert visible_authors(_tree(body)) == expected


@pytest.mark.parametrize(
    ("box", "expected"),
    [
        # A name, a glued button, then a long bio: the first line is the name.
        ('<div class="author-info"><a>Ilse Brandtner</a><a class="btn">Follow</a><p>Beraterin für neues Arbeiten '
         'und Lernen, schreibt über Teams, Führung und Werkzeuge, die Menschen wirklich helfen.</p></div>',
         ["Ilse Brandtner"]),
        # A long box whose first line is not a name alone gives nothing.
        ('<div class="author-note"><p>Vielen Dank!</p><p>Wir freuen uns über Ihre Nachricht und melden uns so bald '
         'wie möglich bei Ihnen zurück, meistens innerhalb von zwei Werktagen.</p></div>', []),
        ('<div class="author-bio"><p>Mehr über den Autor und seine Bücher, Vorträge und Seminare finden Sie auf '
         'seiner Seite, dort gibt es auch einen Newsletter.</p></div>', []),
    ],
)
def test_long_byline_boxes_give_their_first_line_name(box: str, expected: list[str]) -> None:
    assert visible_authors(_tree(f"<h1>T</h1>{box}<p>Text.</p>")) == expected


@pytest.mark.parametrize(
    ("closing", "expected"),
    [
        ("<p>Bis bald!</p><p>Malte<br> 3. März 2021</p>", ["Malte"]),
        ("<p>Jo Anne Kerr<br>May 4, 2019</p>", ["Jo Anne Kerr"]),
        # Not the last paragraph, not a day on the second line, or not a name on the first: no sign-off.
        ("<p>Malte<br> 3. März 2021</p><p>Nachtrag: es regnet.</p>", []),
        ("<p>Malte<br>Hamburg</p>", []),
        ("<p>Termin verschoben<br>3. März 2021</p>", []),
    ],
)
def test_sign_off_with_a_day(closing: str, expected: list[str]) -> None:
    assert visible_authors(_tree(f"<article><h1>T</h1><p>Text.</p>{closing}</article>")) == expected


def test_a_category_list_in_the_post_meta_is_not_a_byline() -> None:
    body = ('<h1>T</h1><div class="entry-header"><span class="entry-meta-categories">'
            '<a href="/thema/alte-sprachen/" rel="category tag">Alte Sprachen</a></span></div><p>Text.</p>')
    assert visible_authors(_tree(body)) == []


@pytest.mark.parametrize(
    ("box", "expected"),
    [
        ('<div class="author-box"><p class="author-bio">Kai Brenner – Redakteur, fährt Rad seit 2001.</p></div>',
         ["Kai Brenner"]),
        ('<div class="author-box"><p class="author-bio">Kai fährt Rad seit 2001.</p></div>', ["Kai"]),
    ],
)
def test_a_first_name_byline_is_spelled_out_by_the_author_box(box: str, expected: list[str]) -> None:
    body = f'<h1>T</h1><div class="byline"><a class="author-link" href="/u/kai">Kai</a></div><p>Text.</p>{box}'
    assert visible_authors(_tree(body)) == expected


@pytest.mark.parametrize(
    ("closing", "expected"),
    [
        ("<p><strong>Text:</strong> Ole Sander</p><p><strong>Fotos:</strong> Tim Kranz</p>", ["Ole Sander"]),
        ("<p>von Ole Sander</p>", []),  # far from the headline only a colon label is a byline
    ],
)
def test_a_colon_labelled_byline_closing_a_long_article(closing: str, expected: list[str]) -> None:
    paragraphs = "".join(f"<p>Absatz {n} mit <b>Fettdruck</b> darin.</p>" for n in range(80))
    assert visible_authors(_tree(f"<h1>T</h1>{paragraphs}{closing}")) == expected


@pytest.mark.parametrize(
    ("alt", "expected"),
    [("Lena Vogt", ["Lena Vogt"]), ("Autorenfoto", []), ("Lena", [])],
)
def test_the_author_picture_names_a_byline_box_without_text(alt: str, expected: list[str]) -> None:
    body = f'<h1>T</h1><div class="autor-bild"><img src="/p/1.jpg" alt="{alt}"></div><p>Text.</p>'
    assert visible_authors(_tree(body)) == expected


def _page(head: str, body: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        ("<title>Warum Zeit knapp ist | Anna Berg</title>", "<h1>Warum Zeit knapp ist</h1><p>Text.</p>",
         ["Anna Berg"]),
        ("<title>Speicher richtig planen | Daheim Solar</title>", "<h1>Speicher richtig planen</h1><p>Text.</p>", []),
        ("<title>Kim Jong Un – Der Diktator ist zurück | Politik</title>",
         "<h1>Kim Jong Un – Der Diktator ist zurück</h1><p>Text.</p>", []),
        ('<title>Warum Zeit knapp ist</title><meta property="og:site_name" content="Anna Berg’s Blog">',
         "<h1>Warum Zeit knapp ist</h1><p>Text.</p>", ["Anna Berg"]),
        ("<title>Warum Zeit knapp ist</title>",
         '<div class="site-branding"><p class="site-title">Zeitfragen</p><p class="site-description">Anna Berg</p>'
         "</div><h1>Warum Zeit knapp ist</h1><p>Text.</p>", ["Anna Berg"]),
        ("<title>Warum Zeit knapp ist</title>",
         "<h1>Warum Zeit knapp ist</h1><p>Text.</p><footer><p>© 2019–2023 Anna Berg. Alle Rechte vorbehalten.</p>"
         "</footer>", ["Anna Berg"]),
        ("<title>Warum Zeit knapp ist</title>",
         '<h1>Warum Zeit knapp ist</h1><figure><img src="/a.jpg"><figcaption>© Anna Berg</figcaption></figure>'
         "<p>Text.</p>", []),
        ("<title>Warum Zeit knapp ist | Anna Berg</title>",
         '<h1>Warum Zeit knapp ist</h1><p class="byline">Von Jonas Kurz</p><p>Text.</p>', ["Jonas Kurz"]),
        ("<title>Warum Zeit knapp ist</title>",  # a picture credit outside a figure: no year
         '<div class="head-image"><img src="/a.jpg"><p class="note">© Anna Berg</p></div><h1>Warum Zeit knapp ist</h1>'
         "<p>Text.</p>", []),
        ("<title>Warum Zeit knapp ist</title>",
         '<h1>Warum Zeit knapp ist</h1><p>Text.</p><script type="text/x-template">© 2020 Anna Berg</script>', []),
        ("<title>Warum Zeit knapp ist</title>",
         "<h1>Warum Zeit knapp ist</h1><p><em>Aus dem Buch „Zeit“. Copyright © 2018 by Anna Berg. Abdruck mit"
         " freundlicher Genehmigung des Verlags Nordlicht, Hamburg, und der Autorin.</em></p>", []),
    ],
)
def test_a_page_without_byline_names_the_person_whose_site_it_is(head: str, body: str, expected: list[str]) -> None:
    assert visible_authors(_page(head, body)) == expected


@pytest.mark.parametrize(
    ("closing", "expected"),
    [
        ("<p><strong>Pressekontakt</strong><br>Dr. Jonas Kurz<br>Pressesprecher<br>Tel. 030 1234567</p>",
         ["Dr. Jonas Kurz"]),
        ("<div>Kontakt:</div><p><b>Greta Holm</b><br>Telefon 040 765432</p>", ["Greta Holm"]),
        ("<p><strong>Pressekontakt</strong><br>Stadtwerke Nord GmbH<br>Tel. 030 1234567</p>", []),
        ("<p>Kontakt zu Jonas Kurz gibt es über den Verein.</p>", []),
    ],
)
def test_a_press_release_without_byline_names_its_contact(closing: str, expected: list[str]) -> None:
    body = f"<h1>Neue Ausstellung eröffnet</h1><p>Die Ausstellung zeigt Bilder.</p>{closing}"
    assert visible_authors(_tree(body)) == expected
