"""Per-call control through a generated client: options on every method, raw responses (on
resources and on the client), typed errors named in docstrings, idempotent POST retries,
deprecation warnings."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.support import generate, import_generated, run_mypy, write_spec
from tests.support.server import LocalServer, Reply

SPEC = """
openapi: 3.0.3
info: {title: Opts, version: "1"}
servers: [{url: "https://opts.example"}]
components:
  schemas:
    Charge:
      type: object
      properties: {id: {type: string}}
    Error:
      type: object
      properties: {error: {type: object, properties: {message: {type: string}}}}
paths:
  /charges/{id}:
    get:
      operationId: getCharge
      tags: [charges]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: expand, in: query, deprecated: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Charge"}}}
        "404":
          description: no such charge
          content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
  /charges:
    post:
      operationId: createCharge
      tags: [charges]
      parameters:
        - {name: Idempotency-Key, in: header, schema: {type: string}}
      requestBody:
        content: {application/json: {schema: {type: object, properties: {amount: {type: integer}}}}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Charge"}}}
  /refunds:
    post:
      operationId: createRefund
      tags: [charges]
      requestBody:
        content: {application/json: {schema: {type: object, properties: {charge: {type: string}}}}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: object}}}
  /legacy:
    get:
      operationId: legacy
      deprecated: true
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: object}}}
"""

USAGE = """
from restwright_runtime import RawResponse
from opts_client import Client, models

client = Client(base_url="http://127.0.0.1:1")
raw: RawResponse[models.Charge] = client.charges.with_raw_response.get_charge("ch_1")
etag: str | None = raw.headers.get("ETag")
charge: models.Charge = raw.parsed
legacy: RawResponse[dict[str, object]] = client.with_raw_response.legacy(timeout=2.0)
client.charges.create_charge(body={"amount": 1}, extra_headers={"X-Trace": "t"}, max_attempts=2)
"""


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("wire_options")
    generate(write_spec(root, SPEC), root / "out", "opts_client")
    return root / "out"


@pytest.fixture()
def client(outdir: Path, server: LocalServer) -> Any:
    return import_generated(outdir, "opts_client").Client(base_url=server.url)


def test_callers_code_type_checks(outdir: Path) -> None:
    (outdir / "usage.py").write_text(USAGE)
    checked = run_mypy(outdir, "opts_client", "usage")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    charges = (outdir / "opts_client" / "resources" / "charges.py").read_text()
    assert "NotFoundError: 404; `.body` is models.Error. no such charge" in charges


def test_raw_response_and_per_call_options(client: Any, server: LocalServer) -> None:
    server.route(
        "GET",
        "/charges/ch_1",
        lambda req: Reply(
            {"id": "ch_1"}, headers={"ETag": '"v1"', "X-RateLimit-Remaining": "9"}
        ),
    )
    raw = client.charges.with_raw_response.get_charge(
        "ch_1", extra_headers={"X-Trace": "t1"}, extra_query={"debug": "1"}, timeout=5
    )
    assert raw.status_code == 200
    assert raw.headers["ETag"] == '"v1"'
    assert raw.headers["X-RateLimit-Remaining"] == "9"
    assert raw.parsed == {"id": "ch_1"}
    (request,) = server.requests
    assert request.headers["X-Trace"] == "t1"
    assert request.query == {"debug": "1"}


def test_typed_not_found_error(client: Any, server: LocalServer) -> None:
    from restwright_runtime.exceptions import NotFoundError

    server.route(
        "GET",
        "/charges/nope",
        lambda req: Reply(
            {"error": {"message": "No such charge"}},
            status=404,
            headers={"Request-Id": "req_42"},
        ),
    )
    with pytest.raises(NotFoundError) as caught:
        client.charges.get_charge("nope")
    assert caught.value.status_code == 404
    assert caught.value.body == {"error": {"message": "No such charge"}}
    assert caught.value.request_id == "req_42"
    assert "No such charge" in str(caught.value)


def test_post_retried_under_one_idempotency_key(
    client: Any, server: LocalServer
) -> None:
    replies = iter(
        [
            Reply({"error": "busy"}, status=503),
            Reply({"id": "ch_2"}),
            Reply({"id": "c"}),
        ]
    )
    server.route("POST", "/charges", lambda req: next(replies))
    assert client.charges.create_charge(body={"amount": 5}) == {"id": "ch_2"}
    first, second = server.requests
    key = first.headers["Idempotency-Key"]
    assert key and second.headers["Idempotency-Key"] == key
    assert second.json == {"amount": 5}
    client.charges.create_charge(body={"amount": 5}, idempotency_key="mine")
    assert server.requests[-1].headers["Idempotency-Key"] == "mine"


def test_deprecations_warn_at_call_time(client: Any, server: LocalServer) -> None:
    server.route("GET", "/legacy", lambda req: Reply({}))
    server.route("GET", "/charges/ch_1", lambda req: Reply({"id": "ch_1"}))
    with pytest.warns(DeprecationWarning, match="GET /legacy is deprecated") as caught:
        client.legacy()
    assert caught[0].filename == __file__  # stacklevel points at the caller
    with pytest.warns(DeprecationWarning, match="'expand'"):
        client.charges.get_charge("ch_1", expand="x")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.charges.get_charge("ch_1")  # an unused deprecated parameter says nothing


def test_parameter_described_on_its_schema_reaches_the_docstring(
    tmp_path: Path,
) -> None:
    spec = SPEC.replace(
        "{name: expand, in: query, deprecated: true, schema: {type: string}}",
        "{name: expand, in: query, deprecated: true,"
        " schema: {type: string, description: Fields to expand inline.}}",
    )
    generate(write_spec(tmp_path, spec), tmp_path / "out", "described_client")
    charges = (
        tmp_path / "out" / "described_client" / "resources" / "charges.py"
    ).read_text()
    assert "expand: Fields to expand inline." in charges
    client_py = (tmp_path / "out" / "described_client" / "client.py").read_text()
    assert '"""GET /legacy\n\n        Deprecated.' in client_py


