"""Error answers as exceptions: a handler raises an :class:`ApiProblem`, the endpoint writes the ApiError."""

from __future__ import annotations


class ApiProblem(Exception):
    """An answer that is an error: status, the ApiError's messageId and text, extra headers."""

    def __init__(
        self, status: int, message_id: str, text: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(text)
        self.status = status
        self.message_id = message_id
        self.text = text
        self.headers = headers or {}


def bad_request(text: str) -> ApiProblem:
    return ApiProblem(400, "GENERAL_ERROR", f"General error: {text}")


def unauthorized() -> ApiProblem:
    return ApiProblem(
        401, "UNAUTHORIZED", "Invalid login details", {"WWW-Authenticate": 'Basic realm="SMS API"'}
    )
