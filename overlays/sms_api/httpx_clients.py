"""The httpx clients under :class:`~sms_api.SmsApiClient`: ``httpx.Client``/``AsyncClient`` without the
per-request work the generated operations do not need, every behaviour kept.

- A generated operation's JSON body value is prepared here (``sms_api.transport.prepare_body``): in XML it is
  written as XML straight away, so one request is built, and no JSON is encoded only to be parsed back; the
  value rides along in the request's extensions (``BODY_EXTENSION``), so the transport never parses the body
  to decide a retry.
- The URL merged with the base URL is kept per path (the operations pass constant paths); a new base URL
  starts afresh.
- Cookies are extracted only from a response that sets some (extracting from one that sets none changes
  nothing, at the cost of building urllib's request and response stand-ins on every call).
"""

from __future__ import annotations

from typing import Any, Final

import httpx

from sms_api_client.types import OPERATION_EXTENSION

from .routing import request_route
from .transport import BODY_EXTENSION, TransportSettings, prepare_body
from .wire import XML_MEDIA_TYPE

__all__ = ["SdkAsyncClient", "SdkClient"]

_MERGED_URLS_KEPT: Final = 64


class _SetCookiesOnly(httpx.Cookies):
    def extract_cookies(self, response: httpx.Response) -> None:
        headers = response.headers
        if "set-cookie" in headers or "set-cookie2" in headers:
            super().extract_cookies(response)


class _LeanRequests(httpx._client.BaseClient):
    """What :class:`SdkClient` and :class:`SdkAsyncClient` share (their request building)."""

    def __init__(self, *, sdk_settings: TransportSettings, **kwargs: Any) -> None:
        self._sdk_settings = sdk_settings
        self._merged_urls: dict[str, tuple[httpx.URL, httpx.URL]] = {}
        super().__init__(**kwargs)  # httpx.Client's or httpx.AsyncClient's, next in the subclass's MRO
        # httpx's __init__ sets plain Cookies, not through the property. The jar is wrapped, not copied: a
        # CookieJar the caller passed keeps receiving the cookies responses set, as with httpx.Client.
        self._cookies = _SetCookiesOnly(self._cookies.jar)

    @property
    def cookies(self) -> httpx.Cookies:
        return self._cookies

    @cookies.setter
    def cookies(self, cookies: httpx._types.CookieTypes) -> None:
        self._cookies = _SetCookiesOnly(cookies)

    def build_request(self, method: str, url: httpx.URL | str, **kwargs: Any) -> httpx.Request:
        value = kwargs.get("json")
        extensions = kwargs.get("extensions")
        if value is not None and extensions is not None and OPERATION_EXTENSION in extensions:
            route = request_route(method, str(url), extensions)
            xml, _ = prepare_body(self._sdk_settings, route, value)
            if xml is not None:
                kwargs["json"] = None
                kwargs["content"] = xml
                headers = httpx.Headers(kwargs.get("headers"))  # any form httpx takes, names case-insensitive
                headers["Content-Type"] = XML_MEDIA_TYPE
                kwargs["headers"] = headers
            kwargs["extensions"] = {**extensions, BODY_EXTENSION: value}
        return super().build_request(method, url, **kwargs)

    def _merge_url(self, url: httpx.URL | str) -> httpx.URL:
        if not isinstance(url, str):
            return super()._merge_url(url)
        base = self._base_url  # read once: another thread may set a new base URL while this one merges
        kept = self._merged_urls.get(url)
        if kept is not None and kept[0] is base:
            return kept[1]
        merged = super()._merge_url(url)
        if len(self._merged_urls) >= _MERGED_URLS_KEPT:
            self._merged_urls.clear()
        if self._base_url is base:
            self._merged_urls[url] = (base, merged)
        return merged


class SdkClient(_LeanRequests, httpx.Client):
    """The sync client of :class:`~sms_api.SmsApiClient`."""


class SdkAsyncClient(_LeanRequests, httpx.AsyncClient):
    """The async client of :class:`~sms_api.SmsApiClient`."""
