"""``toolkit preview`` through real HTTP requests on 127.0.0.1 (every wait bounded)."""

from __future__ import annotations

import http.client
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli.main import app
from toolkit.preview.server import PreviewServer, start

WAIT = 60.0  # seconds: the most any test waits for a re-render


@pytest.fixture
def served(example_copy: Path) -> Iterator[tuple[PreviewServer, Path]]:
    server, watcher = start(example_copy, 0, "en")
    try:
        yield server, example_copy
    finally:
        server.stop()
        watcher.join(timeout=10)
        assert not watcher.is_alive()


def request(server: PreviewServer, path: str, method: str = "GET",
            host: str | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=WAIT)
    try:
        headers = {"Host": host} if host else {}
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def wait_for_render(server: PreviewServer, since: int) -> None:
    """Through the page's own reload channel: the event stream says a new render is ready."""
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=WAIT) as sock:
        sock.sendall(f"GET /events?since={since} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        received = b""
        while b"\ndata: " not in received:
            chunk = sock.recv(4096)
            assert chunk, "event stream closed without an event"
            received += chunk
    assert "text/event-stream" in received.decode()


def test_serves_the_edition_with_a_language_switcher(served) -> None:
    server, _root = served
    status, page = request(server, "/")
    assert status == 200
    assert '<html lang="en-GB">' in page and 'id="para_1"' in page
    assert 'href="/?lang=ru"' in page and 'href="/?lang=kk"' in page
    status, page = request(server, "/?lang=ru")
    assert status == 200 and '<html lang="ru-RU">' in page
    assert request(server, "/?lang=de")[0] == 404


def test_a_save_shows_up_and_a_problem_keeps_the_last_render(served) -> None:
    server, root = served
    intro = root / "sections" / "00-introduction.yaml"
    version = server.state.version
    edit(intro, "Six Kazakhstani", "Seven Kazakhstani")
    wait_for_render(server, version)
    status, page = request(server, "/")
    assert status == 200 and "Seven Kazakhstani" in page
    assert 'class="preview-problems"' not in page

    version = server.state.version
    edit(intro, "Seven Kazakhstani", "Seven @rec:no-such-recommendation Kazakhstani")
    wait_for_render(server, version)
    status, page = request(server, "/")
    assert status == 200
    problems = re.search(r'<div class="preview-problems".*?</div>', page, re.S)
    assert problems and re.search(r"00-introduction\.yaml:\d+:\d+", problems.group(0))
    assert "Seven Kazakhstani" in page  # the last good render, below the problems


def test_read_only_and_local(served) -> None:
    server, root = served
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        assert request(server, "/", method)[0] == 405
    for path in ("/submission.yaml", "/../submission.yaml", "/sections/00-introduction.yaml",
                 "/%2e%2e/etc/passwd"):
        assert request(server, path)[0] == 404
    assert request(server, "/", host="attacker.example:80")[0] == 403
    assert server.server_address[0] == "127.0.0.1"
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    request(server, "/?lang=kk")
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_stopped_server_refuses_connections(example_copy: Path) -> None:
    server, watcher = start(example_copy, 0, None)
    port = server.server_address[1]
    server.stop()
    watcher.join(timeout=10)
    assert not watcher.is_alive()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()


def test_not_a_submission(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["preview", str(tmp_path), "--port", "0"])
    assert result.exit_code == 1
    assert "submission.yaml" in result.output
