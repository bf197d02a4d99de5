"""The `paperclub` command line: run the bot, and the operators' offline tools."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from bot import cli_catalog, cli_digest, cli_ops, cli_web
from bot.config import ConfigError, load_settings
from bot.logs import configure_logging
from bot.service import run_service
from store.db import StoreError

EXIT_CONFIG = 2


def run(args: argparse.Namespace) -> int:
    """Start long polling until interrupted (one instance per catalog; see bot/service.py)."""
    settings = load_settings()
    configure_logging(settings.log_level, settings.telegram_bot_token)
    return run_service(settings)


# Modules that add operator sub-commands: each has `register(subparsers)` and sets `func`.
CLI_MODULES: tuple[ModuleType, ...] = (cli_catalog, cli_digest, cli_ops, cli_web)


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
    try:
        code: int = args.func(args)
    except (ConfigError, StoreError) as exc:
        print(f"paperclub: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    return code
