"""dlt's paginators (same names, parameters and defaults), plus `RecordCursorPaginator`.

Every paginator speaks three verbs: `init_request` before the first request, `update_state` with
each response and its records, `update_request` to turn the request into the next one. The client
gives each pagination a fresh copy, so state never leaks between calls.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, Mapping
from urllib.parse import urljoin, urlparse

from .exceptions import PaginatorError
from .jsonpath import CompiledPath, PathLike, compile_path

if TYPE_CHECKING:
    from requests import Request, Response

__all__ = [
    "BasePaginator",
    "SinglePagePaginator",
    "RangePaginator",
    "PageNumberPaginator",
    "OffsetPaginator",
    "BaseReferencePaginator",
    "BaseNextUrlPaginator",
    "HeaderLinkPaginator",
    "JSONLinkPaginator",
    "JSONResponsePaginator",
    "JSONResponseCursorPaginator",
    "HeaderCursorPaginator",
    "RecordCursorPaginator",
    "create_paginator",
    "response_json",
]

_JSON_ATTRIBUTE = "_restwright_json"


def response_json(response: "Response") -> Any:
    """The response's decoded body: the client's cached parse when there is one, else `.json()`."""
    try:
        return getattr(response, _JSON_ATTRIBUTE)
    except AttributeError:
        return response.json()


def cache_response_json(response: "Response", document: Any) -> None:
    """Remember the decoded body so paginators and selectors never parse it twice."""
    setattr(response, _JSON_ATTRIBUTE, document)


def _truthy(value: Any) -> bool | None:
    """dlt's has_more reading: booleans as is, "true"/"false"-like strings, anything else None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "yes", "y", "1", "on", "t"):
            return True
        if lowered in ("false", "no", "n", "0", "off", "f"):
            return False
    return None


_STR_TRUE = ("yes", "true", "t", "y", "1")
_STR_FALSE = ("no", "false", "f", "n", "0")


def _strict_has_more(path: CompiledPath, document: Any, owner: object) -> bool:
    """dlt's strict has_more reading: a boolean, or a string dlt's `str2bool` knows; else an error.

    Missing or null raises too: a `has_more_path` that never matches (a typo) would otherwise
    be ignored silently.
    """
    value = path.first(document)
    if isinstance(value, bool):
        return value
    if value is None:
        raise PaginatorError(
            f"Has more value not found in the response in `{type(owner).__name__}`. "
            f"Expected a response with a `{path}` key, got `{document}`."
        )
    if isinstance(value, str):
        if value.lower() in _STR_TRUE:
            return True
        if value.lower() in _STR_FALSE:
            return False
    raise PaginatorError(
        f"'{path}' is not a `bool` in the response in `{type(owner).__name__}`."
        f" Expected a boolean, got `{value}`"
    )


def _is_reference(value: Any) -> bool:
    """A cursor worth sending: not null, "" or false; 0 is a cursor (`0 == False` in Python)."""
    return value is not None and value is not False and value != ""


class _Target:
    """Where a value (page, offset, limit, cursor) goes: a query parameter or a JSON body path.

    `names` are the two arguments' names for dlt's error when both or neither (or an empty
    one) are given; None with both empty picks `default` as the parameter (dlt's fallback).
    """

    def __init__(
        self,
        param: str | None,
        body_path: str | None,
        default: str | None,
        names: tuple[str, str],
    ) -> None:
        if param is None and body_path is None and default is not None:
            param = default
        elif bool(param) == bool(body_path):
            # dlt's rule: exactly one, and not empty (an empty name would send `?=2`).
            raise PaginatorError(
                f"Either '{names[0]}' or '{names[1]}' must be provided, not both."
            )
        self.param = param
        self.body_path = body_path
        self._body = compile_path(body_path) if body_path else None

    def apply(self, request: "Request", value: Any) -> None:
        """Put `value` into `request`."""
        if self._body is not None:
            if request.json is None:
                request.json = {}
            self._body.set(request.json, value)
        else:
            if request.params is None:
                request.params = {}
            request.params[self.param] = value

    def read(self, request: "Request") -> Any:
        """The value the caller already put at this target (None when unset)."""
        if self._body is not None:
            return self._body.first(request.json) if request.json is not None else None
        if self.param is not None and isinstance(request.params, Mapping):
            return request.params.get(self.param)
        return None

    def caller_int(self, request: "Request") -> int | None:
        """The caller's starting value here as an integer (page, offset, page size)."""
        value = self.read(request)
        if value is None:
            return None
        try:
            if isinstance(value, bool):
                raise ValueError
            return int(value)
        except (TypeError, ValueError):
            raise PaginatorError(
                f"the starting value {value!r} given for '{self}' is not an integer"
            ) from None

    def __str__(self) -> str:
        return str(self.param or self.body_path)


