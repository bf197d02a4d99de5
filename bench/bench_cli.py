"""How fast `paperclub` starts: wall time of each sub-command's --help, and the heavy libraries
each one imports, next to a bare interpreter.

Run: .venv/bin/python -m bench.bench_cli [--runs N]
Each command runs N times in a fresh interpreter (`python -m bot ...`, as the `paperclub` script
does); the table shows the median and the best wall time. The library column lists which of the
heavy dependencies the command's start imported (none is the goal for --help).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

HEAVY = (
    "telegram",
    "sqlite_utils",
    "arxiv",
    "feedparser",
    "httpx",
    "apscheduler",
    "requests",
    "numpy",
    "babel",
    "jieba",
)
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("--help",),
    ("run", "--help"),
    ("import", "--help"),
    ("export", "--help"),
    ("digest", "--help"),
    ("group", "--help"),
    ("backup", "--help"),
    ("web", "--help"),
    ("status", "--help"),
    ("model", "--help"),
)
PROBE = """
import sys
from bot.cli.main import main
try:
    main({argv!r})
except SystemExit:
    pass
print("heavy:" + ",".join(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr)
"""


def wall_times(argv: list[str], runs: int) -> list[float]:
    """Seconds for `argv` in a fresh interpreter, `runs` times."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, check=False, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def heavy_imports(command: tuple[str, ...]) -> str:
    """Which heavy libraries starting `command` loaded."""
    probe = PROBE.format(argv=list(command), heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", probe], check=False, capture_output=True)
    line = done.stderr.decode().strip().splitlines()[-1]
    return line.removeprefix("heavy:") or "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    rows = [("python -c pass", wall_times([sys.executable, "-c", "pass"], runs), "-")]
    for command in COMMANDS:
        times = wall_times([sys.executable, "-m", "bot", *command], runs)
        rows.append(("paperclub " + " ".join(command), times, heavy_imports(command)))
    print(f"{'command':<26} {'median s':>9} {'best s':>7}  heavy libraries imported")
    for name, times, libraries in rows:
        print(f"{name:<26} {statistics.median(times):>9.3f} {min(times):>7.3f}  {libraries}")


if __name__ == "__main__":
    main()
