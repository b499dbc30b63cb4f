"""Every paginator, auth, RESTClient/paginate and requests.Client signature against installed dlt.

Code written for dlt must call ours the same way: every dlt parameter exists here, dlt's
positional parameters sit at the same positions, and defaults agree. Our own additions come
after dlt's (or keyword-only). Known, deliberate differences are listed with their reason;
anything else dlt adds makes this test fail.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any, Callable

import pytest

import restwright_runtime
from restwright_runtime import auth as our_auth
from restwright_runtime import detector as our_detector
from restwright_runtime import paginators as our_paginators
from restwright_runtime import redaction as our_redaction
from restwright_runtime import requests as our_requests
from restwright_runtime import utils as our_utils
from tests.compat.dlt_shim import ALIASES

dlt_client = pytest.importorskip("dlt.sources.helpers.rest_client")
dlt_paginators = pytest.importorskip("dlt.sources.helpers.rest_client.paginators")
dlt_auth = pytest.importorskip("dlt.sources.helpers.rest_client.auth")
dlt_requests = pytest.importorskip("dlt.sources.helpers.requests")

Parameter = inspect.Parameter
EMPTY = Parameter.empty

# (what, parameter) -> why ours differs.
DIFFERENCES: dict[tuple[str, str], str] = {
    # dlt's Client defaults are fixed numbers; ours come from RUNTIME__* (dlt resolves its
    # RuntimeConfiguration from the same variables when it injects config).
    ("requests.Client", "request_timeout"): "default read from the environment",
    ("requests.Client", "request_max_attempts"): "default read from the environment",
    ("requests.Client", "request_backoff_factor"): "default read from the environment",
    ("requests.Client", "request_max_retry_delay"): "default read from the environment",
    # dlt's OAuth2ClientCredentials is a config dataclass: every field defaults to None and
    # `access_token` comes first. Ours requires the three credentials (the generated clients pass
    # them); `access_token` is keyword-only.
    ("OAuth2ClientCredentials", "access_token"): "keyword-only here",
    ("OAuth2ClientCredentials", "access_token_url"): "required, first",
    ("OAuth2ClientCredentials", "client_id"): "required",
    ("OAuth2ClientCredentials", "client_secret"): "required",
    ("OAuth2ClientCredentials", "access_token_request_data"): "one place earlier",
    ("OAuth2ClientCredentials", "default_token_expiration"): "one place earlier",
    ("OAuth2ClientCredentials", "session"): "one place earlier",
    # dlt injects its RuntimeConfiguration into a sentinel default; our None reads the same
    # settings from the RUNTIME__* environment variables.
    ("requests.Client.configure", "config"): "None: read from the environment",
}
# dlt names without a counterpart here, and why.
ABSENT: dict[str, str] = {}

# Public names of dlt's helper modules (module, name) that ours deliberately lack, and why.
ABSENT_NAMES: dict[tuple[str, str], str] = {
    **{
        ("dlt.sources.helpers.rest_client.detector", name): "the vocabulary and helpers"
        " of dlt's own detection rules; ours differ (runtime/README.md)"
        for name in (
            "RECORD_KEY_PATTERNS",
            "NON_RECORD_KEY_PATTERNS",
            "NEXT_PAGE_KEY_PATTERNS",
            "NEXT_PAGE_DICT_KEY_PATTERNS",
            "matches_any_pattern",
            "find_all_lists",
            "find_total_pages_path",
        )
    },
    ("dlt.sources.helpers.rest_client.client", "raise_for_status"): "a response hook"
    " calling response.raise_for_status(); paginate raises for status by default",
}


def dlt_classes(module: Any) -> dict[str, Any]:
    return {
        name: value
        for name, value in vars(module).items()
        if inspect.isclass(value) and value.__module__ == module.__name__
    }


def pairs() -> list[tuple[str, Callable[..., Any], Callable[..., Any] | None]]:
    found: list[tuple[str, Callable[..., Any], Callable[..., Any] | None]] = []
    for module, ours in ((dlt_paginators, our_paginators), (dlt_auth, our_auth)):
        for name, cls in sorted(dlt_classes(module).items()):
            found.append((name, cls, getattr(ours, name, None)))
    ours_client = restwright_runtime.RESTClient
    found.append(("RESTClient", dlt_client.RESTClient, ours_client))
    for method in ("paginate", "request", "get", "post", "extract_response"):
        found.append(
            (
                f"RESTClient.{method}",
                getattr(dlt_client.RESTClient, method),
                getattr(ours_client, method, None),
            )
        )
    found.append(("paginate", dlt_client.paginate, restwright_runtime.paginate))
    found.append(
        (
            "requests.Client.configure",
            dlt_requests.Client.configure,
            our_requests.Client.configure,
        )
    )
    dlt_detector = importlib.import_module("dlt.sources.helpers.rest_client.detector")
    for name in (
        "PaginatorFactory",
        "find_response_page_data",
        "find_next_page_path",
        "single_entity_path",
        "single_page_detector",
    ):
        found.append(
            (
                f"detector.{name}",
                getattr(dlt_detector, name),
                getattr(our_detector, name, None),
            )
        )
    dlt_utils = importlib.import_module("dlt.sources.helpers.rest_client.utils")
    found.append(("utils.join_url", dlt_utils.join_url, our_utils.join_url))
    dlt_redaction = importlib.import_module("dlt.sources.helpers.rest_client.redaction")
    found.append(
        (
            "redaction.sanitize_url",
            dlt_redaction.sanitize_url,
            our_redaction.sanitize_url,
        )
    )
    found.append(("requests.Client", dlt_requests.Client, our_requests.Client))
    found.append(("requests.init", dlt_requests.init, our_requests.init))
    return found


def mismatches(
    what: str, theirs: Callable[..., Any], ours: Callable[..., Any]
) -> list[str]:
    their_params = [
        p for p in inspect.signature(theirs).parameters.values() if p.name != "self"
    ]
    our_signature = inspect.signature(ours)
    our_positional = [
        p.name
        for p in our_signature.parameters.values()
        if p.name != "self" and p.kind is Parameter.POSITIONAL_OR_KEYWORD
    ]
    problems: list[str] = []
    for index, their in enumerate(their_params):
        if (what, their.name) in DIFFERENCES:
            continue
        if their.kind is Parameter.VAR_KEYWORD:
            if not any(
                p.kind is Parameter.VAR_KEYWORD
                for p in our_signature.parameters.values()
            ):
                problems.append(f"no **{their.name}")
            continue
        our = our_signature.parameters.get(their.name)
        if our is None:
            problems.append(f"missing {their.name}")
            continue
        if their.kind is Parameter.POSITIONAL_OR_KEYWORD and (
            index >= len(our_positional) or our_positional[index] != their.name
        ):
            problems.append(f"{their.name} is not positional argument {index}")
        if their.kind is Parameter.KEYWORD_ONLY and our.kind not in (
            Parameter.KEYWORD_ONLY,
            Parameter.POSITIONAL_OR_KEYWORD,
        ):
            problems.append(f"{their.name} cannot be passed by keyword")
        same_default = their.default == our.default or (
            their.default is None
            and our.default == ""  # APIKeyAuth: both mean "missing"
        )
        if their.default is not EMPTY and not same_default:
            problems.append(
                f"{their.name} default {our.default!r} != {their.default!r}"
            )
    for our in our_signature.parameters.values():
        if (
            our.name not in inspect.signature(theirs).parameters
            and our.default is EMPTY
        ):
            if our.kind not in (Parameter.VAR_KEYWORD, Parameter.VAR_POSITIONAL):
                problems.append(f"our extra {our.name} is required")
    return problems


@pytest.mark.parametrize(
    "what, theirs, ours", pairs(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_signature_matches_dlt(what: str, theirs: Any, ours: Any) -> None:
    if ours is None:
        assert what in ABSENT, f"{what} is missing"
        return
    assert mismatches(what, theirs, ours) == []


def test_paginate_keeps_dlts_positional_order() -> None:
    """dlt's positional call `paginate(path, method, params, json, auth, paginator)` works here."""
    names = list(inspect.signature(restwright_runtime.RESTClient.paginate).parameters)
    assert names[:10] == [
        "self",
        "path",
        "method",
        "params",
        "json",
        "auth",
        "paginator",
        "data_selector",
        "hooks",
        "headers",
    ]