UPLOAD_SPEC = """
openapi: 3.0.3
info: {title: Hosts, version: "1"}
servers: [{url: "MAIN"}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
security: [{bearer: []}]
paths:
  /files/{id}:
    servers: [{url: "UPLOADS/v1"}]
    put:
      operationId: uploadFile
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: tags, in: query, style: form, explode: false, schema: {type: array, items: {type: string}}}
      requestBody:
        content: {application/octet-stream: {schema: {type: string, format: binary}}}
      responses:
        "204": {description: stored}
  /me:
    get:
      operationId: me
      servers: [{url: "MAIN"}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
"""


def test_an_operation_server_gets_its_requests(
    tmp_path: Path, server: LocalServer
) -> None:
    from tests.support.server import serve

    for uploads in serve():
        spec = UPLOAD_SPEC.replace("MAIN", server.url).replace("UPLOADS", uploads.url)
        generate(write_spec(tmp_path, spec), tmp_path / "out", "hosts_client")
        module = import_generated(tmp_path / "out", "hosts_client")
        client = module.Client(base_url=server.url, token="sekrit")
        uploads.route("PUT", "/v1/files/a%2Fb", lambda req: Reply(b"", 204, raw=True))
        server.route("GET", "/me", lambda req: Reply({}))
        client.upload_file("a/b", body=b"data", tags=["x", "y"])
        client.me()
        (sent,) = uploads.requests
        assert sent.body == b"data" and sent.query == {"tags": "x,y"}
        # The spec puts this operation (and its security) on that host: the call carries the
        # credentials like the base URL does; the runtime's `leaves_origin` rule guards the
        # redirects and next links that leave it.
        assert sent.headers["Authorization"] == "Bearer sekrit"
        assert server.requests[0].headers["Authorization"] == "Bearer sekrit"


