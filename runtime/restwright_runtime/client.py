"""dlt's `RESTClient` and `paginate`, loop-safe, with one parse per page and no leaked credentials.

Differences from dlt, all deliberate:
- every pagination works on a fresh copy of the paginator, the params and the body;
- `PageData.request` is the request that produced the page (dlt hands out the next one);
- a request identical to one already made ends with `PaginationLoopError` instead of looping,
  and so does a page whose body repeats the previous page's byte for byte (a server ignoring
  the offset or page number), before its records are yielded twice; after an empty page, a
  repeated request is the end of the stream instead (Box's `/events` hands back the cursor
  it was sent once nothing is left);
- a page that fails (transport error after every retry, HTTP error, non-JSON body, a 2xx
  error object without records) raises an error naming the page number and the cause; a
  transport error keeps its `requests` type (`PageRequestError` mixed in);
- a next link or a redirect to another origin is followed without credentials (the auth's
  headers, query parameters and cookies, and every credential-looking header);
- errors and log lines show redacted URLs only; a transport error of a single request keeps
  its `requests` type too (`PageRequestError` mixed in, without a page number).
"""

from __future__ import annotations

import copy
import hashlib
import logging
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    Generic,
    Iterable,
    Iterator,
    List,
    Mapping,
    TypeVar,
)
from urllib.parse import urlsplit

from requests import PreparedRequest, Request, RequestException, Response, Session
from requests.auth import AuthBase

from .credentials import (
    guard_session,
    leaves_origin,
    register_auth_names,
    remember_origin,
    sensitive_names,
    strip_credentials,
)
from .calls import Timeout, call_operation, query_params, send_options
from .detector import (
    PaginatorFactory,
    PaginatorFactoryLike,
    detect_data_selector,
    detect_with,
)
from .error_redaction import redacts_errors
from .exceptions import (
    TOKEN_LIMIT,
    HTTPError,
    IgnoreResponseException,
    PaginationLoopError,
    PaginatorNotFound,
    ResponseBodyError,
    ResponseDecodeError,
    ResponseTooLargeError,
)
from .idempotency import take_retry_options
from .json_decode import loads
from .redact import shorten
from .jsonpath import CompiledPath, PathLike, compile_path
from .limits import UNSET, ResponseLimits, limit_session, session_limits, using_limits
from .page_errors import name_page_in_http_error, page_request_error
from .paginators import BasePaginator, cache_response_json
from .typing import Hooks
from .utils import join_url

if TYPE_CHECKING:
    from .requests import ErrorBody

__all__ = ["PageData", "Paged", "RESTClient", "paginate", "join_url", "Hooks"]

logger = logging.getLogger("restwright_runtime")

T = TypeVar("T")


class PageData(List[T]):
    """A page of records, with the request, response, paginator and auth that produced it."""

    def __init__(
        self,
        __iterable: Iterable[T],
        request: Request,
        response: Response,
        paginator: BasePaginator,
        auth: AuthBase | None,
    ) -> None:
        super().__init__(__iterable)
        self.request = request
        self.response = response
        self.paginator = paginator
        self.auth = auth


def _redact(url: str, names: Iterable[str]) -> str:
    from .redact import redact_url

    return redact_url(url, names)


