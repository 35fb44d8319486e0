"""A fake doi.org on 127.0.0.1: registration-agency look-ups and CSL-JSON content negotiation.

Serves ``GET /ra/{doi}`` (``[{"DOI": ..., "RA": "DataCite"}]``, or a ``status`` of "DOI
does not exist") and ``GET /{doi}`` with ``Accept: application/vnd.citationstyles.csl+json``,
which, like doi.org, redirects (302) to the agency's service, here ``/cn/{doi}``.
Standard library only.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import unquote, urlsplit

__all__ = ["FakeDoiOrg"]


class FakeDoiOrg:
    """doi.org for tests: ``records`` maps a DOI to ``(agency, CSL-JSON item)``."""

    def __init__(self, records: Mapping[str, tuple[str, Mapping[str, Any]]]) -> None:
        self._records = {doi.lower(): value for doi, value in records.items()}
        self.paths: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:40123``."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _reply(self, status: int, body: Any, content_type: str) -> None:
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                path = unquote(urlsplit(self.path).path)
                fake.paths.append(path)
                if path.startswith("/ra/"):
                    doi = path[4:]
                    entry = fake._records.get(doi.lower())
                    answer = (
                        {"DOI": doi, "RA": entry[0]}
                        if entry
                        else {
                            "DOI": doi,
                            "status": "DOI does not exist",
                        }
                    )
                    self._reply(200, [answer], "application/json")
                elif path.startswith("/cn/"):
                    entry = fake._records.get(path[4:].lower())
                    if entry is None:
                        self._reply(404, {"error": "not found"}, "application/json")
                    else:
                        self._reply(200, dict(entry[1]), "application/vnd.citationstyles.csl+json")
                elif path.lstrip("/").lower() in fake._records:
                    self.send_response(302)
                    self.send_header("Location", "/cn" + path)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                else:
                    self._reply(404, {"error": "DOI not found"}, "application/json")

        return Handler

    def start(self) -> Self:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