class BasePaginator(ABC):
    """Base of every paginator: subclasses implement `update_state` and `update_request`."""

    def __init__(self) -> None:
        self._has_next_page = True

    @property
    def has_next_page(self) -> bool:
        """Whether another page should be requested."""
        return self._has_next_page

    def init_request(self, request: "Request") -> None:  # noqa: B027 - optional hook
        """Prepare the first request (initial page, cursor...); a no-op by default."""

    @abstractmethod
    def update_state(self, response: "Response", data: list[Any] | None = None) -> None:
        """Read the next-page reference from `response` and set `_has_next_page`."""

    @abstractmethod
    def update_request(self, request: "Request") -> None:
        """Turn `request` into the request for the next page."""

    def __str__(self) -> str:
        return f"{type(self).__name__} at {id(self):x}"


class SinglePagePaginator(BasePaginator):
    """The whole result is one page."""

    def update_state(self, response: "Response", data: list[Any] | None = None) -> None:
        self._has_next_page = False

    def update_request(self, request: "Request") -> None:
        return


class RangePaginator(BasePaginator):
    """A numeric parameter (page number, offset) stepped until a stop condition holds.

    Stops on: an empty page (`stop_after_empty_page`), the total reached, the maximum reached,
    or `has_more` false. A has_more flag that is missing or not a boolean raises, as in dlt.
    A null or missing total falls back to the other stop conditions when there are any (dlt
    raises): `total_path` defaults to "total", so APIs that omit a costly count on some pages
    still page to the end; with no other condition it raises, as nothing else would stop.
    """

    def __init__(
        self,
        param_name: str | None,
        initial_value: int,
        value_step: int,
        base_index: int = 0,
        maximum_value: int | None = None,
        total_path: PathLike | None = None,
        error_message_items: str = "items",
        stop_after_empty_page: bool | None = True,
        has_more_path: PathLike | None = None,
        param_body_path: str | None = None,
        maximum_name: str = "maximum_value",
    ) -> None:
        """`maximum_name` is the subclass's name for `maximum_value`, for the error message."""
        super().__init__()
        if (
            total_path is None
            and maximum_value is None
            and has_more_path is None
            and not stop_after_empty_page
        ):
            raise PaginatorError(
                f"One of `total_path`, `{maximum_name}`, `has_more_path`, or"
                " `stop_after_empty_page` must be provided."
            )
        self._target = _Target(
            param_name, param_body_path, None, ("param_name", "param_body_path")
        )
        self.param_name = param_name
        self.param_body_path = param_body_path
        self.initial_value = initial_value
        self.current_value = initial_value
        self.value_step = value_step
        self.base_index = base_index
        self.maximum_value = maximum_value
        self.total_path = compile_path(total_path) if total_path else None
        self.error_message_items = error_message_items
        self.stop_after_empty_page = stop_after_empty_page
        self.has_more_path = compile_path(has_more_path) if has_more_path else None
        # The request this paginator last wrote its value into, and the value.
        self._written: tuple[int, int] | None = None

    def init_request(self, request: "Request") -> None:
        # The caller's value wins on the first request: a pagination resumed at page 7
        # starts at page 7 and counts on from there. A value this paginator wrote itself into
        # the same request (a request object reused for a new pagination) is no caller's: the
        # pagination restarts at the initial value, as in dlt.
        self._has_next_page = True
        start = self._target.caller_int(request)
        if self._written == (id(request), start):
            start = None
        self.current_value = self.initial_value if start is None else start
        self.update_request(request)

    def update_state(self, response: "Response", data: list[Any] | None = None) -> None:
        if self.stop_after_empty_page and not data:
            self._has_next_page = False
            return
        document = (
            response_json(response) if self.total_path or self.has_more_path else None
        )
        total = self._read_total(document) if self.total_path else None
        self.current_value += self._step(data)
        if (total is not None and self.current_value >= total + self.base_index) or (
            self.maximum_value is not None and self.current_value >= self.maximum_value
        ):
            self._has_next_page = False
        if self.has_more_path is not None:
            has_more = _strict_has_more(self.has_more_path, document, self)
            self._has_next_page = self._has_next_page and has_more

    def _step(self, data: list[Any] | None) -> int:
        """How far the value moves after a page (`value_step`; offsets override)."""
        return self.value_step

    def _read_total(self, document: Any) -> int | None:
        assert self.total_path is not None
        total = self.total_path.first(document)
        if total is None and not self._stops_without_total():
            raise PaginatorError(
                f"Total `{self.error_message_items}` not found in the response in"
                f" `{type(self).__name__}`. Expected a response with a"
                f" `{self.total_path}` key, got `{document}`."
            )
        if total is None or isinstance(total, bool):
            return None
        try:
            return int(total)
        # OverflowError: an infinite float, which a custom `response_json` may hand over.
        except (TypeError, ValueError, OverflowError):
            raise PaginatorError(
                f"'{self.total_path}' is not an `int` in the response in"
                f" `{type(self).__name__}`. Expected an integer, got `{total!r}`"
            ) from None

    def _stops_without_total(self) -> bool:
        """Whether a condition other than the total can end the pagination."""
        return bool(
            self.stop_after_empty_page
            or self.maximum_value is not None
            or self.has_more_path is not None
        )

    def update_request(self, request: "Request") -> None:
        self._target.apply(request, self.current_value)
        self._written = (id(request), self.current_value)


