"""Fetch one page outside a crawl (for `newsarchive extract URL`): address guard on every hop, size cap, timeout."""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urljoin

from .errors import UrlError
from .netguard import check_public_url
from .settings import DOWNLOAD_MAXSIZE, DOWNLOAD_TIMEOUT, REDIRECT_MAX_TIMES, USER_AGENT
from .urls import validate_http_url


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def fetch_page(url: str, *, allow_private: bool = False) -> tuple[bytes, str]:
    """GET `url` following redirects (each hop checked); return (body, final URL). Raises UrlError."""
    for _ in range(REDIRECT_MAX_TIMES + 1):
        validate_http_url(url)
        if not allow_private:
            check_public_url(url)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        try:
            with _opener.open(request, timeout=DOWNLOAD_TIMEOUT) as response:
                body = response.read(DOWNLOAD_MAXSIZE + 1)
                if len(body) > DOWNLOAD_MAXSIZE:
                    raise UrlError(f"{url}: response larger than {DOWNLOAD_MAXSIZE} bytes")
                return body, response.geturl()
        except urllib.error.HTTPError as exc:
            location = exc.headers.get("Location")
            if exc.code in (301, 302, 303, 307, 308) and location:
                url = urljoin(url, location)
                continue
            raise UrlError(f"{url}: HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise UrlError(f"cannot fetch {url}: {reason}") from None
    raise UrlError(f"{url}: more than {REDIRECT_MAX_TIMES} redirects")
