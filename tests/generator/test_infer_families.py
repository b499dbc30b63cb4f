"""The conventions inference generalises from, each on real specs of the corpus and small synthetic ones.

One section per family of issue 14: opaque tokens under ordinary names, tokens paired with the
response by meaning, header-borne paging the spec does not declare, page-number details, single
resources and parameter-keyed records, and Authorization keys that are bearer tokens. The real
specs come from the shared corpus (skipped without it); the synthetic ones are written to a file
and go through load → model → infer like any spec.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from restwright.infer import infer_api
from restwright.infer.decision import OperationInference
from restwright.load import load_document
from restwright.model.build import build_model
from restwright.model.ir import ApiModel
from tests.conftest import corpus_dir

INT: dict[str, Any] = {"type": "integer"}
STR: dict[str, Any] = {"type": "string"}
RECORD: dict[str, Any] = {
    "type": "object",
    "properties": {"id": STR, "name": STR},
}


def obj(**props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": props}


def array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def query(name: str, schema: dict[str, Any], description: str = "") -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema, "description": description}


def ok(schema: dict[str, Any], headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": "ok",
        "content": {"application/json": {"schema": schema}},
    }
    if headers:
        response["headers"] = headers
    return {"200": response}


def infer(
    tmp_path: Path,
    paths: dict[str, Any],
    description: str = "",
    components: dict[str, Any] | None = None,
    **doc: Any,
) -> dict[str, OperationInference]:
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Acme", "version": "1", "description": description},
        "paths": paths,
        "components": components or {},
        **doc,
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return infer_api(build_model(load_document(path)))


def listing(params: list[dict[str, Any]], body: dict[str, Any]) -> dict[str, Any]:
    return {
        "get": {"summary": "List things", "parameters": params, "responses": ok(body)}
    }


@lru_cache(maxsize=None)
def real(name: str) -> tuple[ApiModel, dict[str, OperationInference]]:
    corpus = corpus_dir()
    if corpus is None:
        pytest.skip("shared corpus not found (set RESTWRIGHT_CORPUS)")
    found = sorted((corpus / "specs").glob(f"{name}.*"))
    if not found:
        pytest.skip(f"{name} not in the corpus")
    model = build_model(load_document(found[0]))
    return model, infer_api(model)


def decided(name: str, key: str) -> OperationInference:
    return real(name)[1][key]


def paginator(inference: OperationInference) -> dict[str, Any]:
    assert inference.paginator is not None
    return {"type": inference.paginator.type, **inference.paginator.params}


# ------------------------------------------------------------ opaque tokens under ordinary names


@pytest.mark.corpus
@pytest.mark.parametrize(
    "spec, key, param",
    [
        ("openai", "GET /organization/costs", "page"),
        ("stripe", "GET /v1/customers/search", "page"),
    ],
)
def test_a_page_that_takes_the_previous_responses_token_is_a_cursor(
    spec: str, key: str, param: str
) -> None:
    got = paginator(decided(spec, key))
    assert got["type"] == "cursor"
    assert got["cursor_param"] == param and got["cursor_path"] == "next_page"


def test_string_offsets_handed_back_by_the_response_are_tokens(tmp_path: Path) -> None:
    described = "Offset token returned by the previous response as `next_page.offset`."
    result = infer(
        tmp_path,
        {
            "/tasks": listing(
                [query("offset", STR, described), query("limit", INT)],
                obj(data=array(RECORD), next_page=obj(offset=STR, uri=STR)),
            ),
            "/events": listing(
                [query("offset", STR)],
                obj(data=array(RECORD), next_offset=STR),
            ),
            "/rows": listing(
                [query("offset", INT, "Number of items to skip."), query("limit", INT)],
                obj(data=array(RECORD), total=INT),
            ),
        },
    )
    tasks = paginator(result["GET /tasks"])
    assert tasks["type"] == "cursor" and tasks["cursor_path"] == "next_page.offset"
    events = paginator(result["GET /events"])
    assert events["type"] == "cursor" and events["cursor_path"] == "next_offset"
    rows = paginator(result["GET /rows"])  # an integer that skips items stays an offset
    assert rows["type"] == "offset" and rows["total_path"] == "total"


# ------------------------------------------------------------ tokens paired by meaning


@pytest.mark.corpus
@pytest.mark.parametrize(
    "spec, key, param, path",
    [
        (
            "argo_workflows",
            "GET /api/v1/workflows/{namespace}",
            "listOptions.continue",
            "metadata.continue",
        ),
        ("twitch_helix", "GET /streams", "after", "pagination.cursor"),
        ("box", "GET /folders/{folder_id}/collaborations", "marker", "next_marker"),
        ("notion", "GET /v1/users", "start_cursor", "next_cursor"),
        ("figma", "GET /v1/teams/{team_id}/components", "after", "meta.cursor.after"),
    ],
)
def test_token_parameters_pair_with_the_response_field_of_the_same_meaning(
    spec: str, key: str, param: str, path: str
) -> None:
    got = paginator(decided(spec, key))
    assert (got["type"], got["cursor_param"], got["cursor_path"]) == (
        "cursor",
        param,
        path,
    )


def test_pairs_by_name_and_nested_names_and_not_by_an_echoed_filter(
    tmp_path: Path,
) -> None:
    result = infer(
        tmp_path,
        {
            "/a": listing(
                [query("pageToken", STR), query("pageSize", INT)],
                obj(items=array(RECORD), nextPageToken=STR),
            ),
            "/b": listing(
                [query("page[cursor]", STR), query("page[size]", INT)],
                obj(data=array(RECORD), meta=obj(next_cursor=STR)),
            ),
            "/c": listing(
                [query("next", STR)],
                obj(results=array(RECORD), pagination=obj(next=STR)),
            ),
            "/d": listing(
                [query("user_id", STR, "Only this user's records.")],
                obj(results=array(RECORD), meta=obj(user_id=STR)),
            ),
            "/e": listing(
                [query("before", STR), query("after", STR)],
                obj(data=array(RECORD), paging=obj(cursor=STR)),
            ),
        },
    )
    assert paginator(result["GET /a"])["cursor_path"] == "nextPageToken"
    assert paginator(result["GET /b"])["cursor_param"] == "page[cursor]"
    assert paginator(result["GET /b"])["cursor_path"] == "meta.next_cursor"
    assert paginator(result["GET /c"])["cursor_path"] == "pagination.next"
    assert paginator(result["GET /d"])["type"] != "cursor"  # a filter echoed in meta
    assert paginator(result["GET /e"])["cursor_param"] == "after"  # forward wins


@pytest.mark.corpus
def test_an_echoed_consistency_parameter_is_not_the_cursor() -> None:
    """Argo's `resourceVersion` is echoed in `metadata` too; the limit's description names
    `continue` as the field to send back, and single-object reads stay single."""
    got = paginator(decided("argo_workflows", "GET /api/v1/workflows/{namespace}"))
    assert got["cursor_param"] == "listOptions.continue"
    assert (
        decided("argo_workflows", "GET /api/v1/workflows/{namespace}/{name}").paginator
        is None
    )


# ------------------------------------------------------------ header-borne paging


@pytest.mark.corpus
@pytest.mark.parametrize(
    "key",
    ["GET /admin/identities", "GET /admin/sessions", "GET /admin/courier/messages"],
)
def test_a_link_header_only_described_pages_bare_arrays(key: str) -> None:
    """Ory declares no Link header; a parameter and an unused schema say pages are linked."""
    got = decided("ory_kratos", key)
    assert paginator(got)["type"] == "header_link"
    assert got.paginator is not None
    assert "page_token" in got.paginator.controlled_params  # the link carries it


@pytest.mark.corpus
@pytest.mark.parametrize("key", ["GET /jobs", "GET /evaluations"])
def test_a_token_with_nowhere_in_the_body_comes_back_in_the_apis_own_header(
    key: str,
) -> None:
    """Nomad: `next_token`, a bare-array body, headers `X-Nomad-*`: a guess, and said so."""
    got = decided("nomad", key)
    assert paginator(got) == {
        "type": "header_cursor",
        "cursor_key": "X-Nomad-NextToken",
        "cursor_param": "next_token",
    }
    assert got.review and "X-Nomad-NextToken" in got.review[0]
    assert decided("nomad", "GET /job/{jobName}").paginator is None  # one job


def test_undeclared_header_paging_from_descriptions(tmp_path: Path) -> None:
    result = infer(
        tmp_path,
        {
            "/users": listing([query("cursor", STR, "Where to start.")], array(RECORD)),
            "/items": listing(
                [
                    query(
                        "next_token",
                        STR,
                        "Send the value of the `X-Next-Token` response header.",
                    )
                ],
                array(RECORD),
            ),
            "/secrets": listing(
                [query("continuationToken", STR)],
                array(RECORD),
            ),
        },
        description='Lists are paged: follow the `Link` header with rel="next".',
    )
    assert paginator(result["GET /users"])["type"] == "header_link"
    # the header the parameter's description names beats the API-wide Link convention
    assert paginator(result["GET /items"])["cursor_key"] == "X-Next-Token"
    plain = infer(
        tmp_path,
        {
            "/items": listing(
                [
                    query(
                        "next_token",
                        STR,
                        "Send the value of the `X-Next-Token` response header.",
                    )
                ],
                array(RECORD),
            ),
            "/secrets": {
                "get": {
                    "parameters": [query("continuationToken", STR)],
                    "responses": ok(
                        array(RECORD), {"x-ms-continuationtoken": {"schema": STR}}
                    ),
                }
            },
        },
    )
    assert paginator(plain["GET /items"]) == {
        "type": "header_cursor",
        "cursor_key": "X-Next-Token",
        "cursor_param": "next_token",
    }
    assert paginator(plain["GET /secrets"])["cursor_key"] == "x-ms-continuationtoken"


# ------------------------------------------------------------ page-number details


@pytest.mark.corpus
@pytest.mark.parametrize(
    "spec, key, base, total",
    [
        ("mattermost", "GET /users", 0, None),
        ("vikunja", "GET /projects", 1, None),
        ("hetzner_cloud", "GET /servers", 1, "meta.pagination.last_page"),
    ],
)
def test_base_page_and_a_total_that_counts_pages(
    spec: str, key: str, base: int, total: str | None
) -> None:
    got = paginator(decided(spec, key))
    assert got["type"] == "page_number" and got["base_page"] == base
    assert got.get("total_path") == total


@pytest.mark.corpus
def test_a_count_that_echoes_the_page_size_is_not_the_total() -> None:
    got = paginator(decided("rocketchat_users", "GET /api/v1/users.list"))
    assert (got["limit_param"], got["total_path"]) == ("count", "total")


def test_page_details_from_the_spec_and_the_api_description(tmp_path: Path) -> None:
    result = infer(
        tmp_path,
        {
            "/a": listing(
                [query("page", INT), query("per_page", INT)],
                obj(data=array(RECORD), total=INT, total_pages=INT),
            ),
            "/b": listing([query("page", INT)], array(RECORD)),
            "/c": listing([], array(RECORD)),
        },
        description="Pagination: list endpoints take `page` (0-based) and `per_page`.",
    )
    a = paginator(result["GET /a"])
    assert (a["base_page"], a["total_path"]) == (0, "total_pages")
    assert paginator(result["GET /b"])["base_page"] == 0
    c = result["GET /c"]
    assert paginator(c)["page_param"] == "page" and c.review  # a guess from prose


# ------------------------------------------------------------ single resources, keyed records


@pytest.mark.corpus
@pytest.mark.parametrize(
    "spec, key, selector",
    [
        ("klaviyo_lists", "GET /api/lists/{id}", "data"),
        ("hetzner_cloud", "GET /servers/{id}", "server"),
        ("rocketchat_users", "GET /api/v1/users.info", "user"),
        (
            "harbor",
            "GET /projects/{project_name}/repositories/{repository_name}/artifacts/{reference}",
            None,
        ),
    ],
)
def test_one_resource_with_sub_collections_is_not_a_list(
    spec: str, key: str, selector: str | None
) -> None:
    got = decided(spec, key)
    assert got.paginator is None
    assert (got.data_selector.path if got.data_selector else None) == selector


@pytest.mark.corpus
def test_records_keyed_by_a_path_parameter_are_not_pinned() -> None:
    got = decided("pagerduty", "GET /tags/{id}/{entity_type}")
    assert paginator(got)["type"] == "offset"
    assert got.data_selector is not None and got.data_selector.path is None
    assert "entity_type" in got.data_selector.evidence[0]


def test_search_keyed_by_type_is_pinned_to_no_key(tmp_path: Path) -> None:
    page = obj(items=array(RECORD), next={"type": "string", "format": "uri"}, total=INT)
    kinds = {"type": "string", "enum": ["track", "artist", "album"]}
    result = infer(
        tmp_path,
        {
            "/search": listing(
                [query("q", STR), query("type", kinds), query("offset", INT)],
                obj(tracks=page, artists=page, albums=page),
            ),
            "/things/{id}": {
                "get": {
                    "responses": ok(
                        obj(
                            id=STR,
                            name=STR,
                            kind=STR,
                            owner=STR,
                            created=STR,
                            children=obj(items=array(RECORD), next=STR),
                        )
                    )
                }
            },
        },
    )
    search = result["GET /search"]
    assert search.data_selector is not None and search.data_selector.path is None
    # its next links and totals sit under those keys too: the runtime detects paging, flagged
    assert paginator(search)["type"] == "auto"
    assert "depending on `type`" in search.review[0]
    assert result["GET /things/{id}"].paginator is None


# ------------------------------------------------------------ auth


@pytest.mark.corpus
@pytest.mark.parametrize(
    "spec, key, scheme",
    [
        ("argo_workflows", "GET /api/v1/workflows/{namespace}", "BearerToken"),
        ("vikunja", "GET /projects", "JWTKeyAuth"),
        ("ory_kratos", "GET /admin/identities", "oryAccessToken"),
    ],
)
def test_authorization_api_keys_that_say_bearer_are_bearer_tokens(
    spec: str, key: str, scheme: str
) -> None:
    got = decided(spec, key).auth
    inferred = {s.key: s.kind for s in got.inferred_schemes}
    assert inferred[scheme] == "bearer"
    assert any("Bearer <token>" in e for e in got.evidence)


@pytest.mark.corpus
@pytest.mark.parametrize(
    "spec, key, scheme, prefix",
    [
        ("netbox", "GET /api/dcim/devices/", "tokenAuth", "Token "),
        ("gitea", "GET /orgs/{org}/repos", "AuthorizationHeaderToken", "token "),
        ("pagerduty", "GET /incidents", "api_key", "Token token="),
        ("klaviyo_lists", "GET /api/lists", "Klaviyo-API-Key", "Klaviyo-API-Key "),
    ],
)
def test_stated_prefixes_keep_an_api_key(
    spec: str, key: str, scheme: str, prefix: str
) -> None:
    got = decided(spec, key).auth
    assert dict(got.value_prefixes)[scheme] == prefix
    assert scheme not in {s.key for s in got.inferred_schemes}


def test_authorization_keys_bearer_or_prefixed_and_prose_only_auth(
    tmp_path: Path,
) -> None:
    def scheme(description: str, key: str = "Auth") -> dict[str, Any]:
        return {
            "securitySchemes": {
                key: {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": description,
                }
            }
        }

    ops = {"/things": listing([], array(RECORD))}
    bearer = infer(
        tmp_path,
        ops,
        components=scheme("Bearer token authentication"),
        security=[{"Auth": []}],
    )
    assert bearer["GET /things"].auth.inferred_schemes[0].kind == "bearer"
    bot = infer(
        tmp_path,
        ops,
        components=scheme("Use `Bot your-bot-token`."),
        security=[{"Auth": []}],
    )
    assert bot["GET /things"].auth.value_prefixes == (("Auth", "Bot "),)
    assert bot["GET /things"].auth.inferred_schemes == ()
    silent = infer(
        tmp_path, ops, components=scheme("An API key."), security=[{"Auth": []}]
    )
    assert silent["GET /things"].auth.inferred_schemes == ()  # read literally
    prose = infer(tmp_path, ops, description="Send `Authorization: Bearer <token>`.")
    got = prose["GET /things"].auth
    assert got.inferred_schemes[0].kind == "bearer"
    assert "only in prose" in got.evidence[0]
    keyed = infer(
        tmp_path, ops, description="Pass your API key in the `X-Acme-Key` header."
    )
    got = keyed["GET /things"].auth
    assert got.alternatives == (("X-Acme-Key",),)
    assert (got.inferred_schemes[0].kind, got.inferred_schemes[0].api_key_in) == (
        "api_key",
        "header",
    )
    assert "only in prose" in got.evidence[0]


# ------------------------------------------------------------ stop conditions on links


def test_links_that_do_not_stop_by_themselves_stop_after_an_empty_page(
    tmp_path: Path,
) -> None:
    uri = {"type": "string", "format": "uri"}
    always = {
        "type": "string",
        "format": "uri",
        "description": "Always present, even on the last page.",
    }
    link = {"Link": {"description": "rel=next is sent on every page", "schema": STR}}
    result = infer(
        tmp_path,
        {
            "/said": listing([], obj(data=array(RECORD), next=always)),
            "/flagged": listing(
                [], obj(data=array(RECORD), next=uri, has_more={"type": "boolean"})
            ),
            "/plain": listing([], obj(data=array(RECORD), next=uri)),
            "/linked": {
                "get": {
                    "parameters": [query("page", INT)],
                    "responses": ok(array(RECORD), link),
                }
            },
            "/quiet": {
                "get": {
                    "parameters": [query("page", INT)],
                    "responses": ok(array(RECORD), {"Link": {"schema": STR}}),
                }
            },
        },
    )
    assert paginator(result["GET /said"])["stop_after_empty_page"] is True
    flagged = result["GET /flagged"]
    assert paginator(flagged)["stop_after_empty_page"] is True
    assert any("has_more" in e for e in flagged.paginator.evidence)  # type: ignore[union-attr]
    assert "stop_after_empty_page" not in paginator(result["GET /plain"])
    assert paginator(result["GET /linked"]) == {
        "type": "header_link",
        "links_next_key": "next",
        "stop_after_empty_page": True,
    }
    assert "stop_after_empty_page" not in paginator(result["GET /quiet"])


def test_bracketed_and_body_names_page_like_their_plain_forms(tmp_path: Path) -> None:
    body = {
        "content": {
            "application/json": {
                "schema": obj(NextToken=STR, MaxResults=INT, Filter=STR)
            }
        }
    }
    result = infer(
        tmp_path,
        {
            "/articles": listing(
                [query("page[offset]", INT), query("page[limit]", INT)],
                obj(data=array(RECORD), meta=obj(total=INT)),
            ),
            "/instances": {
                "post": {
                    "operationId": "DescribeInstances",
                    "requestBody": body,
                    "responses": ok(obj(Instances=array(RECORD), NextToken=STR)),
                }
            },
        },
    )
    articles = paginator(result["GET /articles"])
    assert (articles["offset_param"], articles["limit_param"]) == (
        "page[offset]",
        "page[limit]",
    )
    instances = paginator(result["POST /instances"])
    assert (instances["cursor_body_path"], instances["cursor_path"]) == (
        "NextToken",
        "NextToken",
    )


def test_only_a_next_token_is_guessed_into_the_apis_own_header(tmp_path: Path) -> None:
    """A `cursor` on a bare array more often rides a Link header: the runtime looks for one."""
    headers = {"X-Acme-Request-Id": {"schema": STR}, "X-Acme-Version": {"schema": STR}}
    result = infer(
        tmp_path,
        {
            "/users": {
                "get": {
                    "parameters": [query("cursor", STR, "Where to start.")],
                    "responses": ok(array(RECORD), headers),
                }
            },
            "/jobs": {
                "get": {
                    "parameters": [query("next_token", STR)],
                    "responses": ok(array(RECORD), headers),
                }
            },
        },
    )
    users = result["GET /users"]
    assert paginator(users)["type"] == "auto" and users.review
    assert paginator(result["GET /jobs"])["cursor_key"] == "X-Acme-NextToken"
