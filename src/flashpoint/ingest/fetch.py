"""HTTP(S) fetching for URL sources and followed feed links: timeouts, redirects and a size cap.

Every failure becomes an InputError whose message says what happened and what to try; nothing
here decides what the bytes are (walk.py and the readers do).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

import httpx

from flashpoint.errors import InputError

USER_AGENT = "flashpoint/0.1 (+news event reader)"
_CHUNK = 64 * 1024


@dataclass
class Fetched:
    """A successful response body, with what the server said about it."""

    url: str                       # the final URL, after redirects
    data: bytes
    content_type: str | None = None
    charset: str | None = None
    fetched_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))


def fetch(url: str, timeout: float, max_bytes: int) -> Fetched:
    """GET `url`, following redirects; InputError on HTTP errors, timeouts or a body over max_bytes."""
    try:
        with httpx.Client(timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}) as client:
            with client.stream("GET", url) as response:
                return _read_response(response, url, timeout, max_bytes)
    except httpx.TimeoutException as e:
        raise InputError(f"timed out after {timeout:g} s fetching {url}; raise --timeout or try later") from e
    except httpx.TooManyRedirects as e:
        raise InputError(f"too many redirects fetching {url}") from e
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as e:
        raise InputError(f"not a fetchable URL: {url} ({e})") from e
    except httpx.HTTPError as e:
        raise InputError(f"could not fetch {url}: {type(e).__name__}: {str(e) or 'connection failed'}") from e


def _read_response(response: httpx.Response, url: str, timeout: float, max_bytes: int) -> Fetched:
    """Check the status, then read the body within the size cap and an overall deadline."""
    if response.status_code >= 400:
        raise InputError(f"HTTP {response.status_code} {response.reason_phrase} from {url}")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise InputError(f"{url} is {int(declared):,} bytes, over the {max_bytes:,}-byte limit; raise --max-bytes")
    deadline = time.monotonic() + max(timeout, 1.0) * 3
    body = bytearray()
    for chunk in response.iter_bytes(_CHUNK):
        body += chunk
        if len(body) > max_bytes:
            raise InputError(f"{url} is over the {max_bytes:,}-byte limit; raise --max-bytes")
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("body still arriving after the deadline")
    content_type = response.headers.get("content-type")
    return Fetched(
        url=str(response.url),
        data=bytes(body),
        content_type=content_type.split(";")[0].strip().lower() if content_type else None,
        charset=response.charset_encoding,
    )