class _WithoutCredentials(AuthBase):
    """Used instead of the auth on a request to another origin: drops credential headers too.

    Being an auth object, it also stops `requests` from applying the session's own auth.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self.names = tuple(names)

    def sensitive_names(self) -> tuple[str, ...]:
        return self.names

    def __call__(self, request: PreparedRequest) -> PreparedRequest:
        strip_credentials(request, self.names)
        return request


def _copy_request(request: Request) -> Request:
    """A copy whose params, headers and body can be changed without touching the original."""
    clone = copy.copy(request)
    clone.params = (
        dict(request.params) if isinstance(request.params, Mapping) else request.params
    )
    clone.headers = dict(request.headers) if request.headers else request.headers
    if request.json is not None:
        clone.json = copy.deepcopy(request.json)
    if isinstance(request.data, (dict, list)):
        clone.data = copy.deepcopy(request.data)
    return clone


def _signature(prepared: PreparedRequest) -> bytes:
    """A fixed-size digest of method, URL and body: what the loop guard remembers per page.

    Never the request itself: a cursor that grows with every page (1 MB a page was seen)
    would make the set of seen requests grow quadratically.
    """
    digest = hashlib.blake2b(digest_size=16)
    for part in (prepared.method or "GET", prepared.url or "", prepared.body):
        if isinstance(part, str):
            part = part.encode("utf-8", "surrogatepass")
        digest.update(part if isinstance(part, bytes) else b"")
        digest.update(b"\0")  # a separator: "GET" + "/x" never equals "GE" + "T/x"
    return digest.digest()


def replace_server(url: str, server_urls: Mapping[str, str | None]) -> str:
    """`url` with the longest matching key of `server_urls` (whole path segments) replaced.

    A key mapped to None is a server this client must not call unasked (its base URL was moved:
    staging, an Enterprise host), so that its credentials never reach the spec's own host.
    """
    for server in sorted(server_urls, key=len, reverse=True):
        stem = server.rstrip("/")
        if url == stem or url.startswith((stem + "/", stem + "?")):
            target = server_urls[server]
            if target is None:
                raise ValueError(
                    f"this operation is served by {server} (the spec says so), and this"
                    " client's base_url is not the spec's: pass servers={"
                    f"{server!r}: URL}} to the Client to say where it goes (its own URL to"
                    " keep it there, with this client's credentials)"
                )
            return target.rstrip("/") + url[len(stem) :]
    return url


class RESTClient:
    """A REST API client: `get`/`post`/`request` for single calls, `paginate` for every page.

    `data_selector` is a JSONPath to the records; with no paginator or selector, both are
    detected from the first response of each pagination (the paginator by `paginator_factory`
    when one is given, dlt's hook for custom detectors). `config` is dlt's
    `RuntimeConfiguration` (or a mapping): its `http_show_error_body` and
    `http_max_error_body_length` shape HTTP error messages; without it, the environment does.

    Ours, keyword-only: `max_pages` caps every pagination of this client (None: no cap; a
    `paginate` call's own `max_pages` wins); `request_deadline` and `max_response_size` set the
    response limits for this client's requests (see `requests.Client`), whether the session is
    its own or the caller's.
    """

    # The API's idempotency-key header (e.g. "Idempotency-Key"): set, every POST/PATCH sent
    # by `call` carries a fresh key, the same on each retry, and is retried like a GET.
    idempotency_header: str | None = None
    # Absolute server URLs (as a spec names them for some operations) → the URL to use
    # instead: a request for `<key>/path` goes to `<value>/path` (a staging or local host).
    # A server mapped to None is refused (see `replace_server`).
    server_urls: Mapping[str, str | None] = {}

    def __init__(
        self,
        base_url: str,
        headers: Mapping[str, str] | None = None,
        auth: AuthBase | None = None,
        paginator: BasePaginator | None = None,
        data_selector: PathLike | None = None,
        session: Session | None = None,
        paginator_factory: PaginatorFactoryLike | None = None,
        config: Any = None,
        *,
        max_pages: int | None = None,
        request_deadline: Any = UNSET,
        max_response_size: Any = UNSET,
    ) -> None:
        from .requests import ErrorBody

        if max_pages is not None and max_pages < 1:
            raise ValueError(
                f"max_pages must be at least 1 (or None), not {max_pages!r}"
            )
        self.base_url = base_url
        self.max_pages = max_pages
        # dlt's attribute name and default.
        self.pagination_factory: PaginatorFactoryLike = (
            paginator_factory or PaginatorFactory()
        )
        self.error_body: ErrorBody = ErrorBody.from_config(config)
        self.headers: Dict[str, str] | None = (
            dict(headers) if headers is not None else None
        )
        self.auth = auth
        limits = {
            name: value
            for name, value in (
                ("request_deadline", request_deadline),
                ("max_response_size", max_response_size),
            )
            if value is not UNSET
        }
        # Set only for a caller's session given explicit limits: they apply to this client's
        # requests, not to everyone else's using that session.
        self.response_limits: ResponseLimits | None = None
        if session is None:
            from .requests import Client

            session = Client(raise_for_status=False, **limits).session
        else:
            if getattr(session, "raise_for_status", False):
                logger.warning(
                    "The session passed to RESTClient raises for status itself; hooks such"
                    " as response actions will not see error responses."
                )
            # The caller's session, in place: its redirects keep credentials on their origin.
            guard_session(session)
            limit_session(session)
            if limits:
                self.response_limits = session_limits(session).updated(limits)
            from .redact import install_log_redaction

            install_log_redaction()
        self.session: Session = session
        register_auth_names(auth, session.auth)
        self.paginator = paginator
        self.data_selector = data_selector

    # --- single requests ---------------------------------------------------------------

    def _url(self, path: str) -> str:
        if urlsplit(path).scheme in ("http", "https"):
            return replace_server(path, self.server_urls)
        return join_url(self.base_url, path)

    def _create_request(
        self,
        path: str,
        method: str,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Any = None,
        auth: AuthBase | None = None,
        hooks: Hooks | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Request:
        if json is not None and data is not None:
            raise ValueError(  # dlt's text: code written for dlt may match on it
                "Cannot use both 'json' and 'data' parameters simultaneously. "
                "Use 'json' for JSON payloads or 'data' for form-encoded/raw data."
            )
        merged_headers = {**(self.headers or {}), **(headers or {})}
        return Request(
            method=method.upper(),
            url=self._url(path),
            headers=merged_headers,
            params=copy.deepcopy(dict(params)) if params is not None else {},
            json=copy.deepcopy(json) if json is not None else None,
            data=copy.deepcopy(data) if isinstance(data, (dict, list)) else data,
            auth=auth or self.auth,
            hooks=_copy_hooks(hooks),
        )

    def _send_request(self, request: Request, **kwargs: Any) -> Response:
        """Send one request; a transport error is re-raised redacted, keeping its type."""
        prepared = self.session.prepare_request(request)
        remember_origin(prepared, request.auth or self.session.auth)
        try:
            return self._send_prepared(prepared, **kwargs)
        except HTTPError:  # ours (a raising session): already redacted
            raise
        except RequestException as error:
            from .requests import attempts_made

            names = sensitive_names(request.auth, self.session.auth)
            raise page_request_error(
                error, None, prepared, names, attempts_made(error)
            ) from error

    @redacts_errors
    def _send_prepared(self, prepared: PreparedRequest, **kwargs: Any) -> Response:
        take_retry_options(prepared, kwargs)  # per-call max_attempts, idempotency
        send_kwargs: Dict[str, Any] = dict(
            self.session.merge_environment_settings(
                prepared.url,
                kwargs.pop("proxies", {}),
                kwargs.pop("stream", None),
                kwargs.pop("verify", None),
                kwargs.pop("cert", None),
            )
        )
        send_kwargs.update(kwargs)
        with using_limits(self.response_limits):
            return self.session.send(prepared, **send_kwargs)

    def request(self, path: str = "", method: str = "GET", **kwargs: Any) -> Response:
        """Send one request; returns the response whatever its status (dlt's semantics)."""
        call_auth = kwargs.pop("auth", None)
        if call_auth is not None:
            register_auth_names(call_auth)
        request = self._create_request(
            path=path,
            method=method,
            params=kwargs.pop("params", None),
            json=kwargs.pop("json", None),
            data=kwargs.pop("data", None),
            auth=call_auth,
            hooks=kwargs.pop("hooks", None),
            headers=kwargs.pop("headers", None),
        )
        return self._send_request(request, **kwargs)

    def get(
        self, path: str, params: Mapping[str, Any] | None = None, **kwargs: Any
    ) -> Response:
        """GET `path` (relative to `base_url`, or an absolute URL)."""
        return self.request(path, method="GET", params=params, **kwargs)

    def post(
        self, path: str, json: Any = None, data: Any = None, **kwargs: Any
    ) -> Response:
        """POST a JSON payload (`json=`) or form/raw data (`data=`), never both."""
        return self.request(path, method="POST", json=json, data=data, **kwargs)

    def request_json(
        self,
        path: str,
        method: str = "GET",
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        auth: AuthBase | None = None,
    ) -> Any:
        """One request, decoded: None for 204 or an empty body; raises HTTPError on non-2xx.

        `auth` replaces the client's auth for this request (an operation's own scheme).
        """
        from .requests import raise_for_status

        response = self.request(
            path,
            method=method,
            params=params,
            json=json,
            data=data,
            headers=headers,
            auth=auth,
        )
        names = sensitive_names(auth or self.auth, self.session.auth)
        raise_for_status(response, names, self.error_body)
        return _decode(response, names, page_number=None)

    # One operation of a generated client: bodies and responses by media type, options.
    call = call_operation

    # --- pagination ----------------------------------------------------------------------

    @redacts_errors
    def paginate(
        self,
        path: str = "",
        method: str = "GET",
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        auth: AuthBase | None = None,
        paginator: BasePaginator | None = None,
        data_selector: PathLike | None = None,
        hooks: Hooks | None = None,
        headers: Mapping[str, str] | None = None,
        *,
        data: Any = None,
        max_pages: int | None = None,
        **kwargs: Any,
    ) -> Iterator[PageData[Any]]:
        """Yield every page of `path` as `PageData`.

        Without `hooks`, a non-2xx response raises `HTTPError`; a response hook may raise
        `IgnoreResponseException` to end pagination quietly. `max_pages` caps the page count
        (default: the client's `max_pages`), stopping cleanly with a warning when the API had
        more; other keyword arguments (`timeout`, `verify`...) go to `Session.send`.
        """
        if max_pages is None:
            max_pages = self.max_pages
        if max_pages is not None and max_pages <= 0:
            return
        template = paginator if paginator is not None else self.paginator
        # A deep copy per call: a paginator shared by parent and child calls never leaks state.
        active = copy.deepcopy(template) if template is not None else None
        auth = auth or self.auth
        selector_text = data_selector or self.data_selector
        selector = compile_path(selector_text) if selector_text else None
        raise_errors = not (hooks and "response" in hooks)
        # A pagination reads: its POSTs are queries (search endpoints), safe to resend.
        kwargs.setdefault("replay_safe", True)
        names = register_auth_names(auth, self.session.auth)

        request = self._create_request(
            path, method, params, json, data, auth, hooks, headers
        )
        if active is not None:
            active.init_request(request)
        home_url = request.url
        seen: set[bytes] = set()
        previous_body: bytes | None = None
        previous_was_empty = False
        page_number = 0
        while True:
            page_number += 1
            prepared = self._prepare(request, home_url, names)
            signature = _signature(prepared)
            if signature in seen:
                if previous_was_empty:
                    # A stream's end (Box's /events): nothing new, so the cursor stays put.
                    logger.debug(
                        "page %d would repeat an earlier request after an empty page:"
                        " end of the stream",
                        page_number,
                    )
                    break
                raise PaginationLoopError(
                    f"page {page_number} would repeat an earlier request"
                    f" ({prepared.method} {_redact(prepared.url or '', names)});"
                    f" stopping instead of paging forever (paginator: {active})",
                    page_number=page_number,
                )
            seen.add(signature)
            response = self._fetch_page(
                prepared, page_number, names, raise_errors, kwargs
            )
            if response is None:
                break
            document = _decode(response, names, page_number)
            cache_response_json(response, document)
            if selector is None:
                selector = compile_path(detect_data_selector(document))
            matches = _select(selector, document)
            records = _records(matches)
            if not matches and isinstance(document, dict):
                _refuse_error_body(
                    selector,
                    document,
                    response,
                    names,
                    page_number,
                    self.error_body.shown(),
                )
            if (
                records
                and previous_body is not None
                and response.content == previous_body
            ):
                raise PaginationLoopError(
                    f"page {page_number} ({prepared.method}"
                    f" {_redact(prepared.url or '', names)}) repeats page"
                    f" {page_number - 1} byte for byte: the server ignored the request"
                    f" for the next page; stopping instead of yielding its records"
                    f" twice (paginator: {active})",
                    page_number=page_number,
                )
            previous_body = response.content if records else None
            previous_was_empty = not records
            if active is None:
                active = self._detect_paginator(response, document, records, names)
            active.update_state(response, records)
            page = PageData(
                records, request=request, response=response, paginator=active, auth=auth
            )
            if not active.has_next_page or (
                max_pages is not None and page_number >= max_pages
            ):
                if active.has_next_page:
                    logger.warning(
                        "stopped after %d pages (max_pages=%d) of %s %s; the API has more"
                        " pages",
                        page_number,
                        max_pages,
                        prepared.method,
                        shorten(_redact(prepared.url or "", names), TOKEN_LIMIT),
                    )
                yield page
                break
            request = _copy_request(request)
            active.update_request(request)
            yield page

    def _fetch_page(
        self,
        prepared: PreparedRequest,
        page_number: int,
        names: tuple[str, ...],
        raise_errors: bool,
        kwargs: Dict[str, Any],
    ) -> Response | None:
        """Send one page's request; None when a hook ignores it; errors name the page."""
        from .requests import attempts_made, raise_for_status

        try:
            response = self._send_prepared(prepared, **kwargs)
            if raise_errors:
                raise_for_status(response, names, self.error_body)
        except IgnoreResponseException:
            return None
        except HTTPError as error:  # ours, from raise_for_status or a raising session
            outcome = error.response if error.response is not None else error
            name_page_in_http_error(error, page_number, attempts_made(outcome))
            raise
        except ResponseTooLargeError as error:
            name_page_in_http_error(error, page_number, None)
            raise
        except RequestException as error:
            raise page_request_error(
                error, page_number, prepared, names, attempts_made(error)
            ) from error
        return response

    def _prepare(
        self,
        request: Request,
        home_url: str,
        names: tuple[str, ...],
    ) -> PreparedRequest:
        """Prepare `request`, without credentials when it leaves the first request's origin."""
        if leaves_origin(home_url, request.url):
            foreign = copy.copy(request)
            foreign.auth = _WithoutCredentials(names)
            prepared = self.session.prepare_request(foreign)
            remember_origin(prepared, foreign.auth)
            return prepared
        prepared = self.session.prepare_request(request)
        remember_origin(prepared, request.auth or self.session.auth)
        return prepared

    def extract_response(
        self, response: Response, data_selector: PathLike
    ) -> List[Any]:
        """The records `data_selector` selects in the response body (dlt's method)."""
        try:
            document = getattr(response, "_restwright_json")
        except AttributeError:
            document = _decode(response, (), page_number=None)
        return _extract(compile_path(data_selector), document)

    def detect_data_selector(self, response: Response) -> str:
        """The path to the records in `response` (dlt's method)."""
        return detect_data_selector(_decode(response, (), page_number=None))

    def detect_paginator(self, response: Response, data: Any) -> BasePaginator:
        """The paginator detected from `response` (dlt's method)."""
        document = _decode(response, (), page_number=None)
        records = data if isinstance(data, list) else []
        return self._detect_paginator(response, document, records, ())

    def _detect_paginator(
        self,
        response: Response,
        document: Any,
        records: List[Any],
        names: Iterable[str],
    ) -> BasePaginator:
        """The paginator for a first page, from `paginator_factory` (ours by default)."""
        detection = detect_with(self.pagination_factory, response, document, records)
        if detection is None:
            raise PaginatorNotFound(
                "No suitable `paginator` found for the response at"
                f" `{_redact(response.url or '', names)}`"
            )
        logger.info(
            "detected %s: %s", type(detection.paginator).__name__, detection.evidence
        )
        return detection.paginator


def _copy_hooks(hooks: Hooks | None) -> Dict[str, List[Any]]:
    copied: Dict[str, List[Any]] = {}
    for event, value in (hooks or {}).items():
        copied[event] = [value] if callable(value) else list(value)
    return copied


def _decode(response: Response, names: Iterable[str], page_number: int | None) -> Any:
    """The body as JSON (None when empty); a body that is not JSON raises ResponseDecodeError."""
    content = response.content
    if not content or not content.strip():
        return None
    try:
        return loads(content)
    except ValueError as error:
        where = f"page {page_number} from " if page_number is not None else ""
        method = response.request.method if response.request is not None else "GET"
        url = _redact(response.url or "", names)
        content_type = response.headers.get("Content-Type", "no content type")
        raise ResponseDecodeError(
            f"{where}{method} {url} is not JSON ({content_type}, HTTP {response.status_code}):"
            f" {error}",
            url=url,
            page_number=page_number,
        ) from None


# Members by which 2xx bodies announce a failure (Slack's `{"ok": false, "error": ...}`).
_ERROR_MEMBERS = ("error", "errors", "fault")


def _refuse_error_body(
    selector: CompiledPath,
    document: Dict[str, Any],
    response: Response,
    names: Iterable[str],
    page_number: int,
    show_body: bool,
) -> None:
    """Raise when a page lacks the records' path but carries an error member.

    Called only when the path matched nothing: `{"items": [], "errors": []}` is an ordinary
    empty page, and so is `{}`. The error's text is shown only when RUNTIME__HTTP_SHOW_ERROR_BODY is set, as for
    HTTP errors, since an API may echo credentials in it.
    """
    member = next((key for key in _ERROR_MEMBERS if document.get(key)), None)
    if member is None:
        return
    method = response.request.method if response.request is not None else "GET"
    url = _redact(response.url or "", names)
    detail = f": {document[member]!r:.300}" if show_body else ""
    raise ResponseBodyError(
        f"page {page_number} from {method} {url} (HTTP {response.status_code}) has no"
        f" records at '{selector}' but an '{member}' member{detail}; stopping rather than"
        f" treating it as the last page",
        url=url,
        page_number=page_number,
    )


def _select(selector: CompiledPath, document: Any) -> List[Any]:
    """Every value the records' path selects (none in an empty body)."""
    return [] if document is None else selector.find(document)


def _records(values: List[Any]) -> List[Any]:
    """dlt's rule: one selected list is the page; one selected value is a page of one."""
    if len(values) == 1:
        value = values[0]
        if isinstance(value, list):
            return value
        return [] if value is None else [value]
    return values


def _extract(selector: CompiledPath, document: Any) -> List[Any]:
    """The records `selector` selects in `document`."""
    return _records(_select(selector, document))


class Paged(Generic[T]):
    """The records of a paginated operation: iterate for records, `.pages()` for PageData.

    Each iteration is a fresh pagination: fresh paginator state, untouched params and body.
    """

    def __init__(
        self,
        client: RESTClient,
        path: str,
        *,
        method: str = "GET",
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        paginator: BasePaginator | None = None,
        data_selector: PathLike | None = None,
        max_pages: int | None = None,
        data: Any = None,
        auth: AuthBase | None = None,
        timeout: Timeout = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_attempts: int | None = None,
        encoding: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        """`auth` replaces the client's auth on every page (an operation's own scheme).

        A form body given as a mapping (`data=`) is encoded once, as `call` encodes it: nested
        objects and arrays bracketed, per field `style`/`explode` from the spec's `encoding`
        (paginators never write into form bodies, so every page sends the same pairs).

        The per-call options (`RequestOptions` but the idempotency key) apply to every page;
        query parameters and body fields the caller sets (a cursor, a page size) are kept on
        the first request, so a pagination can resume where the caller says.
        """
        if json is not None and data is not None:
            raise ValueError(
                "Paged takes a JSON body (json=) or a form body (data=), not both"
            )
        if extra_body:
            json, data = _merge_extra_body(json, data, extra_body)
        if isinstance(data, Mapping):
            from .bodies import encode_form

            data = encode_form(data, encoding)
        params = query_params(params, extra_query)
        if extra_headers:
            headers = {**(headers or {}), **extra_headers}
        self.send_options = send_options(timeout, max_attempts)
        self.client = client
        self.path = path
        self.method = method
        self.params = params
        self.json = json
        self.data = data
        self.headers = headers
        self.paginator = paginator
        self.data_selector = data_selector
        self.max_pages = max_pages
        self.auth = auth

    def pages(self) -> Iterator[PageData[T]]:
        """Every page, as the client's `paginate` yields it."""
        return self._paginate()

    def _paginate(self, **options: Any) -> Iterator[PageData[T]]:
        """The client's `paginate` for this request, with further `paginate` options (hooks)."""
        return self.client.paginate(
            self.path,
            method=self.method,
            params=self.params,
            json=self.json,
            data=self.data,
            auth=self.auth,
            headers=self.headers,
            paginator=self.paginator,
            data_selector=self.data_selector,
            max_pages=self.max_pages,
            **{**self.send_options, **options},
        )

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page

    def __repr__(self) -> str:
        return f"Paged({self.method} {self.path})"


def _merge_extra_body(
    json: Any, data: Any, extra_body: Mapping[str, Any]
) -> tuple[Any, Any]:
    """(json, data) with `extra_body`'s fields merged into whichever body the pages send."""
    if data is None:
        if json is not None and not isinstance(json, Mapping):
            raise TypeError("extra_body= needs an object body to merge into")
        return {**(json or {}), **extra_body}, None
    if isinstance(data, Mapping):
        return None, {**data, **extra_body}
    if isinstance(data, list):  # form pairs, as `encode_form` writes them
        from .bodies import encode_form

        return None, [*data, *encode_form(extra_body)]
    raise TypeError("extra_body= cannot be merged into a raw body")


def paginate(
    url: str,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    params: Mapping[str, Any] | None = None,
    json: Any = None,
    auth: AuthBase | None = None,
    paginator: BasePaginator | None = None,
    data_selector: PathLike | None = None,
    hooks: Hooks | None = None,
    *,
    data: Any = None,
    max_pages: int | None = None,
) -> Iterator[PageData[Any]]:
    """Paginate `url` with a throwaway RESTClient (dlt's shortcut)."""
    client = RESTClient(base_url=url, headers=headers)
    return client.paginate(
        method=method,
        params=params,
        json=json,
        data=data,
        auth=auth,
        paginator=paginator,
        data_selector=data_selector,
        hooks=hooks,
        max_pages=max_pages,
    )
