"""A fake of UKRI's Gateway to Research GtR-2 API on 127.0.0.1, for tests.

Serves the routes :class:`refenrich.ref.gtr.GtrClient` uses, shaped like the real API:
``/gtr/api/projects?q=REF&f=pro.gr``, ``/gtr/api/funds/{id}``,
``/gtr/api/organisations/{id}`` and ``/gtr/api/projects/{id}/outcomes/publications``.
Like the real service it answers XML unless asked for the versioned JSON
(``Accept: application/vnd.rcuk.gtr.json-v7``). ``fail_next`` makes the next requests
fail (503, or 429 with ``Retry-After``) to exercise retries. Standard library only.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

__all__ = ["FakeGrant", "FakeGtr"]

_ACCEPT = "application/vnd.rcuk.gtr.json-v7"


@dataclass(frozen=True, slots=True)
class FakeGrant:
    """One grant the fake holds. Dates are ISO ``YYYY-MM-DD``."""

    reference: str
    organisation: str
    start: str
    end: str
    amount: float
    funder: str = "ESRC"
    title: str = "A project"
    publication_dois: tuple[str, ...] = ()


def _millis(day: str) -> int:
    moment = datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


@dataclass(slots=True)
class FakeGtr:
    """The fake server; use as a context manager, ``url`` is its base URL."""

    grants: list[FakeGrant]
    fail_next: list[int] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        assert self._server is not None, "the server is not running"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def _answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        by_id = {f"P{index}": grant for index, grant in enumerate(self.grants)}
        parts = path.strip("/").split("/")
        if parts[:2] != ["gtr", "api"] or len(parts) < 3:
            return 404, {"error": "not found"}
        base = f"{self.url}/gtr/api"
        if parts[2:] == ["projects"]:
            wanted = (query.get("q") or [""])[0].upper()
            found = [
                {
                    "id": key,
                    "title": grant.title,
                    "grantReference": grant.reference,
                    "leadFunder": grant.funder,
                    "links": {
                        "link": [
                            {"href": f"{base}/funds/F{key}", "rel": "FUND"},
                            {"href": f"{base}/organisations/O{key}", "rel": "LEAD_ORG"},
                        ]
                    },
                }
                for key, grant in by_id.items()
                if grant.reference.upper() == wanted
            ]
            return 200, {"project": found, "page": 1, "size": 20, "totalSize": len(found)}
        if len(parts) == 4 and parts[2] == "funds" and parts[3][1:] in by_id:
            grant = by_id[parts[3][1:]]
            return 200, {
                "id": parts[3],
                "start": _millis(grant.start),
                "end": _millis(grant.end),
                "valuePounds": {"currencyCode": "GBP", "amount": grant.amount},
            }
        if len(parts) == 4 and parts[2] == "organisations" and parts[3][1:] in by_id:
            return 200, {"id": parts[3], "name": by_id[parts[3][1:]].organisation}
        if len(parts) == 6 and parts[2] == "projects" and parts[3] in by_id:
            dois = by_id[parts[3]].publication_dois
            return 200, {"publication": [{"doi": doi, "title": "A paper"} for doi in dois]}
        return 404, {"error": "not found"}

    def __enter__(self) -> Self:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                split = urlsplit(self.path)
                fake.requests.append((split.path, self.headers.get("Accept", "")))
                if fake.fail_next:
                    status = fake.fail_next.pop(0)
                    self.send_response(status)
                    if status == 429:
                        self.send_header("Retry-After", "0")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if self.headers.get("Accept", "") != _ACCEPT:
                    body = b"<?xml version='1.0'?><error>oldest XML version</error>"
                    self.send_response(200)
                    self.send_header("Content-Type", "application/xml")
                else:
                    status, payload = fake._answer(split.path, parse_qs(split.query))
                    body = json.dumps(payload).encode()
                    self.send_response(status)
                    self.send_header("Content-Type", _ACCEPT)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
