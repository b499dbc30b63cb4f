"""`inspect --format rest-api` output runs in dlt's `rest_api_source` as is, and round-trips.

dlt is a test-only dependency: the config each sample spec exports is loaded into dlt against a
local server that pages like the real API, and every record must arrive exactly once. The same
YAML fed back to `restwright generate` must give a client that pages the same records.
"""

from __future__ import annotations

import copy
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from restwright.cli import main as cli_main
from restwright.export import to_rest_api_yaml
from restwright.pipeline import analyse
from tests.e2e.rest_api_servers import IMITATIONS, Imitation
from tests.support.server import LocalServer, Reply, Request

rest_api = pytest.importorskip(
    "dlt.sources.rest_api"
)  # imported once: dlt is slow to import

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(IMITATIONS)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No dlt telemetry or project config from the machine; generated packages forgotten after."""
    monkeypatch.setenv("RUNTIME__DLTHUB_TELEMETRY", "false")
    monkeypatch.chdir(tmp_path)
    before, path = set(sys.modules), list(sys.path)
    yield
    for name in set(sys.modules) - before:
        if name.startswith(("rt_cfg_", "rt_oas_")):
            del sys.modules[name]
    sys.path[:] = path


def exported_yaml(sample: str) -> str:
    return to_rest_api_yaml(analyse(ROOT / "samples" / sample / "spec.yaml"))


def record_id(record: dict[str, Any], imitation: Imitation) -> Any:
    return record[imitation.id_field]


@pytest.mark.parametrize("sample", SAMPLES)
def test_exported_config_runs_in_dlt(
    sample: str, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    imitation = IMITATIONS[sample]
    imitation.routes(server)
    config = yaml.safe_load(exported_yaml(sample))
    assert "token" not in repr(config["client"]) and "api_key:" not in yaml.safe_dump(
        config
    )
    config["client"]["base_url"] = server.url + imitation.base_path
    if imitation.credential:
        field, value = imitation.credential
        monkeypatch.setenv(f"SOURCES__REST_API__CREDENTIALS__{field.upper()}", value)

    source = rest_api.rest_api_source(copy.deepcopy(config))
    assert sorted(source.resources) == sorted(imitation.expected)
    for name, expected in imitation.expected.items():
        records = list(source.resources[name])
        assert [record_id(r, imitation) for r in records] == expected, name
    assert all(r.headers.get("Authorization") != "Bearer None" for r in server.requests)


def test_dlt_refuses_to_start_without_the_secret(server: LocalServer) -> None:
    """The config holds no credential: dlt asks its secrets providers and names the key."""
    config = yaml.safe_load(exported_yaml("stripe_like"))
    config["client"]["base_url"] = server.url
    with pytest.raises(Exception, match="SOURCES__REST_API__CREDENTIALS__TOKEN"):
        rest_api.rest_api_source(config)
    assert server.requests == []


def generate_and_import(source: Path, outdir: Path, package: str) -> ModuleType:
    code = cli_main(["generate", str(source), "-o", str(outdir), "--package", package])
    assert code == 0
    sys.path.insert(0, str(outdir))
    importlib.invalidate_caches()
    return importlib.import_module(package)


def _client(module: ModuleType, base_url: str, imitation: Imitation) -> Any:
    kwargs = (
        {imitation.credential[0]: imitation.credential[1]}
        if imitation.credential
        else {}
    )
    return module.Client(base_url=base_url, **kwargs)


@pytest.mark.parametrize("sample", SAMPLES)
def test_round_trip_through_the_config_input(
    sample: str, server: LocalServer, tmp_path: Path
) -> None:
    imitation = IMITATIONS[sample]
    imitation.routes(server)
    config_file = tmp_path / "config.yaml"
    config_file.write_text(exported_yaml(sample), encoding="utf-8")
    from_config = generate_and_import(config_file, tmp_path / "cfg", f"rt_cfg_{sample}")
    from_spec = generate_and_import(
        ROOT / "samples" / sample / "spec.yaml", tmp_path / "oas", f"rt_oas_{sample}"
    )
    base_url = server.url + imitation.base_path
    config_client = _client(from_config, base_url, imitation)
    spec_client = _client(from_spec, base_url, imitation)

    for name, dotted in imitation.openapi_methods.items():
        group, method = dotted.split(".")
        del server.requests[:]
        spec_records = list(getattr(getattr(spec_client, group), method)())
        spec_requests = [(r.path, r.query_all) for r in server.requests]
        del server.requests[:]
        config_records = list(getattr(config_client, name)())
        config_requests = [(r.path, r.query_all) for r in server.requests]

        assert config_records == spec_records, name
        assert [record_id(r, imitation) for r in spec_records] == imitation.expected[
            name
        ]
        if len(config_requests) == len(spec_requests) + 1:
            # record_cursor as dlt's cursor: one more request, past the end, that yields nothing
            assert "starting_after" in config_requests[-1][1]
            config_requests = config_requests[:-1]
        assert config_requests == spec_requests, name


CORPUS_SPECS = (
    "github.json",
    "openai.yaml",
    "pagerduty.json",
    "pokeapi.yaml",
    "slack.json",
    "stripe.yaml",
    "twilio_messaging_v1.json",
)


@pytest.mark.corpus
@pytest.mark.parametrize("name", CORPUS_SPECS)
def test_real_specs_export_configs_dlt_accepts(
    name: str, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """dlt validates the whole config and builds every resource (no request is made here)."""
    for field in (
        "token",
        "api_key",
        "username",
        "password",
        "client_id",
        "client_secret",
    ):
        monkeypatch.setenv(
            f"SOURCES__REST_API__CREDENTIALS__{field.upper()}", "test-only"
        )
    text = to_rest_api_yaml(analyse(corpus / "specs" / name))
    config = yaml.safe_load(text)
    assert config["resources"], "a real API has list operations to export"
    source = rest_api.rest_api_source(config)
    assert sorted(source.resources) == sorted(r["name"] for r in config["resources"])


MIXED_AUTH = """
openapi: 3.0.3
info: {title: Mixed, version: "1"}
servers: [{url: "https://mixed.example"}]
security: [{bearer: []}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
    key: {type: apiKey, in: header, name: X-Key}
paths:
  /a:
    get: {operationId: listA, responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {type: object}}}}}}}
  /b:
    get: {operationId: listB, security: [{key: []}], responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {type: object}}}}}}}
"""


def test_client_and_endpoint_auth_both_resolve_in_dlt(
    server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def guarded(header: str, value: str) -> Any:
        def handler(req: Request) -> Reply:
            if req.headers.get(header) != value:
                return Reply({"error": "unauthorized"}, status=401)
            return Reply([{"id": header}])

        return handler

    server.route("GET", "/a", guarded("Authorization", "Bearer t-1"))
    server.route("GET", "/b", guarded("X-Key", "k-2"))
    spec = tmp_path / "mixed.yaml"
    spec.write_text(MIXED_AUTH, encoding="utf-8")
    config = yaml.safe_load(to_rest_api_yaml(analyse(spec)))
    config["client"]["base_url"] = server.url
    monkeypatch.setenv("SOURCES__REST_API__CREDENTIALS__TOKEN", "t-1")
    monkeypatch.setenv("SOURCES__REST_API__CREDENTIALS__API_KEY", "k-2")
    source = rest_api.rest_api_source(config)
    assert list(source.resources["list_a"]) == [{"id": "Authorization"}]
    assert list(source.resources["list_b"]) == [{"id": "X-Key"}]
