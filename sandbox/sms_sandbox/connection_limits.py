"""How long the sandbox's HTTP server waits on a client: standard library only, so that ``sms-api-sandbox
--help`` and its missing-extra message work without uvicorn (:mod:`sms_sandbox.server` applies them)."""

from __future__ import annotations

from typing import Final

__all__ = ["HEADER_TIMEOUT", "IDLE_TIMEOUT"]

#: Seconds a client has to send a whole request head.
HEADER_TIMEOUT: Final = 10.0
#: Seconds an idle keep-alive connection stays open.
IDLE_TIMEOUT: Final = 5
