"""Sentence embeddings from a local model folder (config.json, tokenizer.json,
model.safetensors): tokenise, run the numpy BERT in length-sorted batches, mean-pool over real
tokens and L2-normalise, as sentence-transformers does for all-MiniLM-L6-v2."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
from safetensors import SafetensorError
from safetensors.numpy import load_file
from threadpoolctl import threadpool_limits
from tokenizers import Tokenizer

from jobs.rank.semantic.bert import (
    Array,
    BertConfig,
    BertWeights,
    build_weights,
    forward,
    read_config,
)
from jobs.rank.semantic.errors import EncodingStopped, ModelError
from jobs.rank.semantic.model_files import sha256_of

MODEL_FILES = ("config.json", "tokenizer.json", "model.safetensors")
MAX_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length: longer abstracts are cut, as it was trained
BATCH_SIZE = 4  # small batches keep the attention scores in cache: faster per text on CPU
# BLAS threads per encode: OpenBLAS's default (one per core) cost 3.4x the CPU of one thread per
# text on a busy 2-core machine (bench_semantic: 348 against 104 s per 1,000 papers).
BLAS_THREADS = 1
Ids = np.ndarray[tuple[int, int], np.dtype[np.int64]]
Forward = Callable[[Ids, Ids], Array]  # token ids, mask -> hidden states


@dataclass(frozen=True)
class Encoder:
    """A loaded model: `encode` turns texts into unit vectors whose dot product is the cosine."""

    name: str  # weights' hash and token limit: tells stored vectors of other models apart
    config: BertConfig
    weights: BertWeights
    tokenizer: Tokenizer
    max_tokens: int = MAX_TOKENS

    @property
    def dimensions(self) -> int:
        return self.config.hidden_size

    def encode(
        self,
        texts: Sequence[str],
        batch_size: int = BATCH_SIZE,
        stop: threading.Event | None = None,
    ) -> Array:
        """One L2-normalised row per text, in the order given; raises EncodingStopped between
        batches once `stop` is set (a batch takes well under a second)."""
        with threadpool_limits(limits=BLAS_THREADS, user_api="blas"):
            return encode_in_batches(
                self.tokenizer,
                texts,
                self.dimensions,
                lambda ids, mask: forward(self.config, self.weights, ids, mask),
                batch_size,
                stop,
            )


class TextEncoder(Protocol):
    """What the ranker needs of a model, whichever runtime runs it (numpy or ONNX Runtime)."""

    @property
    def name(self) -> str: ...
    @property
    def dimensions(self) -> int: ...
    @property
    def max_tokens(self) -> int: ...
    @property
    def tokenizer(self) -> Tokenizer: ...

    def encode(
        self,
        texts: Sequence[str],
        batch_size: int = BATCH_SIZE,
        stop: threading.Event | None = None,
    ) -> Array: ...


def encode_in_batches(
    tokenizer: Tokenizer,
    texts: Sequence[str],
    dimensions: int,
    run: Forward,
    batch_size: int = BATCH_SIZE,
    stop: threading.Event | None = None,
) -> Array:
    """Tokenise, run `run` on length-sorted padded batches, mean-pool: one unit row per text."""
    out = np.zeros((len(texts), dimensions), dtype=np.float32)
    if not texts:
        return out
    encodings = tokenizer.encode_batch(list(texts))
    # Similar lengths share a batch, so little of the work is spent on padding.
    order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
    for start in range(0, len(order), batch_size):
        if stop is not None and stop.is_set():
            raise EncodingStopped("stopping")
        chosen = order[start : start + batch_size]
        length = max(len(encodings[i].ids) for i in chosen)
        ids = np.zeros((len(chosen), length), dtype=np.int64)
        mask = np.zeros((len(chosen), length), dtype=np.int64)
        for row, index in enumerate(chosen):
            tokens = encodings[index].ids
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1
        out[chosen] = mean_pool(run(ids, mask), mask)
    return out


def mean_pool(hidden: Array, mask: Ids) -> Array:
    """Average the real tokens' states, then scale each row to unit length."""
    weights = mask[:, :, None].astype(np.float32)
    summed = (hidden * weights).sum(axis=1)
    counts = np.maximum(weights.sum(axis=1), 1e-9)
    pooled = summed / counts
    norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
    unit: Array = (pooled / norms).astype(np.float32)
    return unit


def load_tokenizer(folder: Path, config: BertConfig, max_tokens: int = MAX_TOKENS) -> Tokenizer:
    """The folder's tokenizer, cutting texts at the model's limit and padding nothing."""
    try:
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    except Exception as exc:  # tokenizers raises a bare Exception for a malformed file
        raise ModelError(f"cannot read {folder / 'tokenizer.json'}: {exc}") from None
    tokenizer.enable_truncation(min(max_tokens, config.max_position_embeddings))
    tokenizer.no_padding()  # batches are padded here, to their own longest text
    if tokenizer.get_vocab_size() > config.vocab_size:
        raise ModelError(f"{folder}: the tokenizer's vocabulary is larger than the model's")
    return tokenizer


def load_encoder(folder: Path, max_tokens: int = MAX_TOKENS) -> Encoder:
    """Load the three files; a missing or mismatched file raises ModelError naming it."""
    missing = [name for name in MODEL_FILES if not (folder / name).is_file()]
    if missing:
        raise ModelError(f"{folder} has no {', '.join(missing)} (try: paperclub model fetch)")
    config = read_config(folder / "config.json")
    tokenizer = load_tokenizer(folder, config, max_tokens)
    limit = min(max_tokens, config.max_position_embeddings)
    try:
        tensors = load_file(str(folder / "model.safetensors"))
    except (OSError, SafetensorError) as exc:
        raise ModelError(f"cannot read {folder / 'model.safetensors'}: {exc}") from None
    weights = build_weights(config, tensors)
    name = f"{sha256_of(folder / 'model.safetensors')[:16]}-{limit}"  # what the vectors depend on
    return Encoder(name, config, weights, tokenizer, limit)
