"""A pytest plugin that runs dlt's own REST-helper tests against `restwright_runtime`.

Loaded with `-p dlt_shim` in a separate pytest process (see test_dlt_suite.py), it makes every
`dlt.sources.helpers.rest_client[.X]` import load `restwright_runtime[.X]` and every
`dlt.sources.helpers.requests[.retry|.session]` import load `restwright_runtime.requests`:
the import replacement the README promises, nothing more. dlt itself stays importable for the
test support the suite uses (`RuntimeConfiguration`, `dlt.common.jsonpath`, `TSecretStrValue`).

It also stands in for dlt's `tests/utils.py` (only `preserve_environ` is used, and the real one
pulls in dlt's whole test harness), skips the white-box tests listed in `skips.py`, marks the
listed deliberate differences as strict expected failures, and writes each test's outcome to
$RESTWRIGHT_COMPAT_REPORT as JSON.

RESTWRIGHT_COMPAT_TARGET=dlt runs the same suite against dlt itself, to check a fetched suite.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import types
from typing import Any, Iterator

import pytest

# dlt module -> ours: the whole migration, as the README states it.
ALIASES = {
    "dlt.sources.helpers.rest_client": "restwright_runtime",
    "dlt.sources.helpers.requests": "restwright_runtime.requests",
    "dlt.sources.helpers.requests.retry": "restwright_runtime.requests",
    "dlt.sources.helpers.requests.session": "restwright_runtime.requests",
    "dlt.sources.helpers.requests.typing": "restwright_runtime.requests",
    **{
        f"dlt.sources.helpers.rest_client.{name}": f"restwright_runtime.{name}"
        for name in (
            "auth",
            "client",
            "detector",
            "exceptions",
            "paginators",
            "redaction",
            "typing",
            "utils",
        )
    },
}
TARGET = os.environ.get("RESTWRIGHT_COMPAT_TARGET", "restwright")


def install_aliases() -> None:
    """Point dlt's helper modules at ours, in `sys.modules` and on their parent packages."""
    helpers = importlib.import_module("dlt.sources.helpers")
    for alias, target in ALIASES.items():
        module = importlib.import_module(target)
        sys.modules[alias] = module
        parent, _, child = alias.rpartition(".")
        if parent == helpers.__name__:
            setattr(helpers, child, module)


@pytest.fixture(autouse=True)
def preserve_environ() -> Iterator[None]:
    """dlt's fixture of that name: every test gets the environment back as it found it."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


def install_test_utils() -> None:
    utils = types.ModuleType("tests.utils")
    setattr(utils, "preserve_environ", preserve_environ)
    sys.modules["tests.utils"] = utils


def pytest_configure(config: pytest.Config) -> None:
    # Here rather than at import: importing this module (tests/compat does) changes nothing.
    if TARGET == "restwright":
        install_aliases()
    install_test_utils()


def short_id(nodeid: str) -> str:
    """`tests/sources/helpers/rest_client/test_x.py::T::t[p]` -> `rest_client/test_x.py::T::t[p]`."""
    return nodeid.split("tests/sources/helpers/", 1)[-1]


def listed(item_id: str, table: dict[str, str]) -> str | None:
    """The table's key matching this test: its exact id, or its id without parameters."""
    for key in (item_id, item_id.split("[", 1)[0]):
        if key in table:
            return key
    return None


_used: set[str] = set()
_outcomes: dict[str, str] = {}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if TARGET != "restwright":
        return
    from skips import DIFFERENCES, WHITE_BOX  # beside this file, on PYTHONPATH

    for item in items:
        item_id = short_id(item.nodeid)
        key = listed(item_id, WHITE_BOX)
        if key is not None:
            _used.add(key)
            item.add_marker(pytest.mark.skip(reason=f"white-box: {WHITE_BOX[key]}"))
            continue
        key = listed(item_id, DIFFERENCES)
        if key is not None:
            # Strict: a listed difference that starts passing fails the run, so the list
            # never claims a difference that is gone.
            _used.add(key)
            item.add_marker(pytest.mark.xfail(strict=True, reason=DIFFERENCES[key]))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    item_id = short_id(report.nodeid)
    if report.when != "call" and report.outcome == "passed":
        return
    outcome = report.outcome
    if hasattr(report, "wasxfail"):
        outcome = "difference"
    elif report.skipped and isinstance(report.longrepr, tuple):
        if str(report.longrepr[2]).startswith("Skipped: white-box"):
            outcome = "white-box"
    if _outcomes.get(item_id) in (None, "passed"):
        _outcomes[item_id] = outcome


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    path = os.environ.get("RESTWRIGHT_COMPAT_REPORT")
    if not path:
        return
    from skips import DIFFERENCES, WHITE_BOX

    stale = sorted((set(WHITE_BOX) | set(DIFFERENCES)) - _used)
    report: dict[str, Any] = {
        "outcomes": _outcomes,
        "stale": stale if TARGET == "restwright" else [],
    }
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=1, sort_keys=True)
