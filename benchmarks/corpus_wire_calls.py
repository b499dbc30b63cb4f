"""Call the corpus's operations through their generated clients and check what goes on the wire.

`corpus_media_kinds.py` only classifies operations; this puts them on the wire. For every spec it
generates the client into a temp dir, imports it, and calls every operation with a non-JSON
request body or success response (plus every 10th JSON one, by sorted operation key) through
its generated method, with the README's placeholder arguments, against a local server on
127.0.0.1 that answers with the operation's declared success status and media type. Each call
must reach the server with the right method and path, a Content-Type that fits its body kind, and
return the runtime type its response kind promises.

Usage: `python benchmarks/corpus_wire_calls.py [SPECS_DIR] [--only NAME ...]`
"""

from __future__ import annotations

import argparse
import ast
import importlib
import os
import re
import sys
import tempfile
import threading
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator
from urllib.parse import urlsplit

from restwright_runtime import BinaryResponse, EventStream, Paged
from restwright_runtime.media import media_kind

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus_media_kinds import response_kind  # noqa: E402
from restwright.model.ir import ApiModel, ListType, Operation, Primitive  # noqa: E402
from restwright.pipeline import analyse  # noqa: E402
from restwright.render.examples import example_value  # noqa: E402
from restwright.render.operations import body_kind, example_body_type  # noqa: E402
from restwright.render.package import PackageRenderer  # noqa: E402
from restwright.render.views import MethodView, OperationView  # noqa: E402
from restwright.write import write_output  # noqa: E402

CORPUS = Path(os.environ.get("RESTWRIGHT_CORPUS", ROOT.parent / "shared" / "corpus"))
DEFAULT_SPECS = CORPUS / "specs"
JSON_SAMPLE_EVERY = 10
# Credentials fetched from a token URL would leave the machine: give the static kinds only.
STATIC_CREDENTIALS = frozenset({"bearer", "api_key", "http_basic"})
# Content-Type a request must carry, by body kind (raw kinds: the declared media type).
BODY_MEDIA = {
    "json": "application/json",
    "form": "application/x-www-form-urlencoded",
    "multipart": "multipart/form-data",
}
SSE_BODY = b'event: message\ndata: {"ok": true}\n\n'
BINARY_BODY = b"\x00restwright\xff"
TEXT_BODY = "restwright text"


@dataclass
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Answer:
    """What the server sends back to the next request."""

    status: int = 200
    content_type: str | None = None
    body: bytes = b""


class WireServer:
    """A catch-all HTTP server: records each request and answers with `answer` (one call at a
    time, so one slot is enough). Any method, chunked request bodies included."""

    def __init__(self) -> None:
        self.answer = Answer()
        self.seen: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _body(self) -> bytes:
                if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                    chunks = []
                    while size := int(self.rfile.readline().split(b";")[0], 16):
                        chunks.append(self.rfile.read(size))
                        self.rfile.readline()
                    self.rfile.readline()
                    return b"".join(chunks)
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def _serve(self) -> None:
                body = self._body()
                url = urlsplit(self.path)
                server.seen.append(
                    Seen(self.command, url.path, url.query, dict(self.headers), body)
                )
                answer = server.answer
                self.send_response(answer.status)
                if answer.content_type:
                    self.send_header("Content-Type", answer.content_type)
                if answer.status not in (204, 304):
                    self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                if self.command != "HEAD" and answer.status not in (204, 304):
                    self.wfile.write(answer.body)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve
            do_HEAD = do_OPTIONS = do_TRACE = do_QUERY = _serve

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> "WireServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@dataclass
class Outcome:
    """One operation: called (problem None: ok) or skipped (with why)."""

    spec: str
    key: str
    body: str
    response: str
    problem: str | None = None
    skipped: str | None = None


@dataclass
class Tally:
    called: Counter[str] = field(default_factory=Counter)
    ok: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)


