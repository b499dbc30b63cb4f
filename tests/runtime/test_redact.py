"""Redaction of URLs and headers: secrets never reach an error message or a log line."""

from __future__ import annotations

import pytest

from restwright_runtime.redact import (
    SENSITIVE_QUERY_PARAMS,
    redact_headers,
    redact_text,
    redact_url,
    register_sensitive_names,
    shorten,
)


def test_dlt_example_is_redacted_as_documented() -> None:
    url = "https://api.example.com/data?api_key=secret123&page=1"
    assert redact_url(url) == "https://api.example.com/data?api_key=***&page=1"


@pytest.mark.parametrize("name", sorted(SENSITIVE_QUERY_PARAMS))
def test_every_dlt_query_name_is_redacted(name: str) -> None:
    redacted = redact_url(f"https://h/p?{name}=s3cr3t&q=ok")
    assert "s3cr3t" not in redacted
    assert redacted.endswith("=***&q=ok")


def test_names_compare_case_insensitively_and_encoded() -> None:
    assert (
        redact_url("https://h/?API_KEY=a&Access%2DToken=b")
        == "https://h/?API_KEY=***&Access%2DToken=***"
    )


def test_extra_names_are_redacted_and_others_kept_verbatim() -> None:
    url = "https://h/p?appid=XYZ&q=a%20b&empty=&flag"
    assert (
        redact_url(url, extra_names=["AppId"])
        == "https://h/p?appid=***&q=a%20b&empty=&flag"
    )


def test_repeated_secret_params_are_all_redacted() -> None:
    assert redact_url("https://h/?token=a&token=b") == "https://h/?token=***&token=***"


def test_userinfo_password_is_redacted() -> None:
    assert (
        redact_url("https://bob:hunter2@h.example/x") == "https://bob:***@h.example/x"
    )
    assert redact_url("https://tokenonly@h.example/x") == "https://***@h.example/x"


def test_url_without_secrets_is_unchanged() -> None:
    url = "https://h.example:8443/a/b?page=2&per_page=50#frag"
    assert redact_url(url) is url
    assert redact_url("") == ""


def test_registered_names_apply_everywhere() -> None:
    register_sensitive_names(["x-restwright-test-sig"])
    assert (
        redact_url("https://h/?X-Restwright-Test-Sig=abc")
        == "https://h/?X-Restwright-Test-Sig=***"
    )
    assert redact_headers({"X-Restwright-Test-Sig": "abc"}) == {
        "X-Restwright-Test-Sig": "***"
    }


def test_credential_headers_are_redacted_and_others_kept() -> None:
    headers = {
        "Authorization": "Bearer abc",
        "Proxy-Authorization": "Basic xyz",
        "Cookie": "sid=1",
        "X-API-Key": "k",
        "X-Auth-Token": "t",
        "Api_Key": "k2",
        "X-Client-Secret": "s",
        "Accept": "application/json",
        "User-Agent": "ua",
    }
    redacted = redact_headers(headers)
    assert redacted == {
        "Authorization": "***",
        "Proxy-Authorization": "***",
        "Cookie": "***",
        "X-API-Key": "***",
        "X-Auth-Token": "***",
        "Api_Key": "***",
        "X-Client-Secret": "***",
        "Accept": "application/json",
        "User-Agent": "ua",
    }
    assert headers["Authorization"] == "Bearer abc"  # a copy, not an in-place edit


def test_extra_header_names() -> None:
    assert redact_headers(
        {"X-Custom": "v", "Accept": "a"}, extra_names=["x-custom"]
    ) == {
        "X-Custom": "***",
        "Accept": "a",
    }


def test_free_text_masks_urls_secret_pairs_and_header_values() -> None:
    text = (
        "url: /items?api_key=K1&page=2 body {'access_token': 'K2', \"refresh_token\": \"K3\","
        " 'next_page_token': 'n-1', 'id': 7} form client_id=a&client_secret=K4"
        " and Invalid header value b'Bearer K5\\n'"
    )
    redacted = redact_text(text)
    for secret in ("K1", "K2", "K3", "K4", "K5"):
        assert secret not in redacted
    # Positions stay readable: a reader debugging paging needs the cursor and the page.
    assert "'next_page_token': 'n-1'" in redacted and "page=2" in redacted
    assert "'id': 7" in redacted and "client_id=a" in redacted
    assert redact_text(redacted) == redacted


def test_shorten_says_how_much_was_cut() -> None:
    assert shorten("abc", 5) == "abc"
    assert shorten("x" * 50, 10) == "x" * 10 + "... [40 more characters]"
