"""render_package on a hand-built IR: layout, every type construct, names, determinism,
laziness, and the generated package passes `black --check` and `mypy --strict`."""

from __future__ import annotations

from dataclasses import replace

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from restwright.diagnostics import Location
from restwright.infer.decision import (
    AuthChoice,
    DataSelectorChoice,
    OperationInference,
    PaginatorChoice,
)
from restwright.model.ir import (
    AnyType,
    ApiModel,
    Field,
    ListType,
    LiteralType,
    MapType,
    NamedType,
    Operation,
    Parameter,
    Primitive,
    RequestBody,
    Response,
    SchemaDef,
    SecurityScheme,
    UnionType,
)
from restwright.render import render_package
from restwright.render.package import RUNTIME_REQUIREMENT
from tests.e2e.support import import_generated, run_black_check, run_mypy

L = Location("spec.yaml")
STR, INT = Primitive("str"), Primitive("int")
LONG = "a_really_quite_extraordinarily_long_schema_key_that_will_never_fit_on_one_line_at_all"


def _schemas() -> dict[str, SchemaDef]:
    pet_fields = (
        Field("id", INT, True),
        Field("name", STR, True),
        Field("status", LiteralType(("available", 'it\'s "sold"', 3, None)), False),
        Field("tags", ListType(NamedType("tag")), False),
        Field("owner", UnionType((NamedType("simple-user"), Primitive("None"))), False),
        Field("attributes", MapType(AnyType()), False),
        Field("scores", MapType(Primitive("float")), False),
        Field("parent", NamedType("pet"), False),  # recursive
        Field("secret", STR, True, write_only=True),
        Field(
            "colour",
            LiteralType(tuple(f"colour-number-{i}-with-a-long-name" for i in range(6))),
            False,
        ),
    )
    return {
        "pet": SchemaDef(
            "pet", L, fields=pet_fields, description="A pet.\n\nWith a body."
        ),
        "tag": SchemaDef(
            "tag",
            L,
            fields=(
                Field("@type", STR, True),
                Field("class", NamedType("pet"), False),
                Field("str", STR, False),
            ),
        ),
        "simple-user": SchemaDef("simple-user", L, fields=(Field("login", STR, True),)),
        "simple_user": SchemaDef(
            "simple_user", L, fields=(Field("email", STR, False),)
        ),
        "pet-list": SchemaDef("pet-list", L, alias=ListType(NamedType("pet"))),
        "id-or-name": SchemaDef("id-or-name", L, alias=UnionType((INT, STR))),
        "empty": SchemaDef("empty", L, fields=()),
        "Client": SchemaDef("Client", L, fields=(Field("x", INT, True),)),
        LONG: SchemaDef(LONG, L, fields=(Field("v", NamedType("pet"), False),)),
        "long-alias": SchemaDef("long-alias", L, alias=NamedType(LONG)),
    }


def _operations() -> list[Operation]:
    list_pets = Operation(
        "get",
        "/pets",
        "pets/list-pets",
        L,
        tags=("pets",),
        summary="List all pets.",
        description='Returns "all" pets \\ no matter what.',
        parameters=(
            Parameter(
                "limit",
                "query",
                False,
                INT,
                L,
                default=20,
                has_default=True,
                description="How many.\n  At most 100.",
            ),
            Parameter("page", "query", False, INT, L),
            Parameter("status", "query", False, LiteralType(("available", "sold")), L),
            Parameter("X-Trace", "header", False, STR, L),
            Parameter("trace", "query", False, STR, L),
            Parameter("Trace", "header", False, STR, L),
            Parameter("self", "query", False, Primitive("bool"), L),
            Parameter(
                "body", "query", False, STR, L, default="x\"'\n", has_default=True
            ),
            Parameter("count", "query", False, INT, L, default="10", has_default=True),
        ),
        responses=(Response("200", L, "application/json", ListType(NamedType("pet"))),),
        security=(("bearer",),),
    )
    return [
        list_pets,
        Operation(
            "get",
            "/pets/{petId}/photos/{photo id}",
            "getPhoto",
            L,
            tags=("pets",),
            parameters=(
                Parameter("photo id", "path", True, STR, L),
                Parameter("petId", "path", True, INT, L),
            ),
            responses=(Response("200", L, "application/json", NamedType(LONG)),),
        ),
        Operation(
            "post",
            "/pets",
            "createPet",
            L,
            tags=("pets",),
            request_body=RequestBody("application/json", NamedType("pet"), True, L),
            responses=(Response("201", L, "application/json", NamedType("pet")),),
        ),
        Operation(
            "delete",
            "/pets/{id}",
            None,
            L,
            tags=("pets",),
            parameters=(Parameter("id", "path", True, STR, L),),
            responses=(Response("204", L),),
        ),
        Operation(
            "post",
            "/forms",
            "submitForm",
            L,
            tags=("class",),
            request_body=RequestBody(
                "application/x-www-form-urlencoded", NamedType("simple_user"), False, L
            ),
            responses=(Response("200", L, "application/json", MapType(STR)),),
        ),
        Operation(
            "get",
            "/health",
            "health",
            L,
            responses=(Response("200", L, "application/json", None),),
        ),
        Operation(
            "get",
            "/users",
            "listUsers",
            L,
            parameters=(
                Parameter("offset", "query", False, INT, L),
                Parameter("limit", "query", False, INT, L),
            ),
            responses=(Response("200", L, "application/json", NamedType("pet-list")),),
        ),
    ]