class PageNumberPaginator(RangePaginator):
    """Increments a page number (query parameter or body path) until a stop condition holds."""

    def __init__(
        self,
        base_page: int = 0,
        page: int | None = None,
        page_param: str | None = None,
        total_path: PathLike | None = "total",
        maximum_page: int | None = None,
        stop_after_empty_page: bool | None = True,
        has_more_path: PathLike | None = None,
        page_body_path: str | None = None,
    ) -> None:
        page_target = _Target(
            page_param, page_body_path, "page", ("page_param", "page_body_path")
        )
        super().__init__(
            param_name=page_target.param,
            param_body_path=page_target.body_path,
            initial_value=page if page is not None else base_page,
            base_index=base_page,
            total_path=total_path,
            value_step=1,
            maximum_value=maximum_page,
            error_message_items="pages",
            stop_after_empty_page=stop_after_empty_page,
            has_more_path=has_more_path,
            maximum_name="maximum_page",
        )

    def __str__(self) -> str:
        return (
            f"{super().__str__()}: current page: {self.current_value}"
            f" page_param: {self._target} total_path: {self.total_path}"
            f" maximum_value: {self.maximum_value} has_more_path: {self.has_more_path}"
        )


class OffsetPaginator(RangePaginator):
    """Steps an offset (query parameters or body paths) until a stop condition holds.

    The offset advances by the number of records the page held, not by `limit` as in dlt: a
    server that caps the page size (asked 100, sends 50) or shrinks it mid-way would otherwise
    have `offset + limit` skip the records in between, silently. A page larger than `limit`
    (a server ignoring it) advances past all it sent, so nothing is yielded twice. An empty
    page (only paged through with `stop_after_empty_page=False`) advances by `limit`. The
    trade-off: an API whose offset counts rows it then filters out of the page would see some
    rows again; duplicates are visible downstream, skipped records are not.
    """

    def __init__(
        self,
        limit: int,
        offset: int = 0,
        offset_param: str | None = None,
        limit_param: str | None = None,
        total_path: PathLike | None = "total",
        maximum_offset: int | None = None,
        stop_after_empty_page: bool | None = True,
        has_more_path: PathLike | None = None,
        offset_body_path: str | None = None,
        limit_body_path: str | None = None,
    ) -> None:
        offset_target = _Target(
            offset_param,
            offset_body_path,
            "offset",
            ("offset_param", "offset_body_path"),
        )
        self._limit_target = _Target(
            limit_param, limit_body_path, "limit", ("limit_param", "limit_body_path")
        )
        super().__init__(
            param_name=offset_target.param,
            param_body_path=offset_target.body_path,
            initial_value=offset,
            total_path=total_path,
            value_step=limit,
            maximum_value=maximum_offset,
            stop_after_empty_page=stop_after_empty_page,
            has_more_path=has_more_path,
            maximum_name="maximum_offset",
        )
        # After the base's checks, so that their messages come first, as before.
        # 0 is dlt's too (some APIs read it as "the server's default size"); the offset then
        # advances by the records each page held.
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
            raise PaginatorError(
                f"`limit` must be a non-negative integer, got {limit!r}"
            )
        self.limit = limit
        self.limit_param = self._limit_target.param
        self.limit_body_path = self._limit_target.body_path

    def _step(self, data: list[Any] | None) -> int:
        return len(data) if data else self.limit

    def init_request(self, request: "Request") -> None:
        # A page size the caller set (`maxResults=10` in a POST body) is kept on every page.
        size = self._limit_target.caller_int(request)
        if size is not None:
            if size <= 0:
                raise PaginatorError(
                    f"the page size given for '{self._limit_target}' must be positive,"
                    f" got {size}"
                )
            self.limit = size
        super().init_request(request)

    def update_request(self, request: "Request") -> None:
        super().update_request(request)
        self._limit_target.apply(request, self.limit)

    def __str__(self) -> str:
        return (
            f"{super().__str__()}: current offset: {self.current_value}"
            f" offset_param: {self._target} limit: {self.limit}"
            f" total_path: {self.total_path} maximum_value: {self.maximum_value}"
            f" has_more_path: {self.has_more_path}"
        )


