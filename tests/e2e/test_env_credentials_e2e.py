"""Credentials from the environment: `Client()` in a fresh process picks up `<PACKAGE>_<KEYWORD>`.

The generated client runs in a subprocess whose environment the test sets, so nothing of the test
process (its imports, its variables) leaks in; the local server records what arrived.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.support import generate, write_spec
from tests.support.server import LocalServer, Reply

SPEC = """
openapi: 3.0.3
info: {{title: Metrics, version: "1"}}
servers: [{{url: "{base}/api"}}]
paths:
  /series:
    get:
      operationId: listSeries
      tags: [series]
      security: [{{apiKeyAuth: [], appKeyAuth: []}}]
      responses:
        "200": {{description: ok, content: {{application/json: {{schema: {{type: object}}}}}}}}
  /me:
    get:
      operationId: getMe
      tags: [me]
      security: [{{bearerAuth: []}}]
      responses:
        "200": {{description: ok, content: {{application/json: {{schema: {{type: object}}}}}}}}
components:
  securitySchemes:
    apiKeyAuth: {{type: apiKey, in: header, name: DD-API-KEY}}
    appKeyAuth: {{type: apiKey, in: header, name: DD-APPLICATION-KEY}}
    bearerAuth: {{type: http, scheme: bearer}}
"""

CALL = """
import sys
from env_metrics import Client

client = Client({arguments})
client.{call}
"""


@pytest.fixture
def package(server: LocalServer, tmp_path: Path) -> Path:
    server.route("GET", "/api/series", lambda r: Reply({"series": []}))
    server.route("GET", "/api/me", lambda r: Reply({"id": 1}))
    spec = write_spec(tmp_path, SPEC.format(base=server.url))
    outdir = tmp_path / "out"
    generate(spec, outdir, "env_metrics")
    return outdir


def _call(outdir: Path, call: str, env: dict[str, str], arguments: str = "") -> None:
    """Run `Client(arguments).call` in a fresh interpreter with only `env` as credentials."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ENV_METRICS_")}
    result = subprocess.run(
        [sys.executable, "-c", CALL.format(arguments=arguments, call=call)],
        env={**clean, **env, "PYTHONPATH": str(outdir)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_client_reads_each_credential_from_its_variable(
    server: LocalServer, package: Path
) -> None:
    env = {
        "ENV_METRICS_DD_API_KEY": "api-1",
        "ENV_METRICS_DD_APPLICATION_KEY": "app-1",
        "ENV_METRICS_TOKEN": "tok-1",
    }
    _call(package, "series.list_series()", env)
    _call(package, "me.get_me()", env)
    series, me = server.requests
    # Two API keys of one kind: two variables named after their headers, both sent.
    assert series.headers["DD-API-KEY"] == "api-1"
    assert series.headers["DD-APPLICATION-KEY"] == "app-1"
    assert "Authorization" not in series.headers
    assert me.headers["Authorization"] == "Bearer tok-1"


def test_given_credentials_are_never_mixed_with_the_environment(
    server: LocalServer, package: Path
) -> None:
    env = {"ENV_METRICS_TOKEN": "from-env", "ENV_METRICS_DD_API_KEY": "env-key"}
    _call(package, "me.get_me()", env, arguments='token="given"')
    _call(package, "series.list_series()", env, arguments='token="given"')
    me, series = server.requests
    assert me.headers["Authorization"] == "Bearer given"
    assert "DD-API-KEY" not in series.headers


def test_empty_variable_counts_as_unset(server: LocalServer, package: Path) -> None:
    _call(package, "me.get_me()", {"ENV_METRICS_TOKEN": ""})
    assert "Authorization" not in server.requests[0].headers


def test_readme_tables_every_variable(package: Path) -> None:
    readme = (package / "README.md").read_text(encoding="utf-8")
    for variable, keyword in [
        ("ENV_METRICS_DD_API_KEY", "dd_api_key"),
        ("ENV_METRICS_DD_APPLICATION_KEY", "dd_application_key"),
        ("ENV_METRICS_TOKEN", "token"),
    ]:
        assert f"| `{variable}` | `{keyword}=` |" in readme