def test_a_client_wide_idempotency_header_makes_every_post_safe_to_retry(
    outdir: Path, server: LocalServer
) -> None:
    module = import_generated(outdir, "opts_client")
    replies = iter(
        [Reply({}, status=503), Reply({"id": "re_1"}), Reply({}, status=503)]
    )
    server.route("POST", "/refunds", lambda req: next(replies))
    keyed = module.Client(base_url=server.url, idempotency_header="Idempotency-Key")
    assert keyed.charges.create_refund(body={"charge": "ch_1"}) == {"id": "re_1"}
    first, second = server.requests
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"]
    # Without a key a POST the spec gives no idempotency header is sent once: a retry could
    # refund twice.
    from restwright_runtime.exceptions import InternalServerError

    with pytest.raises(InternalServerError):
        module.Client(base_url=server.url).charges.create_refund(body={"charge": "x"})
    assert len(server.requests) == 3
    assert "Idempotency-Key" not in server.requests[-1].headers


def test_a_callers_session_keeps_retries_user_agent_and_its_own_headers(
    outdir: Path, server: LocalServer
) -> None:
    import requests

    module = import_generated(outdir, "opts_client")
    replies = iter([Reply({}, status=503), Reply({"id": "ch_1"})])
    server.route("GET", "/charges/ch_1", lambda req: next(replies))
    mine = requests.Session()
    mine.headers["X-Team"] = "data"
    client = module.Client(base_url=server.url, session=mine, max_attempts=3)
    assert client.charges.get_charge("ch_1") == {"id": "ch_1"}
    first, second = server.requests
    assert second.headers["X-Team"] == "data"
    assert first.headers["User-Agent"].startswith("restwright")


def test_servers_sends_an_operation_server_elsewhere(
    tmp_path: Path, server: LocalServer
) -> None:
    from tests.support.server import serve

    for uploads in serve():
        spec = UPLOAD_SPEC.replace("MAIN", server.url).replace(
            "UPLOADS", "https://uploads.invalid"
        )
        generate(write_spec(tmp_path, spec), tmp_path / "out", "hosts_map_client")
        module = import_generated(tmp_path / "out", "hosts_map_client")
        client_module = import_generated(tmp_path / "out", "hosts_map_client.client")
        assert client_module.OPERATION_SERVERS == ("https://uploads.invalid/v1",)
        uploads.route("PUT", "/mock/v1/files/f1", lambda req: Reply(b"", 204, raw=True))
        client = module.Client(
            base_url=server.url,
            token="sekrit",
            servers={"https://uploads.invalid/v1": f"{uploads.url}/mock/v1/"},
        )
        assert client.upload_file("f1", body=b"x") is None
        (sent,) = uploads.requests
        assert sent.body == b"x" and sent.headers["Authorization"] == "Bearer sekrit"
        with pytest.raises(ValueError, match="uploads.invalid/v2"):
            module.Client(
                base_url=server.url, servers={"https://uploads.invalid/v2": "x"}
            )
        readme = (tmp_path / "out" / "README.md").read_text()
        assert "`https://uploads.invalid/v1`" in readme and "servers=" in readme


def test_a_moved_base_url_sends_no_credentials_to_the_specs_other_hosts(
    tmp_path: Path, server: LocalServer
) -> None:
    spec = UPLOAD_SPEC.replace("MAIN", "https://api.invalid").replace(
        "UPLOADS", "https://uploads.invalid"
    )
    generate(write_spec(tmp_path, spec), tmp_path / "out", "moved_client")
    module = import_generated(tmp_path / "out", "moved_client")
    server.route("GET", "/me", lambda req: Reply({}))
    staging = module.Client(base_url=server.url, token="staging-token")
    assert staging.me() == {}
    with pytest.raises(
        ValueError, match=r"servers=\{'https://uploads.invalid/v1': URL\}"
    ):
        staging.upload_file("f1", body=b"x")
    assert [r.path for r in server.requests] == ["/me"]
    # Asked for, it goes where the caller says.
    mapped = module.Client(
        base_url=server.url,
        token="staging-token",
        servers={"https://uploads.invalid/v1": f"{server.url}/v1"},
    )
    server.route("PUT", "/v1/files/f1", lambda req: Reply(b"", 204, raw=True))
    assert mapped.upload_file("f1", body=b"x") is None
    assert server.requests[-1].headers["Authorization"] == "Bearer staging-token"