class BaseReferencePaginator(BasePaginator):
    """A paginator following a reference (URL or cursor); no reference means no next page.

    An empty string counts as no reference: APIs send `"next": ""` on their last page.
    """

    def __init__(self) -> None:
        super().__init__()
        self.__next_reference: Any = None

    def init_request(self, request: "Request") -> None:
        self._next_reference = None
        self._has_next_page = True

    @property
    def _next_reference(self) -> Any:
        return self.__next_reference

    @_next_reference.setter
    def _next_reference(self, value: Any) -> None:
        if value == "" or value is False:
            value = None
        self.__next_reference = value
        self._has_next_page = value is not None


class BaseNextUrlPaginator(BaseReferencePaginator):
    """Follows a next-page URL (absolute or relative to the current request).

    `stop_after_empty_page` (ours, keyword-only, off as dlt behaves) ends the pagination at a
    page without records even when it links a next one: some APIs always send `rel="next"`
    and mark the end only by an empty page.
    """

    def __init__(self, *, stop_after_empty_page: bool = False) -> None:
        super().__init__()
        self.stop_after_empty_page = stop_after_empty_page

    def _follow(self, reference: Any, data: list[Any] | None) -> None:
        """Take `reference` as the next page, unless this empty page is the end."""
        if self.stop_after_empty_page and not data:
            reference = None
        self._next_reference = reference

    def update_request(self, request: "Request") -> None:
        reference = self._next_reference
        if reference is None:
            return
        reference = str(reference)
        if not urlparse(reference).scheme:
            reference = urljoin(request.url, reference)
        request.url = reference
        # The link carries its own query: keeping params would append them a second time.
        request.params = None


