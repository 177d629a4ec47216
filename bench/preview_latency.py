"""Save → visible latency of ``toolkit preview`` on the real-size generated report.

Generates the size-1 report (bench/synth.py), starts the preview on a free port of
127.0.0.1, and times, for each of ``--runs`` one-paragraph edits, the moment the file is
saved to the moment the new page (with the edit in it) has been fetched: the watcher's
debounce, the re-render and the HTTP round trip, as the browser sees it after its reload
event. Prints every run, the median and the target (300 ms). Not a test: it never fails.

    python bench/preview_latency.py [--runs 10] [--lang en] [--keep DIR]
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from synth import generate  # noqa: E402

from toolkit.preview.server import start  # noqa: E402

TARGET_MS = 300.0


def _wait_event(port: int, since: int, timeout: float = 60.0) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(f"GET /events?since={since} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        received = b""
        while b"\ndata: " not in received:
            chunk = sock.recv(4096)
            if not chunk:
                raise RuntimeError("event stream closed")
            received += chunk


def _page(port: int, lang: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", f"/?lang={lang}")
        return connection.getresponse().read().decode("utf-8")
    finally:
        connection.close()


def main(argv: list[str] | None = None) -> int:
    import faulthandler

    faulthandler.dump_traceback_later(120, exit=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        generated = generate(1, folder)
        root = folder / "bench-ccpr-1x"
        section = sorted((root / "sections").glob("*.yaml"))[1]
        print(f"report: {generated.stats}")
        server, watcher = start(root, 0, args.lang)
        port = server.server_address[1]
        _page(port, args.lang)
        timings, renders = [], []
        try:
            for run in range(args.runs):
                text = section.read_text(encoding="utf-8")
                marker = f"edit{run}marker"
                since = server.state.version
                start_time = time.perf_counter()
                # a one-paragraph edit: one word of the first paragraph text changes
                index = text.index(" the ", text.index("text:")) + len(" the")
                section.write_text(text[:index] + f" {marker}" + text[index:], encoding="utf-8")
                _wait_event(port, since)
                page = _page(port, args.lang)
                elapsed = (time.perf_counter() - start_time) * 1000
                if marker not in page:
                    print(f"run {run + 1}: the edit is not in the page", file=sys.stderr)
                timings.append(elapsed)
                renders.append(server.state.last_seconds * 1000)
                print(f"run {run + 1}: save → page {elapsed:7.1f} ms "
                      f"(re-render {renders[-1]:.1f} ms)")
                time.sleep(0.2)
        finally:
            server.stop()
            watcher.join(timeout=10)
    median = statistics.median(timings)
    verdict = "PASS" if median < TARGET_MS else "FAIL"
    print(f"median save → visible: {median:.1f} ms (re-render {statistics.median(renders):.1f}"
          f" ms); target < {TARGET_MS:.0f} ms: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
