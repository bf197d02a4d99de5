"""Round trip of `/paper` through the real Application and the fake Bot API, paper in the store.

Run: .venv/bin/python -m bench.bench_paper [--rounds 300]
Prints the median and p95 (member sends the command → reply received) and peak memory.
The member writes in a private chat, 40 ms apart: the real rate limiter allows 30 messages a
second overall, and 20 a minute per group (Telegram's own limit), so a group would measure the
limiter's 3-second spacing, not the bot. The figure is latency, not throughput.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import tempfile
import time
from pathlib import Path

from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import FakeTelegram
from tests.harness import TOKEN, make_settings, running_bot


async def measure(rounds: int) -> list[float]:
    arxiv = FakeArxiv().start()
    telegram = FakeTelegram(TOKEN)
    with tempfile.TemporaryDirectory() as folder:
        settings = make_settings(Path(folder), arxiv)
        async with running_bot(settings, telegram, arxiv):
            member = telegram.user("Ada")
            chat = telegram.private_chat(member)
            await telegram.send(chat, member, "/paper 1707.08567")  # warm-up: fetch and store
            await telegram.next_reply(chat)
            timings = []
            for _ in range(rounds):
                await asyncio.sleep(0.04)
                start = time.perf_counter()
                await telegram.send(chat, member, "/paper 1707.08567")
                await telegram.next_reply(chat)
                timings.append((time.perf_counter() - start) * 1000)
    arxiv.stop()
    assert len(arxiv.api_requests()) == 1, "every timed round trip must be served from the store"
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    timings = asyncio.run(measure(args.rounds))
    p95 = statistics.quantiles(timings, n=20)[-1]
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"/paper round trip, {len(timings)} rounds: private chat, fake Bot API, paper stored")
    print(f"  median  {statistics.median(timings):7.2f} ms   (target <= 20 ms)")
    print(f"  p95     {p95:7.2f} ms")
    print(f"  max     {max(timings):7.2f} ms")
    print(f"  peak RSS {peak_mib:6.1f} MiB")


if __name__ == "__main__":
    main()
