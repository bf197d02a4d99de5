"""The optional semantic ranker (`pip install 'paperclub[semantic]'`): sentence embeddings
from a local all-MiniLM-L6-v2 folder, run with ONNX Runtime where the folder holds model.onnx
and onnxruntime is installed, else with numpy. Importing this package imports no numpy: only
`encoder`, `bert`, `onnx_encoder` and `vectors` do, and only once a model is configured."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

from jobs.rank.semantic.errors import ModelError

if TYPE_CHECKING:
    from jobs.rank.semantic.embedder import SemanticRanker
    from store.workers import CatalogWorkers

EXTRA_MODULES = ("numpy", "tokenizers", "safetensors", "threadpoolctl")


def extra_installed() -> bool:
    """Whether the `semantic` extra's libraries can be imported (without importing them)."""
    try:
        return all(importlib.util.find_spec(name) is not None for name in EXTRA_MODULES)
    except (ImportError, ValueError):  # a broken or half-removed install counts as absent
        return False


def semantic_ranker(
    folder: Path | None, db_path: Path | None, catalog: CatalogWorkers | None = None
) -> SemanticRanker | None:
    """The semantic ranker for a configured model folder, or None (the lexical ranker alone);
    a folder set without the extra or without its files raises ModelError. `catalog`: the
    running bot's workers, whose one writer keeps the vectors."""
    if folder is None:
        return None
    if not extra_installed():
        raise ModelError(
            "PAPERCLUB_EMBEDDING_MODEL is set, but the semantic extra is not installed: "
            "pip install 'paperclub[semantic]'"
        )
    missing = [n for n in ("config.json", "tokenizer.json", "model.safetensors")
               if not (folder / n).is_file()]  # fmt: skip
    if missing:
        raise ModelError(
            f"PAPERCLUB_EMBEDDING_MODEL={folder} has no {', '.join(missing)}: "
            "run paperclub model fetch"
        )
    from jobs.rank.semantic.embedder import SemanticRanker  # numpy from here on

    return SemanticRanker(folder, db_path, catalog)
