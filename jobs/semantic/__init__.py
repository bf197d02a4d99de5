"""The optional semantic ranker (`pip install 'paperclub[semantic]'`): sentence embeddings
from a local all-MiniLM-L6-v2 folder, run with numpy. Importing this package imports no numpy:
only `encoder`, `bert` and `vectors` do, and only once a model is configured."""

from __future__ import annotations

import importlib.util

EXTRA_MODULES = ("numpy", "tokenizers", "safetensors")


def extra_installed() -> bool:
    """Whether the `semantic` extra's libraries can be imported (without importing them)."""
    try:
        return all(importlib.util.find_spec(name) is not None for name in EXTRA_MODULES)
    except (ImportError, ValueError):  # a broken or half-removed install counts as absent
        return False
