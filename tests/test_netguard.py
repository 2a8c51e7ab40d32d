"""The address guard: which addresses and schemes a crawl refuses."""

from __future__ import annotations

import pytest

from newsarchive.errors import UrlError
from newsarchive.netguard import check_public_url, forbidden_class
from newsarchive.urls import validate_http_url


@pytest.mark.parametrize(
    "address,expected",
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("172.16.5.4", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("::ffff:127.0.0.1", "loopback"),
        ("0.0.0.0", "private"),
        ("8.8.8.8", None),
        ("2001:4860:4860::8888", None),
    ],
)
def test_forbidden_class(address, expected):
    assert forbidden_class(address) == expected


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/", "http://localhost/news", "http://[::1]/"])
def test_loopback_targets_are_refused_with_one_clear_line(url):
    with pytest.raises(UrlError, match="--allow-private") as info:
        check_public_url(url)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("url", ["ftp://example.com/", "file:///etc/passwd", "javascript:alert(1)", "example.com", ""])
def test_only_http_and_https(url):
    with pytest.raises(UrlError):
        validate_http_url(url)