def sent_body_kind(op: Operation) -> str:
    """The body kind a client sends: a non-JSON body declared on GET/HEAD is not sent (Stripe
    declares empty form bodies on GETs)."""
    body = op.request_body
    if body is None:
        return "none"
    kind = body_kind(body.content_type)
    return "none" if op.method in ("get", "head") and kind != "json" else kind


def selected(ops: list[Operation]) -> list[tuple[Operation, str, str]]:
    """The operations to call with their body and response kinds: every one with a non-JSON
    side, and every JSON_SAMPLE_EVERY-th of the rest by sorted key."""
    chosen, plain = [], 0
    for op in sorted(ops, key=lambda o: o.key):
        body = sent_body_kind(op)
        # A HEAD answer has no body, whatever media type the spec declares for it.
        response = "none" if op.method == "head" else response_kind(op)
        if body in ("none", "json") and response in ("json", "untyped"):
            plain += 1
            if (plain - 1) % JSON_SAMPLE_EVERY:
                continue
        chosen.append((op, body, response))
    return chosen


def answer_for(op: Operation, response: str) -> Answer:
    """The declared success status and media type, with a plausible body of that kind."""
    successes = [r for r in op.responses if r.status.upper().startswith("2")]
    if response == "none":
        return Answer(_status(successes[0].status))
    if response == "untyped":
        return Answer(200, "application/json", b"{}")
    primary = op.read_response() or successes[0]
    media = primary.content_type or "application/json"
    if "*" in media:
        media = "application/octet-stream"
    status = _status(primary.status)
    if response == "json":
        array = isinstance(primary.type, ListType)
        return Answer(status, media, b"[]" if array else b"{}")
    if response == "text":
        return Answer(status, media, TEXT_BODY.encode())
    if response == "event_stream":
        return Answer(status, media, SSE_BODY)
    return Answer(status, media, BINARY_BODY)


def _status(declared: str) -> int:
    return int(declared) if declared.isdigit() else 200


def path_pattern(op: Operation) -> re.Pattern[str]:
    """The received path must end with the spec's path, any value in each `{placeholder}` (a
    query the spec writes into its path key is checked apart)."""
    parts = re.split(r"\{[^{}]+\}", re.split(r"[?#]", op.path)[0])
    return re.compile("".join(
        [re.escape(p) + ("[^/]+" if i < len(parts) - 1 else "") for i, p in enumerate(parts)]
    ) + "$")  # fmt: skip


def call_arguments(
    view: OperationView, op: Operation, model: ApiModel
) -> tuple[list[Any], dict[str, Any]]:
    """The README placeholder's arguments, read as literals (never run as code); an optional
    body is given too, so every declared body kind is sent."""
    call = ast.parse(str(view.example), mode="eval").body
    assert isinstance(call, ast.Call)
    args = [ast.literal_eval(a) for a in call.args]
    kwargs = {str(k.arg): ast.literal_eval(k.value) for k in call.keywords}
    if view.body is not None and "body" not in kwargs and op.request_body:
        value = example_value(example_body_type(op.request_body), model)
        kwargs["body"] = ast.literal_eval(value)
    return args, kwargs


def spec_defect(op: Operation, body: str, model: ApiModel) -> str | None:
    """Why the spec itself makes the call impossible, if it does: a multipart body is a set of
    named parts, so its schema must be an object (Jira declares arrays and raw files).
    """
    if body != "multipart" or op.request_body is None:
        return None
    schema = model.resolve(op.request_body.type)
    if isinstance(schema, (ListType, Primitive)):
        return (
            f"multipart body schema is {type(schema).__name__}, not an object of fields"
        )
    return None


