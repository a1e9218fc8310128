"""Fetching search pages from a stub ClinicalTrials.gov on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from engraft.core.trials.ctgov_fetch import FetchError, fetch_pages


class _Registry(BaseHTTPRequestHandler):
    pages: dict[str | None, dict] = {}
    asked: list[dict[str, list[str]]] = []
    status = 200

    def do_GET(self):
        query = parse_qs(urlsplit(self.path).query)
        type(self).asked.append(query)
        body = json.dumps(self.pages[query.get("pageToken", [None])[0]]).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def registry():
    _Registry.asked, _Registry.status = [], 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Registry)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield _Registry, f"http://127.0.0.1:{server.server_port}/api/v2"
    server.shutdown()


def test_pages_are_followed_by_their_token_with_the_condition_and_statuses(registry):
    handler, base = registry
    handler.pages = {
        None: {"studies": [{"a": 1}], "nextPageToken": "tok2"},
        "tok2": {"studies": [{"b": 2}, {"c": 3}]},
    }
    pages = list(
        fetch_pages(base, condition="osteopetrosis", statuses=["RECRUITING", "NOT_YET_RECRUITING"])
    )
    assert [len(p.data["studies"]) for p in pages] == [1, 2]
    first, second = handler.asked
    assert first["query.cond"] == ["osteopetrosis"]
    assert first["filter.overallStatus"] == ["RECRUITING,NOT_YET_RECRUITING"]
    assert "pageToken" not in first
    assert second["pageToken"] == ["tok2"]


def test_max_pages_stops_the_paging(registry):
    handler, base = registry
    handler.pages = {None: {"studies": [], "nextPageToken": "again"}, "again": {"studies": []}}
    assert len(list(fetch_pages(base, condition="x", max_pages=1))) == 1


def test_an_http_error_names_the_url(registry):
    handler, base = registry
    handler.pages, handler.status = {None: {"studies": []}}, 503
    with pytest.raises(FetchError, match=r"127\.0\.0\.1.*HTTP 503"):
        list(fetch_pages(base, condition="x"))


def test_an_answer_without_studies_is_not_a_search_page(registry):
    handler, base = registry
    handler.pages = {None: {"error": "nope"}}
    with pytest.raises(FetchError, match='no "studies" list'):
        list(fetch_pages(base, condition="x"))
