"""Fetch study records from the ClinicalTrials.gov API v2 search endpoint, page by page.

``GET {base}/studies`` with ``query.cond``, ``filter.overallStatus`` (comma-separated),
``pageSize`` (at most 1000) and ``pageToken`` from the previous page's ``nextPageToken``
(software.md section 3.5). Only the standard library: the command runs where the server can
reach the registry, and tests point ``base_url`` at a stub server on 127.0.0.1.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

DEFAULT_BASE_URL = "https://clinicaltrials.gov/api/v2"
MAX_PAGE_SIZE = 1000  # the API's own limit
TIMEOUT_SECONDS = 30


class FetchError(RuntimeError):
    """The registry could not be reached or answered something that is not a search page."""


@dataclass(frozen=True)
class SearchPage:
    """One page of a search: its number (from 1), the URL asked and the parsed JSON."""

    number: int
    url: str
    data: dict[str, Any]


def search_url(
    base_url: str, *, condition: str, statuses: Sequence[str], page_size: int, token: str | None
) -> str:
    """The search URL for one page."""
    params = {"query.cond": condition, "pageSize": str(min(page_size, MAX_PAGE_SIZE))}
    if statuses:
        params["filter.overallStatus"] = ",".join(statuses)
    params["format"] = "json"
    if token:
        params["pageToken"] = token
    return f"{base_url.rstrip('/')}/studies?{urllib.parse.urlencode(params)}"


def fetch_pages(
    base_url: str,
    *,
    condition: str,
    statuses: Sequence[str] = (),
    page_size: int = 100,
    max_pages: int = 50,
) -> Iterator[SearchPage]:
    """Every page of the search, following ``nextPageToken`` up to ``max_pages`` pages.

    Raises FetchError naming the URL when the registry cannot be reached, answers an HTTP
    error, or sends something that is not a JSON search page.
    """
    if urllib.parse.urlsplit(base_url).scheme not in ("http", "https"):
        raise FetchError(f"{base_url}: the API root must be an http(s) URL")
    token: str | None = None
    for number in range(1, max_pages + 1):
        url = search_url(
            base_url, condition=condition, statuses=statuses, page_size=page_size, token=token
        )
        # The scheme is checked above: only http(s), never file: or a custom one.
        request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                body = response.read()
        except urllib.error.HTTPError as error:
            raise FetchError(f"{url}: the registry answered HTTP {error.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise FetchError(f"{url}: cannot reach the registry ({reason})") from None
        try:
            data = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise FetchError(f"{url}: the answer is not JSON") from None
        if not isinstance(data, dict) or not isinstance(data.get("studies"), list):
            raise FetchError(f'{url}: the answer has no "studies" list')
        yield SearchPage(number, url, data)
        token = data.get("nextPageToken")
        if not token:
            return