def check_request(
    seen: list[Seen], view: OperationView, op: Operation, body: str
) -> str | None:
    if not seen:
        return "no request reached the server"
    request = seen[0]
    if request.method != view.http_method:
        return f"method {request.method}, expected {view.http_method}"
    if not path_pattern(op).search(request.path):
        return f"path {request.path!r} does not end like {op.path!r}"
    fixed = op.path.partition("#")[0].partition("?")[2]
    if fixed and not set(fixed.split("&")) <= set(request.query.split("&")):
        return f"query {request.query!r} lacks the path's own {fixed!r}"
    sent = request.headers.get("Content-Type")
    media = (sent or "").split(";")[0].strip().lower()
    if body == "none":
        return f"Content-Type {sent!r} without a body" if request.body else None
    assert op.request_body is not None
    declared = op.request_body.content_type.lower()
    expected = BODY_MEDIA.get(body) if "*" in declared or body != "json" else declared
    if body in ("text", "binary"):
        expected = declared if "*" not in declared else None
    if expected is not None and media != expected:
        return f"Content-Type {sent!r}, expected {expected!r}"
    if body == "multipart" and "boundary=" not in (sent or ""):
        return f"multipart Content-Type without a boundary: {sent!r}"
    return None


def check_result(result: Any, response: str, paged: bool) -> str | None:
    if paged:
        return None  # the first page was fetched and read without an error
    if response == "none":
        return None if result is None else f"returned {type(result).__name__}, not None"
    if response in ("json", "untyped"):
        ok = result is None or isinstance(result, (dict, list))
        return None if ok else f"returned {type(result).__name__} for JSON"
    if response == "text":
        ok = result == TEXT_BODY
        return None if ok else f"returned {result!r:.60}, not the text"
    if response == "binary":
        if not isinstance(result, BinaryResponse):
            return f"returned {type(result).__name__}, not BinaryResponse"
        return None if result.content == BINARY_BODY else "binary content differs"
    if not isinstance(result, EventStream):
        return f"returned {type(result).__name__}, not EventStream"
    events = list(result)
    ok = len(events) == 1 and events[0].json() == {"ok": True}
    return None if ok else f"event stream read {events!r:.80}"


def client_for(module: ModuleType, renderer: PackageRenderer, url: str) -> Any:
    """A Client on the local server: every static credential given, every operation server
    mapped to it."""
    kwargs: dict[str, Any] = {
        str(a): "x"
        for c in renderer.credentials
        if c.kind.name in STATIC_CREDENTIALS
        for a in c.arguments
    }
    client_module = importlib.import_module(f"{module.__name__}.client")
    servers = getattr(client_module, "OPERATION_SERVERS", ())
    if servers:
        kwargs["servers"] = {s: url for s in servers}
    return module.Client(url, max_attempts=1, **kwargs)


def call_operation(
    spec: str,
    server: WireServer,
    client: Any,
    model: ApiModel,
    attribute: str,
    view: MethodView,
    op: Operation,
    body: str,
    response: str,
) -> Outcome:
    outcome = Outcome(spec, op.key, body, response)
    if not isinstance(view, OperationView):
        outcome.skipped = f"not a spec operation method ({view.macro})"
        return outcome
    defect = spec_defect(op, body, model)
    if defect:
        outcome.skipped = f"spec defect: {defect}"
        return outcome
    try:
        args, kwargs = call_arguments(view, op, model)
    except (ValueError, SyntaxError, AssertionError) as exc:
        outcome.skipped = f"placeholder {view.example!s:.60} is not a literal: {exc}"
        return outcome
    target = client
    for part in attribute.split("."):
        target = getattr(target, part)
    server.answer = answer_for(op, response)
    server.seen.clear()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # deprecated operations
            result = target(*args, **kwargs)
        if isinstance(result, Paged):
            next(iter(result.pages()), None)
        problem = check_request(server.seen, view, op, body) or check_result(
            result, response, view.paginated
        )
    except Exception as exc:  # noqa: BLE001 - each failure is reported, not raised
        problem = f"{type(exc).__name__}: {exc}"
    outcome.problem = " ".join(problem.split())[:240] if problem else None
    return outcome


def run_spec(name: str, spec: Path, server: WireServer, workdir: Path) -> list[Outcome]:
    """Generate `spec`'s client into `workdir`, import it and call the selected operations."""
    package = re.sub(r"\W", "_", name) + "_wire_client"
    analysis = analyse(spec)
    renderer = PackageRenderer(analysis.model, analysis.inference, package, {})
    write_output(renderer.render(), workdir, package, check=False)
    with imported(workdir, package) as module:
        client = client_for(module, renderer, server.url)
        return [
            call_operation(
                name, server, client, analysis.model, *renderer.calls[op.key], op, b, r
            )
            for op, b, r in selected(analysis.model.operations)
        ]


