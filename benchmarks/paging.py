"""Paging benchmark: the runtime against a hand-written `requests` loop, in the same run.

A local server (127.0.0.1, port 0) serves pre-encoded pages, so the server is not the bottleneck.
Prints, for the standard json parser and for orjson (when installed), the best-of-N time of each
side and their ratio, then the runtime's peak traced memory for 50 and 200 pages (it should be
flat: pages are streamed, not kept).

Run: python benchmarks/paging.py [--pages 200] [--records 500] [--rounds 5]
"""

from __future__ import annotations

import argparse
import gc
import json
import threading
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

import requests

from restwright_runtime import RESTClient, json_decode
from restwright_runtime.paginators import PageNumberPaginator


def encode_pages(pages: int, records: int) -> list[bytes]:
    """Every page's body, encoded once up front."""
    bodies = []
    for page in range(1, pages + 1):
        data = [
            {
                "id": (page - 1) * records + i,
                "name": f"record {i}",
                "active": i % 2 == 0,
                "score": i * 0.5,
                "tags": ["a", "b"],
                "owner": {"id": i, "login": f"user{i}"},
            }
            for i in range(records)
        ]
        bodies.append(
            json.dumps({"data": data, "page": page, "total_pages": pages}).encode()
        )
    return bodies


def start_server(bodies: list[bytes]) -> ThreadingHTTPServer:
    head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n"
    responses = [head.format(len(body)).encode() + body for body in bodies]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            query = parse_qs(urlsplit(self.path).query)
            # Status, headers and body in one write: split writes meet delayed ACKs (40 ms each).
            self.wfile.write(responses[int(query.get("page", ["1"])[0]) - 1])

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def hand_written(base_url: str) -> int:
    """What a careful engineer writes without a framework: one session, `response.json()`."""
    count = 0
    with requests.Session() as session:
        page = 1
        while True:
            response = session.get(
                base_url + "/items", params={"page": page}, timeout=60
            )
            response.raise_for_status()
            body = response.json()
            count += len(body["data"])
            if page >= body["total_pages"]:
                return count
            page += 1


def with_runtime(base_url: str, max_pages: int | None = None) -> int:
    client = RESTClient(
        base_url,
        paginator=PageNumberPaginator(base_page=1, total_path="total_pages"),
        data_selector="data",
    )
    count = 0
    for page in client.paginate("/items", max_pages=max_pages):
        count += len(page)
    return count


def best_of(rounds: int, run: Callable[[], int], expected: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        assert run() == expected
        best = min(best, time.perf_counter() - start)
    return best


def compare(
    base_url: str,
    parsers: dict[str, Callable[[bytes], Any]],
    rounds: int,
    expected: int,
) -> None:
    """Best-of-`rounds` of the loop and of the runtime with each parser, interleaved.

    Interleaving makes drift in machine load hit every contender alike.
    """
    baseline = float("inf")
    ours = dict.fromkeys(parsers, float("inf"))
    for _ in range(rounds):
        baseline = min(baseline, best_of(1, lambda: hand_written(base_url), expected))
        for label, loads in parsers.items():
            json_decode._decoder = loads
            ours[label] = min(
                ours[label], best_of(1, lambda: with_runtime(base_url), expected)
            )
    print(f"requests loop (response.json())   {baseline:7.3f} s")
    for label, seconds in ours.items():
        print(
            f"runtime, {label:<25} {seconds:7.3f} s   ratio {seconds / baseline:5.3f}x"
        )


def peak_memory(base_url: str, pages: int, records: int) -> float:
    gc.collect()
    tracemalloc.start()
    assert with_runtime(base_url, max_pages=pages) == pages * records
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--records", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    bodies = encode_pages(args.pages, args.records)
    server = start_server(bodies)
    host, port = server.server_address[:2]
    base_url = f"http://{host!s}:{port}"
    expected = args.pages * args.records
    print(
        f"{args.pages} pages x {args.records} records, {sum(map(len, bodies)) / 1e6:.1f} MB of JSON, best of {args.rounds}"
    )
    try:
        with_runtime(base_url)  # warm up imports and connection pools
        parsers: dict[str, Callable[[bytes], Any]] = {
            "stdlib json parser": json_decode.stdlib_loads
        }
        try:
            import orjson  # noqa: F401 - whether it imports is the question
        except ImportError:
            print("orjson not installed: runtime measured with the stdlib parser only")
        else:
            parsers["orjson parser"] = json_decode.orjson_loads
        compare(base_url, parsers, args.rounds, expected)
        small = max(1, args.pages // 4)
        print(
            f"peak memory    {small} pages {peak_memory(base_url, small, args.records):6.1f} MiB   "
            f"{args.pages} pages {peak_memory(base_url, args.pages, args.records):6.1f} MiB"
        )
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
