"""A hand-written stand-in for a generated client on the issue-13 runtime API.

It is what the templates are expected to emit for each kind of operation (one line of
runtime call per method), exercised against a local server by `test_wire_client.py` and
checked with `mypy --strict` there, so the documented API is known to work and type-check.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, TypedDict
from urllib.parse import quote

from restwright_runtime import (
    BinaryResponse,
    EventStream,
    Paged,
    RawResponse,
    RESTClient,
    with_raw_response,
)
from restwright_runtime.bodies import FileTypes
from restwright_runtime.paginators import RecordCursorPaginator
from restwright_runtime.requests import Client as HTTPClient

if TYPE_CHECKING:
    import requests
    from typing_extensions import NotRequired, Unpack

    from restwright_runtime import PageOptions, RequestOptions


class Customer(TypedDict):
    id: str
    email: str


class CustomerCreate(TypedDict):
    email: str
    metadata: NotRequired[dict[str, str]]
    items: NotRequired[list[dict[str, Any]]]


class FileUpload(TypedDict):
    file: FileTypes
    purpose: str


# The spec's Encoding Object for the form body, as a literal.
_CREATE_ENCODING = {
    "metadata": {"style": "deepObject", "explode": True},
    "items": {"style": "deepObject", "explode": True},
}


class CustomersResource:
    """Operations tagged 'customers'."""

    def __init__(self, client: Client) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> CustomersWithRawResponse:
        """The same operations, returning `RawResponse` (status, headers, parsed value)."""
        return CustomersWithRawResponse(self)

    # (a) a JSON single call
    def get(
        self,
        customer: str,
        *,
        expand: list[str] | None = None,
        **options: Unpack[RequestOptions],
    ) -> Customer:
        """Retrieve a customer."""
        result: Customer = self._client.rest.call(
            "GET",
            f"/v1/customers/{quote(customer, safe='')}",
            params={"expand": expand},
            **options,
        )
        return result

    # (b) a form POST with nested fields
    def create(
        self, *, body: CustomerCreate, **options: Unpack[RequestOptions]
    ) -> Customer:
        """Create a customer."""
        result: Customer = self._client.rest.call(
            "POST",
            "/v1/customers",
            body=body,
            content_type="application/x-www-form-urlencoded",
            encoding=_CREATE_ENCODING,
            **options,
        )
        return result

    # (e) a 204 delete
    def delete(self, customer: str, **options: Unpack[RequestOptions]) -> None:
        """Delete a customer."""
        self._client.rest.call(
            "DELETE",
            f"/v1/customers/{quote(customer, safe='')}",
            accept=None,
            **options,
        )

    # (g) a paged list the caller can resume from a cursor
    def list(
        self,
        *,
        email: str | None = None,
        limit: int | None = None,
        starting_after: str | None = None,
        **options: Unpack[PageOptions],
    ) -> Paged[Customer]:
        """List customers."""
        return Paged(
            self._client.rest,
            "/v1/customers",
            params={"email": email, "limit": limit, "starting_after": starting_after},
            paginator=RecordCursorPaginator(
                cursor_param="starting_after", has_more_path="has_more"
            ),
            data_selector="data",
            **options,
        )


class FilesResource:
    """Operations tagged 'files'."""

    def __init__(self, client: Client) -> None:
        self._client = client

    # (c) a multipart upload
    def upload(
        self, *, body: FileUpload, **options: Unpack[RequestOptions]
    ) -> dict[str, Any]:
        """Upload a file."""
        result: dict[str, Any] = self._client.rest.call(
            "POST",
            "/v1/files",
            body=body,
            content_type="multipart/form-data",
            **options,
        )
        return result

    # (d) a binary download
    def download(self, file: str, **options: Unpack[RequestOptions]) -> BinaryResponse:
        """Download a file's contents."""
        result: BinaryResponse = self._client.rest.call(
            "GET",
            f"/v1/files/{quote(file, safe='')}/contents",
            accept="application/pdf",
            **options,
        )
        return result

    # (f) a server-sent events stream
    def events(self, **options: Unpack[RequestOptions]) -> EventStream:
        """Stream file events."""
        result: EventStream = self._client.rest.call(
            "GET", "/v1/files/events", accept="text/event-stream", **options
        )
        return result


# (h) raw access: one line per operation, types inferred from the methods themselves.
class CustomersWithRawResponse:
    def __init__(self, resource: CustomersResource) -> None:
        self.get = with_raw_response(resource.get)
        self.create = with_raw_response(resource.create)
        self.delete = with_raw_response(resource.delete)


class Client:
    """Client for a payments-like API."""

    def __init__(
        self,
        base_url: str,
        *,
        session: requests.Session | None = None,
        timeout: float = 60.0,
        max_attempts: int = 5,
    ) -> None:
        # A caller's session is wrapped (retries, User-Agent), never used bare.
        session = HTTPClient(
            request_timeout=timeout,
            request_max_attempts=max_attempts,
            raise_for_status=False,
            session=session,
        ).session
        self.rest = RESTClient(base_url, session=session)
        self.rest.idempotency_header = "Idempotency-Key"  # the API declares one

    @cached_property
    def customers(self) -> CustomersResource:
        return CustomersResource(self)

    @cached_property
    def files(self) -> FilesResource:
        return FilesResource(self)


def _types_as_users_see_them(client: Client) -> None:
    """Never run: mypy checks that each call returns what its annotation promises."""
    raw: RawResponse[Customer] = client.customers.with_raw_response.get("cus_1")
    etag: str | None = raw.headers.get("ETag")
    customer: Customer = raw.parsed
    nothing: RawResponse[None] = client.customers.with_raw_response.delete("cus_1")
    first: Customer = next(iter(client.customers.list(starting_after="cus_9")))
    with client.files.download("f_1") as download:
        download.write_to("/tmp/f_1.pdf")
    for event in client.files.events(timeout=30):
        payload: Any = event.json()
    print(etag, customer, nothing, first, payload)
