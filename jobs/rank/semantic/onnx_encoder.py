"""The same encoder run by ONNX Runtime on the folder's model.onnx (`paperclub model onnx`),
on one thread as the numpy path runs BLAS; chosen whenever onnxruntime is importable and the
file is there, the numpy encoder otherwise."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from tokenizers import Tokenizer

from jobs.rank.semantic.bert import Array, read_config
from jobs.rank.semantic.encoder import (
    BATCH_SIZE,
    MAX_TOKENS,
    MODEL_FILES,
    Ids,
    TextEncoder,
    encode_in_batches,
    load_encoder,
    load_tokenizer,
)
from jobs.rank.semantic.errors import ModelError
from jobs.rank.semantic.model_files import ONNX_FILE, sha256_of
from jobs.rank.semantic.runtime import runtime_installed

THREADS = 1  # one intra-op thread, as BLAS_THREADS for numpy: the machine's cores are shared


@dataclass(frozen=True)
class OnnxEncoder:
    """A loaded ONNX model: `encode` gives the numpy encoder's unit vectors, faster."""

    name: str  # the ONNX file's hash and token limit: its vectors are told apart from numpy's
    dimensions: int
    tokenizer: Tokenizer
    session: Any  # onnxruntime.InferenceSession (onnxruntime ships no type hints)
    max_tokens: int = MAX_TOKENS

    def encode(
        self,
        texts: Sequence[str],
        batch_size: int = BATCH_SIZE,
        stop: threading.Event | None = None,
    ) -> Array:
        """One L2-normalised row per text, in the order given; raises EncodingStopped between
        batches once `stop` is set."""
        return encode_in_batches(self.tokenizer, texts, self.dimensions, self._run, batch_size,
                                 stop)  # fmt: skip

    def _run(self, ids: Ids, mask: Ids) -> Array:
        bias = (1.0 - mask[:, None, None, :].astype(np.float32)) * np.float32(-1e9)
        positions = np.arange(ids.shape[1], dtype=np.int64)
        feed = {"ids": ids, "positions": positions, "bias": bias.astype(np.float32)}
        hidden: Array = self.session.run(["hidden"], feed)[0]
        return hidden


def load_onnx_encoder(folder: Path, max_tokens: int = MAX_TOKENS) -> OnnxEncoder:
    """Open model.onnx with ONNX Runtime on one thread; ModelError when it cannot be read."""
    missing = [n for n in (*MODEL_FILES, ONNX_FILE) if not (folder / n).is_file()]
    if missing:
        raise ModelError(f"{folder} has no {', '.join(missing)} (try: paperclub model fetch)")
    ort = importlib.import_module("onnxruntime")
    config = read_config(folder / "config.json")
    tokenizer = load_tokenizer(folder, config, max_tokens)
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = THREADS
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3  # errors only: its warnings are about graph optimisation
    try:
        session = ort.InferenceSession(
            str(folder / ONNX_FILE), options, providers=["CPUExecutionProvider"]
        )
    except Exception as exc:  # onnxruntime raises its own exception types, none exported
        raise ModelError(f"cannot read {folder / ONNX_FILE}: {exc}") from None
    limit = min(max_tokens, config.max_position_embeddings)
    name = f"onnx-{sha256_of(folder / ONNX_FILE)[:16]}-{limit}"
    return OnnxEncoder(name, config.hidden_size, tokenizer, session, limit)


def load_text_encoder(folder: Path, max_tokens: int = MAX_TOKENS) -> TextEncoder:
    """ONNX Runtime when it is installed and the folder holds model.onnx, else numpy."""
    if runtime_installed() and (folder / ONNX_FILE).is_file():
        return load_onnx_encoder(folder, max_tokens)
    return load_encoder(folder, max_tokens)