def dlt_public_names(module: Any) -> set[str]:
    """What code written for dlt imports from `module`: its own classes and functions, its
    re-exports when it is a package, its constants and `__all__`."""
    names = set(getattr(module, "__all__", ()))
    is_package = hasattr(module, "__path__")
    for name, value in vars(module).items():
        if name.startswith("_") or name == "TYPE_CHECKING" or inspect.ismodule(value):
            continue
        origin = getattr(value, "__module__", "") or ""
        if inspect.isclass(value) or inspect.isfunction(value):
            if origin == module.__name__ or (
                is_package and origin.startswith("dlt.sources.helpers")
            ):
                names.add(name)
        elif name.isupper():
            names.add(name)
    return names


@pytest.mark.parametrize("alias", sorted(ALIASES))
def test_every_public_dlt_name_has_a_counterpart(alias: str) -> None:
    """Replacing the import is the whole migration: each name dlt's module offers is in ours."""
    theirs = importlib.import_module(alias)
    ours = importlib.import_module(ALIASES[alias])
    missing = sorted(
        name
        for name in dlt_public_names(theirs)
        if not hasattr(ours, name) and (alias, name) not in ABSENT_NAMES
    )
    assert missing == []
    for module, name in ABSENT_NAMES:
        if module == alias:  # a listed absence that dlt dropped or we added is stale
            assert hasattr(theirs, name) and not hasattr(ours, name), name
