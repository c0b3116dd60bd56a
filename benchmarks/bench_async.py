"""(3) Many sends through asyncio with a bounded number in flight: SDK vs raw ``httpx.AsyncClient``."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable

import httpx

import sms_api
from sms_api_client.api.send_sms import send_single_text_sms
from sms_api_client.models import SMSResponse, SMSTextualRequest

from .bench_roundtrip import MESSAGE, PATH
from .harness import Result, median
from .server import PASSWORD, USERNAME

#: Seconds each block waits before it starts: longer than the sandbox's delivery delay (1 s).
SETTLE_SECONDS = 1.5


async def _drive(send: Callable[[], Awaitable[None]], total: int, in_flight: int) -> float:
    """Seconds to complete ``total`` sends with at most ``in_flight`` outstanding."""
    semaphore = asyncio.Semaphore(in_flight)

    async def one() -> None:
        async with semaphore:
            await send()

    start = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(total)))
    return time.perf_counter() - start


async def _run(base_url: str, total: int, in_flight: int, reps: int) -> tuple[list[float], list[float]]:
    body = SMSTextualRequest(from_=MESSAGE["from"], to=MESSAGE["to"], text=MESSAGE["text"])
    payload = json.dumps(MESSAGE).encode()
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    # Both with httpx's default pool limits: what a user of either gets without tuning.
    sdk = sms_api.connect(base_url, USERNAME, PASSWORD)
    raw = httpx.AsyncClient(base_url=base_url, auth=httpx.BasicAuth(USERNAME, PASSWORD))

    async def sdk_send() -> None:
        answer = await send_single_text_sms.asyncio(client=sdk, body=body)
        assert isinstance(answer, SMSResponse)

    async def raw_send() -> None:
        response = await raw.post(PATH, content=payload, headers=headers)
        response.raise_for_status()
        json.loads(response.content)

    sdk_s: list[float] = []
    raw_s: list[float] = []
    async with sdk, raw:
        # Warm up: open the connections of both pools.
        await _drive(sdk_send, in_flight * 2, in_flight)
        await _drive(raw_send, in_flight * 2, in_flight)
        for i in range(reps):
            order = (sdk_send, raw_send) if i % 2 == 0 else (raw_send, sdk_send)
            for send in order:
                # The sandbox finalizes a block's messages one second after they were sent (delivery
                # reports, balance). Without waiting, the next block shares the machine with that work, and
                # which side pays for it depends only on the order: the first block of every pair ran ~1.8x
                # slower than the second. Waiting lets every block start on an idle sandbox.
                await asyncio.sleep(SETTLE_SECONDS)
                elapsed = await _drive(send, total, in_flight)
                (sdk_s if send is sdk_send else raw_s).append(elapsed)
    return sdk_s, raw_s


def run(base_url: str, *, total: int, in_flight: int, reps: int) -> list[Result]:
    sdk_s, raw_s = asyncio.run(_run(base_url, total, in_flight, reps))
    # Ratios over ABBA quads (a pair and the next, whose order is swapped), so that an effect of running
    # first or second cancels out instead of deciding the median.
    ratios = [(sdk_s[i] + sdk_s[i + 1]) / (raw_s[i] + raw_s[i + 1]) for i in range(0, len(sdk_s) - 1, 2)] or [
        a / b for a, b in zip(sdk_s, raw_s, strict=True)
    ]
    return [
        Result(
            id="3",
            name=f"{total:,} async sends, {in_flight} in flight",
            value=median(sdk_s),
            unit="s",
            baseline_name="raw httpx.AsyncClient",
            baseline=median(raw_s),
            ratio=median(ratios),
            target=1.2,
            note=(
                f"{reps} interleaved pairs, ratios over ABBA quads; SDK {total / median(sdk_s):.0f} sends/s,"
                f" raw {total / median(raw_s):.0f} sends/s"
            ),
            samples={"sdk_s": sdk_s, "raw_s": raw_s, "ratios": ratios},
        )
    ]
