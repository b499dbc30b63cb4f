"""dlt's helper tests that the compatibility run skips, each with its reason.

Keys are test ids below dlt's `tests/sources/helpers/` (`file::Class::test[params]`); a key
without `[...]` covers every parametrisation. Two kinds only:

- WHITE_BOX: the test inspects dlt's internals (tenacity objects on the session, private
  methods, dlt's logger or config injection), not behaviour a caller sees.
- DIFFERENCES: behaviour we changed on purpose; each is described, with its reason, in
  runtime/README.md "Differences from dlt". They run as strict expected failures: one that
  starts passing fails the run.

A listed test that no longer exists fails the run too (a stale entry), so the lists stay exact.
"""

from __future__ import annotations

RC = "rest_client/"

WHITE_BOX: dict[str, str] = {
    # dlt's retrying session is tenacity's `Retrying` wrapped around `Session.send`; these read
    # its attributes. Ours retries in `RetrySession.send` (same settings: tests below pass).
    "test_requests.py::test_default_session_retry_settings": "reads tenacity's Retrying on session.send",
    "test_requests.py::test_custom_session_retry_settings": "reads tenacity's Retrying on session.send",
    "test_requests.py::test_client_instance_with_config": "reads tenacity's Retrying on session.send",
    "test_requests.py::test_init_default_client": "dlt.pipeline() injecting dlt's config, then tenacity internals",
    RC
    + "test_paginators.py::TestRangePaginator::test_range_paginator_update": "calls dlt's private static helpers _update_request_with_*",
    RC
    + "test_client.py::TestRESTClient::test_custom_session_client": "patches dlt's own logger object",
}

DIFFERENCES: dict[str, str] = {
    # The offset advances by the records a page held (a capped or shrinking page never skips
    # records); these assert `offset + limit` after a one-record page.
    RC
    + "test_paginators.py::TestOffsetPaginator::test_update_state": "offset advances by records received",
    RC
    + "test_paginators.py::TestOffsetPaginator::test_update_state_with_string_total": "offset advances by records received",
    RC
    + "test_paginators.py::TestOffsetPaginator::test_init_request": "offset advances by records received",
    RC
    + "test_paginators.py::TestOffsetPaginator::test_maximum_offset": "offset advances by records received",
    # A missing total falls back to the other stop conditions when there are any.
    RC
    + "test_paginators.py::TestOffsetPaginator::test_update_state_without_total": "missing total falls back to the empty-page stop",
    RC
    + "test_paginators.py::TestPageNumberPaginator::test_update_state_without_total_pages": "missing total falls back to the empty-page stop",
    RC
    + "test_paginators.py::TestPageNumberPaginator::test_update_state_with_invalid_total_pages": "missing total falls back to the empty-page stop (the body has `total_pages`, the paginator reads `total`)",
    # PageData.request is the request that produced the page, not the next one.
    RC
    + "test_client.py::TestRESTClient::test_page_context": "PageData.request is the page's own request",
    # The token endpoint error is a subclass of requests.HTTPError (also our AuthError), with
    # our message format (status, method, redacted URL).
    RC
    + "test_client.py::TestRESTClient::test_oauth2_client_credentials_flow_wrong_client_id": "token error subclasses requests.HTTPError; our message format",
    RC
    + "test_client.py::TestRESTClient::test_oauth2_client_credentials_flow_wrong_client_secret": "token error subclasses requests.HTTPError; our message format",
    # token_expiry is a standard-library datetime; the test calls pendulum's `.subtract()`.
    RC
    + "test_client.py::TestRESTClient::test_oauth_token_expired_refresh": "token_expiry is a stdlib datetime, not pendulum",
    # Our detector detects offset pagination; dlt falls back to a single page.
    RC
    + "test_detector.py::test_find_paginator[test_case0]": "offset detected where dlt stays single-page",
    RC
    + "test_detector.py::test_find_paginator[test_case15]": "offset detected where dlt stays single-page",
}
