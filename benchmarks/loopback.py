"""The guard every load-test client runs first: it must never load a real server."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def require_loopback(url: str, what: str) -> None:
    """Refuse anything but a loopback IP literal."""
    host = urlsplit(url).hostname or ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise SystemExit(f"{what} must be on a loopback address such as 127.0.0.1, not {host!r}")
