"""Tests of URL validation, canonical form (one row per article) and site identity."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.errors import UrlError
from newsarchive.urls import canonical_url, host_of, registered_domain, same_site, validate_http_url

STORY = "https://www.example.com/news/port-strike"


@pytest.mark.parametrize(
    "variant",
    [
        STORY,
        "  https://www.example.com/news/port-strike  ",
        "https://WWW.Example.COM/news/port-strike",
        "https://www.example.com:443/news/port-strike",
        "https://www.example.com./news/port-strike",
        "https://www.example.com/news/port-strike#comments",
        "https://www.example.com/news/port-strike?utm_source=twitter&utm_medium=social&utm_campaign=x",
        "https://www.example.com/news/port-strike?fbclid=IwAR0abc",
        "https://www.example.com/news/port-strike?gclid=abc&msclkid=def",
        "https://www.example.com/news/port-strike?CMP=share_btn_tw",
        "https://www.example.com/news/port-strike?at_medium=RSS&at_campaign=KARANGA",
        "https://www.example.com/news/port-strike?mc_cid=1&mc_eid=2&_ga=3",
        "https://m.example.com/news/port-strike",
        "https://mobile.example.com/news/port-strike",
        "https://amp.example.com/news/port-strike",
        "https://www.example.com/news/port-strike/amp",
        "https://www.example.com/news/port-strike/amp/",
        "https://www.example.com/amp/news/port-strike",
        "https://www.example.com/news/port-strike.amp",
        "https://www.example.com/news/port-strike?amp=1",
        "https://www.example.com/news/port-strike?outputType=amp",
        "https://www.example.com/news/./port-strike",
        "https://www.example.com/news/world/../port-strike",
        "https://www.example.com//news//port-strike",
        "https://www.example.com/news/port-strike;jsessionid=0123ABC",
    ],
)
def test_variants_fold_to_one_url(variant):
    assert canonical_url(variant) == STORY


@pytest.mark.parametrize(
    "url, expected",
    [
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a?id=5&utm_source=x", "https://example.com/a?id=5"),
        ("https://example.com/story.amp.html", "https://example.com/story.html"),
        ("https://example.com/%7euser/a%2fb", "https://example.com/~user/a%2Fb"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/ur/خبر/1", "https://example.com/ur/%D8%AE%D8%A8%D8%B1/1"),
    ],
)
def test_canonical_form(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    "a, b",
    [
        ("https://example.com/news/1", "https://example.com/news/2"),
        ("https://example.com/article?id=1", "https://example.com/article?id=2"),
        ("https://example.com/news/1", "https://other.example.com/news/1"),
        ("http://example.com/a", "http://example.com:8080/a"),
        ("https://example.com/news/amplifier", "https://example.com/news/"),
    ],
)
def test_different_articles_stay_different(a, b):
    assert canonical_url(a) != canonical_url(b)


_labels = st.sampled_from(["example", "News", "m", "amp", "mobile", "www", "bbc", "co", "xn--mnchen-3ya", "münchen"])
_segments = st.one_of(
    st.sampled_from(["amp", ".", "..", "", "index.html", "story.amp", "a%7eb", "%E2%82%AC", "x;jsessionid=1", "a b"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="?#/"), max_size=6),
)
_params = st.lists(
    st.tuples(st.sampled_from(["utm_source", "id", "amp", "fbclid", "q", "page", "CMP", "ref"]), st.text(max_size=4)),
    max_size=4,
)


@st.composite
def urls(draw) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTPS"]))
    host = ".".join(draw(st.lists(_labels, min_size=2, max_size=4)))
    port = draw(st.sampled_from(["", ":80", ":443", ":8080"]))
    path = "/".join(draw(st.lists(_segments, max_size=5)))
    query = "&".join(f"{k}={v}" for k, v in draw(_params))
    fragment = draw(st.sampled_from(["", "#top", "#!/x"]))
    return f"{scheme}://{host}{port}/{path}" + (f"?{query}" if query else "") + fragment


@settings(max_examples=400, deadline=None)
@given(urls())
def test_canonical_url_is_idempotent(url):
    once = canonical_url(url)
    assert canonical_url(once) == once
    parts = urlsplit(once)
    assert not parts.fragment and not {"utm_source", "fbclid", "amp"} & {k for k, _ in parse_qsl(parts.query)}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_canonical_url_never_raises(text):
    assert isinstance(canonical_url(text), str)


@pytest.mark.parametrize("url", ["ftp://example.com/x", "javascript:alert(1)", "example.com/x", "http://", "https://example.com:99999/"])
def test_validate_rejects_non_http(url):
    with pytest.raises(UrlError):
        validate_http_url(url)


def test_validate_returns_stripped_url():
    assert validate_http_url("  https://example.com/a ") == "https://example.com/a"


@pytest.mark.parametrize(
    "url, domain",
    [
        ("https://news.bbc.co.uk/x", "bbc.co.uk"),
        ("https://www.example.com/", "example.com"),
        ("http://127.0.0.1:8001/a", "127.0.0.1:8001"),
        ("localhost:9000", "localhost:9000"),
    ],
)
def test_registered_domain(url, domain):
    assert registered_domain(url) == domain


def test_same_site_and_host():
    assert same_site("https://www.example.com/a", "https://m.example.com/b")
    assert not same_site("http://127.0.0.1:8001/", "http://127.0.0.1:8002/")
    assert host_of("https://WWW.Example.com:8080/x") == "www.example.com"
