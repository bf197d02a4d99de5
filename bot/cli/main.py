"""The `paperclub` command line: run the bot, and the operators' offline tools.

Only argparse is imported to build the parser: each sub-command imports what it uses when it
runs, so `paperclub --help` starts as fast as a bare interpreter (bench/bench_cli.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from bot.cli import catalog as cli_catalog
from bot.cli import digest as cli_digest
from bot.cli import model as cli_model
from bot.cli import ops as cli_ops
from bot.cli import web as cli_web
from bot.cli import zotero as cli_zotero

EXIT_CONFIG = 2


def run(args: argparse.Namespace) -> int:
    """Start long polling until interrupted (one instance per catalog; see bot/cli/run.py)."""
    from bot.config import load_settings
    from bot.frame.logs import configure_logging

    settings = load_settings()  # a configuration mistake ends here, before Telegram loads
    configure_logging(settings.log_level, settings.telegram_bot_token, also=settings.secrets)
    from bot.cli.run import run_service

    return run_service(settings)


# Modules that add operator sub-commands: each has `register(subparsers)` and sets `func`.
CLI_MODULES: tuple[ModuleType, ...] = (
    cli_catalog,
    cli_digest,
    cli_ops,
    cli_web,
    cli_model,
    cli_zotero,
)


def build_parser() -> argparse.ArgumentParser:
    """Sub-commands; each sets `func(args) -> exit status`."""
    parser = argparse.ArgumentParser(prog="paperclub", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the bot (long polling)").set_defaults(func=run)
    for module in CLI_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run; configuration problems end with one line and status 2."""
    args = build_parser().parse_args(argv)
    from bot.config import ConfigError  # after parsing: --help and usage errors never load them
    from store.db import StoreError

    try:
        code: int = args.func(args)
    except (ConfigError, StoreError) as exc:
        print(f"paperclub: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    return code
