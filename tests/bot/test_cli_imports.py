"""`paperclub --help` (and each sub-command's) loads no library: the CLI stays fast to start.
The figures are bench/bench_cli.py's; this pins the cause (issue 8)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("telegram", "sqlite_utils", "arxiv", "feedparser", "httpx", "apscheduler", "numpy")
PROBE = """
import sys
from bot.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(" ".join(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["run", "--help"], ["import", "--help"], ["export", "--help"], ["group", "-h"]],
)
def test_help_imports_no_library(argv: list[str]) -> None:
    probe = PROBE.format(heavy=HEAVY)
    done = subprocess.run(
        [sys.executable, "-c", probe, *argv], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-1] == "", f"{argv} imported {done.stdout.split()}"