def build_model() -> tuple[ApiModel, dict[str, OperationInference]]:
    model = ApiModel(
        title='Zoo "API" {{ 7 * 7 }}',
        version="1.0",
        source_kind="openapi-3.0",
        source_file="spec.yaml",
        servers=("https://zoo.example.com/v1",),
        operations=_operations(),
        schemas=_schemas(),
        security_schemes={
            "bearer": SecurityScheme("bearer", "bearer", L),
            "key": SecurityScheme(
                "key", "api_key", L, api_key_name='X-"Key"', api_key_in="header"
            ),
            "basic": SecurityScheme("basic", "basic", L),
            "cc": SecurityScheme(
                "cc", "oauth2_client_credentials", L, token_url="/oauth/token"
            ),
        },
    )
    inference = {
        "GET /pets": OperationInference(
            "GET /pets",
            PaginatorChoice(
                "page_number",
                {"page_param": "page", "base_page": 1},
                controlled_params=("page",),
            ),
            DataSelectorChoice("$", NamedType("pet")),
            AuthChoice((("bearer",),)),
        ),
        "GET /users": OperationInference(
            "GET /users",
            PaginatorChoice(
                "offset",
                {"offset_param": "offset", "limit_param": "limit", "limit": 50},
                controlled_params=("offset",),
                page_size_param="limit",
            ),
            DataSelectorChoice("$", NamedType("pet")),
            AuthChoice(()),
        ),
    }
    return model, inference


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    model, inference = build_model()
    return render_package(model, inference, "zoo_client")


