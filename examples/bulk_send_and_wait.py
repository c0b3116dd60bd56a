"""Send 1,000 messages with AsyncSmsApi, safely rerunnable, and wait until a sample of them is final.

    python examples/bulk_send_and_wait.py [BULK_ID]

Every destination gets the message ID ``f"{bulk_id}-{index}"``, so running this again with the bulk ID it
printed sends nothing twice: the API answers those messages with a duplicate status, which the result
reports as ``already_sent``.
"""

import asyncio
import sys

from sms_api import AsyncSmsApi, BulkProgress


def show(progress: BulkProgress) -> None:
    print(f"  {progress.done}/{progress.total} done, {progress.failed} failed", flush=True)


async def main(bulk_id: str | None) -> None:
    numbers = [f"4179{i:07d}" for i in range(1, 1001)]  # the sandbox decides by the last digit
    async with AsyncSmsApi() as api:
        result = await api.sms.send_bulk(
            numbers, "Our shop opens at 9", bulk_id=bulk_id, batch_size=250, concurrency=4, on_progress=show
        )
        print("bulk", result.bulk_id, "sent", len(result.messages), "failed batches", len(result.errors))
        print("already sent before:", sum(m.already_sent for m in result.messages))

        # Numbers ending in 9 stay pending for 48 hours in the sandbox: wait for the others.
        sample = [m.message_id for m in result.messages[:20] if not m.to.endswith("9")]
        final = await api.logs.wait_final(sample, timeout=30, poll_interval=0.5)
        for message_id, log in final.items():
            print(message_id, log.status.group_name, log.status.name)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else None))