class HeaderLinkPaginator(BaseNextUrlPaginator):
    """Follows the `Link` header's `rel="next"` URL (GitHub style)."""

    def __init__(
        self, links_next_key: str = "next", *, stop_after_empty_page: bool = False
    ) -> None:
        super().__init__(stop_after_empty_page=stop_after_empty_page)
        self.links_next_key = links_next_key

    def update_state(self, response: "Response", data: list[Any] | None = None) -> None:
        self._follow(response.links.get(self.links_next_key, {}).get("url"), data)

    def __str__(self) -> str:
        return f"{super().__str__()}: links_next_key: {self.links_next_key}"


class JSONLinkPaginator(BaseNextUrlPaginator):
    """Follows a next-page URL found in the JSON body at `next_url_path`."""

    def __init__(
        self, next_url_path: PathLike = "next", *, stop_after_empty_page: bool = False
    ) -> None:
        super().__init__(stop_after_empty_page=stop_after_empty_page)
        self.next_url_path = compile_path(next_url_path)

    def update_state(self, response: "Response", data: list[Any] | None = None) -> None:
        value = self.next_url_path.first(response_json(response))
        self._follow(value if isinstance(value, str) else None, data)

    def __str__(self) -> str:
        return f"{super().__str__()}: next_url_path: {self.next_url_path}"


class JSONResponsePaginator(JSONLinkPaginator):
    """dlt's former name of `JSONLinkPaginator`, kept so old imports keep working."""


class JSONResponseCursorPaginator(BaseReferencePaginator):
    """Sends the cursor found at `cursor_path` in the body as `cursor_param` (or in the body).

    Stops when there is no cursor; with `stop_after_empty_page`, after a page without records;
    with `has_more_path`, when that flag is false. As in dlt, a configured flag that is missing
    or not a boolean (nor a "true"/"false"-like string) is an error, not a guess.
    """

    def __init__(
        self,
        cursor_path: PathLike = "cursors.next",
        cursor_param: str | None = None,
        cursor_body_path: str | None = None,
        *,
        stop_after_empty_page: bool = False,
        has_more_path: PathLike | None = None,
    ) -> None:
        super().__init__()
        self.cursor_path = compile_path(cursor_path)
        self._target = _Target(
            cursor_param,
            cursor_body_path,
            "cursor",
            ("cursor_param", "cursor_body_path"),
        )
        self.cursor_param = self._target.param
        self.cursor_body_path = self._target.body_path
        self.stop_after_empty_page = stop_after_empty_page
        self.has_more_path = compile_path(has_more_path) if has_more_path else None

    def update_state(self, response: "Response", data: list[Any] | None = None) -> None:
        document = response_json(response)
        value = self.cursor_path.first(document)
        self._next_reference = value if _is_reference(value) else None
        if self.stop_after_empty_page and not data:
            self._has_next_page = False
            return
        if self.has_more_path is not None:
            has_more = _strict_has_more(self.has_more_path, document, self)
            self._has_next_page = self._has_next_page and has_more

    def update_request(self, request: "Request") -> None:
        if self._next_reference is not None:
            self._target.apply(request, self._next_reference)

    def __str__(self) -> str:
        return (
            f"{super().__str__()}: cursor_path: {self.cursor_path}"
            f" cursor_param: {self.cursor_param} cursor_body_path: {self.cursor_body_path}"
            f" stop_after_empty_page: {self.stop_after_empty_page}"
            f" has_more_path: {self.has_more_path}"
        )