@pytest.fixture(scope="module")
def outdir(files: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("render")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_project_layout(files: dict[str, str]) -> None:
    assert set(files) == {
        "README.md",
        "pyproject.toml",
        "zoo_client/__init__.py",
        "zoo_client/py.typed",
        "zoo_client/client.py",
        "zoo_client/models.py",
        "zoo_client/resources/__init__.py",
        "zoo_client/resources/pets.py",
        "zoo_client/resources/class_.py",
    }
    for rel, text in files.items():
        if rel.endswith(".py"):
            ast.parse(text)
            assert text.startswith("# Generated by restwright")
    assert f'dependencies = [\n    "{RUNTIME_REQUIREMENT}",' in files["pyproject.toml"]
    assert "client.pets.list_pets()" in files["README.md"]


def test_rendering_is_deterministic(files: dict[str, str]) -> None:
    model, inference = build_model()
    assert render_package(model, inference, "zoo_client") == files
    model.schemas = dict(reversed(list(model.schemas.items())))
    model.operations = list(reversed(model.operations))
    assert render_package(model, inference, "zoo_client") == files


def test_models_cover_every_type_construct(files: dict[str, str]) -> None:
    models = files["zoo_client/models.py"]
    assert "class Pet(TypedDict):" in models
    assert "    id: int\n" in models
    assert "    tags: NotRequired[list[Tag]]\n" in models
    assert "    owner: NotRequired[SimpleUser_" in models and " | None]" in models
    assert "    attributes: NotRequired[dict[str, Any]]\n" in models
    assert "    parent: NotRequired[Pet]\n" in models
    assert (
        "    secret: NotRequired[str]\n" in models
    )  # write-only: absent from responses
    assert """Literal["available", 'it\\'s "sold"', 3] | None""" in models
    assert 'Tag = TypedDict(\n    "Tag",' in models  # keys that are not identifiers
    assert '"class": NotRequired["Pet"]' in models
    assert 'PetList: TypeAlias = list["Pet"]' in models
    assert "IdOrName: TypeAlias = Union[int, str]" in models
    assert "class Client_(TypedDict):" in models
    assert "class Empty(TypedDict):\n    pass" in models
    simple = [
        line for line in models.splitlines() if line.startswith("class SimpleUser_")
    ]
    assert len(simple) == 2


def test_signature_names_defaults_and_renames(files: dict[str, str]) -> None:
    pets = files["zoo_client/resources/pets.py"]
    assert "    def list_pets(\n        self,\n        *,\n" in pets
    assert "        limit: int = 20,\n" in pets
    assert (
        '        Returns "all" pets \\\\ no matter what.\n\n        Args:\n            limit: How many. At most 100.\n'
        in pets
    )
    assert '        status: Literal["available", "sold"] | None = None,\n' in pets
    # the paginator moves `page` on; a caller may still start (resume) from one
    assert "        page: int | None = None,\n" in pets.split("def list_pets")[1]
    assert "        self_: bool | None = None,\n" in pets
    assert '        body_: str = "x\\"\'\\n",\n' in pets
    assert (
        "        count: int | None = None,\n" in pets
    )  # a default of the wrong type is dropped
    assert "        trace_query: str | None = None,\n" in pets
    assert "        trace_header: str | None = None,\n" in pets
    assert (
        "    def get_photo(\n        self, pet_id: int, photo_id: str, **options: Unpack[RequestOptions]\n    ) -> "
        in pets
    )
    # `result: T = ...` would not fit: black and ruff break that differently, so a cast.
    assert 'return cast(\n            "models.AReallyQuite' in pets
    assert 'build_path("/pets/{}/photos/{}", pet_id, photo_id)' in pets
    assert (
        "    def delete_pets_by_id(self, id_: str, **options: Unpack[RequestOptions]) -> None:\n"
        '        self._client.rest.call(\n            "DELETE", build_path("/pets/{}", id_), accept=None,'
        in pets
    )
    forms = files["zoo_client/resources/class_.py"]
    assert "body: models.SimpleUser_" in forms and "body=body" in forms
    assert 'content_type="application/x-www-form-urlencoded"' in forms


@pytest.fixture(scope="module")
def package(outdir: Path) -> object:
    return import_generated(outdir, "zoo_client")


def test_import_is_lazy(outdir: Path) -> None:
    code = (
        "import sys, zoo_client\n"
        "assert 'zoo_client.client' not in sys.modules\n"
        "assert 'zoo_client.models' not in sys.modules\n"
        "client = zoo_client.Client()\n"
        "assert 'zoo_client.resources.pets' not in sys.modules\n"
        "client.pets\n"
        "assert 'zoo_client.resources.pets' in sys.modules\n"
        "assert client.pets is client.pets\n"
        "assert 'zoo_client.models' not in sys.modules\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=outdir, capture_output=True, text=True
    )
    assert result.stdout.strip() == "ok", result.stderr


def test_client_defaults_and_credentials(package: object) -> None:
    from restwright_runtime.auth import (
        APIKeyAuth,
        BearerTokenAuth,
        HttpBasicAuth,
        OAuth2ClientCredentials,
    )

    client_cls = getattr(package, "Client")
    assert client_cls().base_url == "https://zoo.example.com/v1"
    assert isinstance(client_cls(token="t").rest.auth, BearerTokenAuth)
    key = client_cls(api_key="k").rest.auth
    assert isinstance(key, APIKeyAuth) and key.name == 'X-"Key"'
    assert isinstance(client_cls(username="u", password="p").rest.auth, HttpBasicAuth)
    oauth = client_cls(
        "https://other.example.com/api", client_id="i", client_secret="s"
    ).rest.auth
    assert isinstance(oauth, OAuth2ClientCredentials)
    assert oauth.access_token_url == "https://other.example.com/oauth/token"


def test_generated_package_is_black_stable(outdir: Path) -> None:
    result = run_black_check(outdir)
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_package_passes_mypy_strict(outdir: Path) -> None:
    result = run_mypy(outdir, "zoo_client")
    assert result.returncode == 0, result.stdout + result.stderr


def test_special_bodies_and_enums() -> None:
    from restwright.render import render_package_with_diagnostics

    form = RequestBody(
        "application/x-www-form-urlencoded", NamedType("simple_user"), False, L
    )
    ops = [
        Operation(
            "get",
            "/a",
            "getA",
            L,
            request_body=form,
            responses=(Response("200", L, "application/json", STR),),
        ),
        Operation(
            "post",
            "/b",
            "postB",
            L,
            request_body=form,
            responses=(Response("200", L, "application/json", STR),),
        ),
        Operation(
            "get",
            "/c",
            "getC",
            L,
            parameters=(
                Parameter("ratio", "query", False, LiteralType((0.5, 1, None)), L),
            ),
            responses=(Response("200", L, "application/json", STR),),
        ),
    ]
    model = ApiModel(
        "T", "1", "openapi-3.0", "spec.yaml", operations=ops, schemas=_schemas()
    )
    paged = PaginatorChoice("single_page")
    inference = {
        op.key: OperationInference(
            op.key, paged, DataSelectorChoice("$", STR), AuthChoice(())
        )
        for op in ops
    }
    files, warnings = render_package_with_diagnostics(model, inference, "special")
    client = files["special/client.py"]
    # a GET form body is not sent
    assert "def get_a(self, **options: Unpack[PageOptions]) -> Paged[str]:" in client
    # a url-encoded form body rides along every page; a multipart body cannot, and says so
    assert (
        "def post_b(" in client
        and "-> Paged[str]:" in client
        and "data=body," in client
    )
    assert warnings == []
    multipart = RequestBody("multipart/form-data", NamedType("simple_user"), False, L)
    ops[1] = replace(ops[1], request_body=multipart)
    model = replace(model, operations=ops)
    files, warnings = render_package_with_diagnostics(model, inference, "special")
    post_b = (
        files["special/client.py"].split("def post_b(", 1)[1].split("\n    def ", 1)[0]
    )
    assert ") -> str:" in post_b and "Paged" not in post_b
    assert [w.location for w in warnings] == [L]
    assert "ratio: float | None = None" in client