class imported:
    """Import a generated package from `folder`; forget it (and the path) afterwards."""

    def __init__(self, folder: Path, package: str) -> None:
        self.folder, self.package = str(folder), package

    def __enter__(self) -> ModuleType:
        sys.path.insert(0, self.folder)
        importlib.invalidate_caches()
        return importlib.import_module(self.package)

    def __exit__(self, *exc: object) -> None:
        sys.path.remove(self.folder)
        for module in [m for m in sys.modules if m.split(".")[0] == self.package]:
            del sys.modules[module]


def run_corpus(specs: list[Path]) -> Iterator[tuple[str, list[Outcome] | str]]:
    """Each spec's outcomes (or why it could not be generated), one local server for all."""
    with (
        WireServer() as server,
        tempfile.TemporaryDirectory(prefix="restwright-wire-") as tmp,
    ):
        for spec in specs:
            try:
                yield spec.stem, run_spec(
                    spec.stem, spec, server, Path(tmp) / spec.stem
                )
            except (
                Exception
            ) as exc:  # noqa: BLE001 - one bad spec does not stop the run
                yield spec.stem, f"{type(exc).__name__}: {exc}"[:300]


def report(outcomes: list[Outcome], broken: list[str], seconds: float) -> int:
    bodies, responses = Tally(), Tally()
    for o in outcomes:
        for tally, kind in ((bodies, o.body), (responses, o.response)):
            if o.skipped:
                tally.skipped[kind] += 1
                continue
            tally.called[kind] += 1
            tally.ok[kind] += o.problem is None
    for title, tally in (("request body", bodies), ("response", responses)):
        print(f"\n{title:<14} {'called':>7} {'ok':>7} {'failed':>7} {'skipped':>7}")
        for kind in sorted(set(tally.called) | set(tally.skipped)):
            called, ok = tally.called[kind], tally.ok[kind]
            print(
                f"{kind:<14} {called:>7} {ok:>7} {called - ok:>7} {tally.skipped[kind]:>7}"
            )
    failed = [o for o in outcomes if o.problem]
    skipped = [o for o in outcomes if o.skipped]
    for title, rows in (("failures", failed), ("skipped", skipped)):
        if rows:
            print(f"\n{title}:")
        for o in rows:
            print(
                f"  {o.spec}: {o.key} [{o.body} -> {o.response}]: {o.problem or o.skipped}"
            )
    for line in broken:
        print(f"  spec not generated: {line}")
    called = sum(1 for o in outcomes if not o.skipped)
    print(
        f"\n{called} calls, {called - len(failed)} ok, {len(failed)} failed, "
        f"{len(skipped)} skipped, {len(broken)} specs not generated; {seconds:.1f} s"
    )
    return 1 if failed or broken else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="?", type=Path, default=DEFAULT_SPECS)
    parser.add_argument("--only", nargs="*", default=[], help="spec names (stems)")
    args = parser.parse_args(argv)
    if not args.specs.is_dir():
        print(f"no specs folder at {args.specs}", file=sys.stderr)
        return 2
    specs = [
        p
        for p in sorted(args.specs.iterdir())
        if p.suffix in (".json", ".yaml", ".yml")
        and (not args.only or p.stem in args.only)
    ]
    started = time.perf_counter()
    outcomes: list[Outcome] = []
    broken: list[str] = []
    for name, result in run_corpus(specs):
        if isinstance(result, str):
            broken.append(f"{name}: {result}")
            continue
        outcomes += result
        bad = sum(1 for o in result if o.problem)
        print(f"{name:<26} {len(result):>5} calls {bad:>4} failed", flush=True)
    return report(outcomes, broken, time.perf_counter() - started)


if __name__ == "__main__":
    raise SystemExit(main())
