"""The preview's HTTP server and file watcher.

Read-only and local: it listens on 127.0.0.1 only, answers GET and HEAD for two paths
(``/`` the page, ``/events`` the reload signal as server-sent events), refuses every other
method (405) and path (404), and a Host header that is not this machine (403: a web page
elsewhere cannot reach it through DNS rebinding). It never serves a file: the page is
rendered from the submission in memory.
"""

from __future__ import annotations

import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from toolkit.preview.state import WATCHED_SUFFIXES, PreviewState

_KEEPALIVE_SECONDS = 15.0


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, state: PreviewState, port: int):
        self.state = state
        self.stopping = threading.Event()
        super().__init__(("127.0.0.1", port), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser closing its connection is routine; anything else is printed."""
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]

    def stop(self) -> None:
        """Stop serving: open event streams end, the watcher stops, the socket closes."""
        self.stopping.set()
        with self.state.changed:
            self.state.changed.notify_all()
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        """Quiet: the terminal shows the submission's problems, not every request."""

    def _allowed_host(self) -> bool:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        return host in {"127.0.0.1", "localhost"}

    def _send(self, status: HTTPStatus, body: bytes, content_type: str = "text/plain",
              head: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy",
                         "default-src 'none'; style-src 'unsafe-inline'; "
                         "script-src 'unsafe-inline'; connect-src 'self'")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def do_GET(self, head: bool = False) -> None:  # noqa: N802 - stdlib name
        if not self._allowed_host():
            self._send(HTTPStatus.FORBIDDEN, b"forbidden: open the preview at 127.0.0.1\n",
                       head=head)
            return
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        if url.path == "/":
            page = self.server.state.page((query.get("lang") or [None])[0])
            if page is None:
                self._send(HTTPStatus.NOT_FOUND, b"not a language of this submission\n",
                           head=head)
            else:
                self._send(HTTPStatus.OK, page, "text/html", head=head)
        elif url.path == "/events" and not head:
            self._events(int((query.get("since") or ["0"])[0] or 0))
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", head=head)

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        self.do_GET(head=True)

    def _refuse(self) -> None:
        self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse  # noqa: N815

    def _events(self, since: int) -> None:
        """Server-sent events: one ``data:`` line when a render newer than ``since`` is ready."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        state = self.server.state
        try:
            while not self.server.stopping.is_set():
                version = state.wait_for_change(since, _KEEPALIVE_SECONDS)
                if self.server.stopping.is_set():
                    return
                if version > since:
                    self.wfile.write(f"data: {version}\n\n".encode())
                    self.wfile.flush()
                    return
                self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


def watch(state: PreviewState, stop: threading.Event) -> None:
    """Re-render whenever a watched file of the submission changes (until ``stop``)."""
    import watchfiles

    build_dir = (state.root / "build").resolve()

    def relevant(_change: object, path: str) -> bool:
        file = Path(path)
        return file.suffix.lower() in WATCHED_SUFFIXES and build_dir not in file.parents

    for _changes in watchfiles.watch(state.root, watch_filter=relevant, stop_event=stop,
                                     debounce=50, step=20, raise_interrupt=False):
        if stop.is_set():
            return
        state.rebuild()


def start(root: Path, port: int, lang: str | None) -> tuple[PreviewServer, threading.Thread]:
    """Render once, then serve and watch in background threads; the caller stops it."""
    state = PreviewState(Path(root).resolve())
    if lang:
        state.default_language = lang
    server = PreviewServer(state, port)
    # the watcher first: a save during the first render is not missed
    watcher = threading.Thread(target=watch, args=(state, server.stopping),
                               name="preview-watch", daemon=True)
    watcher.start()
    try:
        state.rebuild()
    except BaseException:
        server.stopping.set()  # not serving yet: nothing to shut down but the socket
        server.server_close()
        raise
    threading.Thread(target=server.serve_forever, name="preview-http", daemon=True).start()
    return server, watcher