class HeaderCursorPaginator(BaseReferencePaginator):
    """Sends the cursor found in response header `cursor_key` as query parameter `cursor_param`."""

    def __init__(self, cursor_key: str = "next", cursor_param: str = "cursor") -> None:
        super().__init__()
        self.cursor_key = cursor_key
        self.cursor_param = cursor_param
        self._target = _Target(
            cursor_param, None, None, ("cursor_param", "cursor_body_path")
        )

    def update_state(self, response: "Response", data: list[Any] | None = None) -> None:
        self._next_reference = response.headers.get(self.cursor_key)

    def update_request(self, request: "Request") -> None:
        if self._next_reference is not None:
            self._target.apply(request, self._next_reference)

    def __str__(self) -> str:
        return f"{super().__str__()}: cursor_key: {self.cursor_key} cursor_param: {self.cursor_param}"


class RecordCursorPaginator(BaseReferencePaginator):
    """The next cursor is a field of the page's last record (Stripe `starting_after`, OpenAI `after`).

    Stops on an empty page, on `has_more_path` false, or when the last record has no cursor field.
    """

    def __init__(
        self,
        cursor_param: str | None = None,
        cursor_field: str = "id",
        has_more_path: PathLike | None = None,
        cursor_body_path: str | None = None,
    ) -> None:
        super().__init__()
        self._target = _Target(
            cursor_param,
            cursor_body_path,
            "starting_after",
            ("cursor_param", "cursor_body_path"),
        )
        self.cursor_param = self._target.param
        self.cursor_body_path = self._target.body_path
        self.cursor_field = compile_path(cursor_field)
        self.has_more_path = compile_path(has_more_path) if has_more_path else None

    def update_state(self, response: "Response", data: list[Any] | None = None) -> None:
        if not data:
            self._next_reference = None
            return
        if self.has_more_path is not None:
            if _truthy(self.has_more_path.first(response_json(response))) is False:
                self._next_reference = None
                return
        value = self.cursor_field.first(data[-1])
        self._next_reference = value if _is_reference(value) else None

    def update_request(self, request: "Request") -> None:
        if self._next_reference is not None:
            self._target.apply(request, self._next_reference)

    def __str__(self) -> str:
        return (
            f"{super().__str__()}: cursor_field: {self.cursor_field}"
            f" cursor_param: {self.cursor_param} has_more_path: {self.has_more_path}"
        )


PAGINATOR_TYPES: Mapping[str, type[BasePaginator]] = {
    "single_page": SinglePagePaginator,
    "json_link": JSONLinkPaginator,
    "json_response": JSONLinkPaginator,
    "header_link": HeaderLinkPaginator,
    "offset": OffsetPaginator,
    "page_number": PageNumberPaginator,
    "cursor": JSONResponseCursorPaginator,
    "header_cursor": HeaderCursorPaginator,
    "record_cursor": RecordCursorPaginator,
}


def create_paginator(config: str | Mapping[str, Any] | BasePaginator) -> BasePaginator:
    """A paginator from dlt's vocabulary: a type string or a dict with a `type` key.

    Raises PaginatorError for unknown types and parameters the paginator does not take.
    """
    if isinstance(config, BasePaginator):
        return config
    if isinstance(config, str):
        kind, parameters = config, {}
    else:
        parameters = dict(config)
        kind = parameters.pop("type", None)
    if not isinstance(kind, str) or kind not in PAGINATOR_TYPES:
        known = ", ".join(sorted(PAGINATOR_TYPES))
        raise PaginatorError(
            f"unknown paginator type {kind!r}; expected one of: {known}"
        )
    try:
        return PAGINATOR_TYPES[kind](**parameters)
    except TypeError as error:
        raise PaginatorError(
            f"bad parameters for paginator {kind!r}: {error}"
        ) from None
