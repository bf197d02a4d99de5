"""How long the bot takes to exit on SIGTERM while a digest waits for the listing's embedding.

Run: .venv/bin/python -m bench.bench_stop MODEL_DIR FEED_FILES... [--papers 300] [--plain]
e.g. the feeds ../shared/data/arxiv/rss_new_raw/Luvata_arxive/2026-08-20-cs-*.xml.gz. A child
process stores the listing, starts embedding it through the DigestBuilder (as a digest due now
does) and stops as `paperclub run` does: the stop signal raises SystemExit in the loop, then
the running job is waited for (PTB's Application.stop) and the builder closed. The parent sends
SIGTERM once encoding has begun and prints the seconds until the child exited (target <= 2 s).
--plain installs PTB's own handler instead of bot/cli/run.py's (no halt first), for comparison.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NoReturn

from bench.bench_prepared import store_feeds
from bot.cli.run import STOP_SIGNALS, stop_on_signals
from bot.outbound.digest_pages import DigestPages
from jobs.digest.build import DigestBuilder
from jobs.rank.semantic import semantic_ranker
from store.db import open_db


def child(model: Path, feeds: list[Path], papers: int, plain: bool) -> None:
    """Embed the listing until a stop signal, then stop as the bot does."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "club.db"
        db = open_db(path)
        listing, _ = store_feeds(db, feeds, papers)
        semantic = semantic_ranker(model, path)
        if semantic is None:
            raise SystemExit("no model")
        builder = DigestBuilder(db, DigestPages(db), semantic=semantic)
        loop = asyncio.new_event_loop()
        if plain:
            for number in STOP_SIGNALS:
                loop.add_signal_handler(number, _exit)
        else:
            stop_on_signals(loop, builder.halt)
        job = loop.create_task(builder.prepare(listing))

        async def tell_when_encoding() -> None:
            # the ranker's counter: no event to wait on
            while semantic.encoded == 0 and not job.done():  # noqa: ASYNC110
                await asyncio.sleep(0.05)
            print("encoding", flush=True)

        telling = loop.create_task(tell_when_encoding())
        try:
            loop.run_forever()
        except SystemExit:
            pass
        finally:
            loop.run_until_complete(asyncio.gather(job, telling, return_exceptions=True))
            builder.close()
            loop.close()
        print(f"encoded {semantic.encoded} texts", flush=True)


def _exit() -> NoReturn:
    raise SystemExit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("feeds", nargs="+", type=Path)
    parser.add_argument("--papers", type=int, default=300)
    parser.add_argument("--plain", action="store_true", help="PTB's handler, no halt first")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.model, args.feeds, args.papers, args.plain)
        return
    command = [sys.executable, "-m", "bench.bench_stop", "--child", str(args.model)]
    command += [str(f) for f in args.feeds] + ["--papers", str(args.papers)]
    command += ["--plain"] if args.plain else []
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    if process.stdout is None or process.stdout.readline().strip() != "encoding":
        raise SystemExit("the child never began encoding")
    time.sleep(1.0)  # well into a batch
    sent = time.perf_counter()
    process.send_signal(signal.SIGTERM)
    rest = process.communicate()[0].strip()
    exited = time.perf_counter() - sent
    print(
        f"SIGTERM while embedding a listing of up to {args.papers} papers "
        f"({'PTB handler alone' if args.plain else 'halt, then PTB stop'}): exited after "
        f"{exited:.2f} s (target <= 2 s), status {process.returncode}; child: {rest}"
    )


if __name__ == "__main__":
    main()
