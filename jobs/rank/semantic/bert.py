"""A BERT encoder (the all-MiniLM-L6-v2 architecture) run with numpy alone, so the semantic
ranker needs no torch: embeddings, self-attention with a padding mask, exact GELU, layer norm."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from jobs.rank.semantic.errors import ModelError

Array = npt.NDArray[np.float32]


@dataclass(frozen=True)
class BertConfig:
    """The few fields of a Hugging Face `config.json` that the forward pass needs."""

    vocab_size: int
    hidden_size: int
    num_hidden_layers: int
    num_attention_heads: int
    intermediate_size: int
    max_position_embeddings: int
    type_vocab_size: int = 2
    layer_norm_eps: float = 1e-12

    @property
    def head_size(self) -> int:
        return self.hidden_size // self.num_attention_heads


def read_config(path: Path) -> BertConfig:
    """Read `config.json`; refuse what this forward pass does not implement."""
    try:
        raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read {path}: {exc}") from None
    if raw.get("model_type", "bert") != "bert":
        raise ModelError(f"{path}: model_type {raw.get('model_type')!r} is not a BERT model")
    if raw.get("hidden_act", "gelu") != "gelu":
        raise ModelError(f"{path}: hidden_act {raw.get('hidden_act')!r} is not supported")
    if raw.get("position_embedding_type", "absolute") != "absolute":
        raise ModelError(f"{path}: only absolute position embeddings are supported")
    try:
        config = BertConfig(
            vocab_size=int(raw["vocab_size"]),
            hidden_size=int(raw["hidden_size"]),
            num_hidden_layers=int(raw["num_hidden_layers"]),
            num_attention_heads=int(raw["num_attention_heads"]),
            intermediate_size=int(raw["intermediate_size"]),
            max_position_embeddings=int(raw["max_position_embeddings"]),
            type_vocab_size=int(raw.get("type_vocab_size", 2)),
            layer_norm_eps=float(raw.get("layer_norm_eps", 1e-12)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"{path}: missing or malformed field {exc}") from None
    if config.hidden_size % config.num_attention_heads:
        raise ModelError(f"{path}: hidden_size is not a multiple of num_attention_heads")
    return config


@dataclass(frozen=True)
class Layer:
    """One transformer layer's weights, matrices stored (in, out) so `x @ w` needs no transpose."""

    qkv: Array  # (hidden, 3 * hidden): query, key and value side by side, one matmul
    qkv_bias: Array
    attention_out: Array
    attention_out_bias: Array
    attention_norm: tuple[Array, Array]
    intermediate: Array
    intermediate_bias: Array
    output: Array
    output_bias: Array
    output_norm: tuple[Array, Array]


@dataclass(frozen=True)
class BertWeights:
    """The embedding tables and layers of a BertModel (the pooler is not used)."""

    words: Array
    positions: Array
    token_types: Array
    embedding_norm: tuple[Array, Array]
    layers: tuple[Layer, ...]


def build_weights(config: BertConfig, tensors: Mapping[str, np.ndarray[Any, Any]]) -> BertWeights:
    """Check every tensor's shape against the config and arrange them for the forward pass."""
    h, inner = config.hidden_size, config.intermediate_size
    prefix = "bert." if "bert.embeddings.word_embeddings.weight" in tensors else ""

    def get(name: str, shape: tuple[int, ...]) -> Array:
        tensor = tensors.get(prefix + name)
        if tensor is None:
            raise ModelError(f"model.safetensors has no tensor {prefix + name}")
        if tuple(tensor.shape) != shape:
            raise ModelError(f"{prefix + name} has shape {tuple(tensor.shape)}, expected {shape}")
        return np.ascontiguousarray(tensor, dtype=np.float32)

    def norm(name: str) -> tuple[Array, Array]:
        return get(f"{name}.weight", (h,)), get(f"{name}.bias", (h,))

    def linear(name: str, n_in: int, n_out: int) -> tuple[Array, Array]:
        weight = get(f"{name}.weight", (n_out, n_in))  # torch's Linear keeps (out, in)
        return np.ascontiguousarray(weight.T), get(f"{name}.bias", (n_out,))

    layers = []
    for index in range(config.num_hidden_layers):
        base = f"encoder.layer.{index}"
        parts = [linear(f"{base}.attention.self.{p}", h, h) for p in ("query", "key", "value")]
        attention_out = linear(f"{base}.attention.output.dense", h, h)
        intermediate = linear(f"{base}.intermediate.dense", h, inner)
        output = linear(f"{base}.output.dense", inner, h)
        layers.append(
            Layer(
                qkv=np.ascontiguousarray(np.concatenate([w for w, _ in parts], axis=1)),
                qkv_bias=np.concatenate([b for _, b in parts]),
                attention_out=attention_out[0],
                attention_out_bias=attention_out[1],
                attention_norm=norm(f"{base}.attention.output.LayerNorm"),
                intermediate=intermediate[0],
                intermediate_bias=intermediate[1],
                output=output[0],
                output_bias=output[1],
                output_norm=norm(f"{base}.output.LayerNorm"),
            )
        )
    return BertWeights(
        words=get("embeddings.word_embeddings.weight", (config.vocab_size, h)),
        positions=get("embeddings.position_embeddings.weight", (config.max_position_embeddings, h)),
        token_types=get("embeddings.token_type_embeddings.weight", (config.type_vocab_size, h)),
        embedding_norm=norm("embeddings.LayerNorm"),
        layers=tuple(layers),
    )


def layer_norm(x: Array, scale_shift: tuple[Array, Array], eps: float) -> Array:
    """Normalise the last axis to zero mean and unit variance, then scale and shift."""
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = np.mean(centred * centred, axis=-1, keepdims=True)
    scale, shift = scale_shift
    normed: Array = (centred / np.sqrt(variance + eps)) * scale + shift
    return normed


def erf(x: Array) -> Array:
    """The error function, vectorised (numpy has none): Abramowitz and Stegun 7.1.26, whose
    absolute error below 1.5e-7 is under float32 rounding of the values it feeds."""
    sign = np.sign(x)
    # Beyond 6, erf is 1 in float32; the cap keeps exp(-a * a) out of the subnormal range,
    # where x86 arithmetic is about a hundred times slower.
    a = np.minimum(np.abs(x), np.float32(6.0))
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    result: Array = (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)
    return result


def gelu(x: Array) -> Array:
    """BERT's exact GELU, x * Phi(x) (not the tanh approximation), with erf's polynomial
    worked in place: written as `erf` is, its temporaries cost a quarter of an encode.

    With z = |x| / sqrt(2) and erf(z) = 1 - p(z) exp(-z * z), x * Phi(x) is x - h for x >= 0
    and h below, where h = x * p(z) exp(-z * z) / 2."""
    z = np.abs(x)
    z *= np.float32(1 / math.sqrt(2))
    np.minimum(z, np.float32(6.0), out=z)  # as in erf: no subnormals
    t = z * np.float32(0.3275911)
    t += np.float32(1.0)
    np.reciprocal(t, out=t)
    h = t * np.float32(1.061405429)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        h += np.float32(c)
        h *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    h *= z
    h *= x
    h *= np.float32(0.5)
    result: Array = np.where(x >= 0, x - h, h).astype(np.float32, copy=False)
    return result


def forward(config: BertConfig, weights: BertWeights, ids: npt.NDArray[np.int64],
            mask: npt.NDArray[np.int64]) -> Array:  # fmt: skip
    """Last hidden states (batch, length, hidden) for token ids and their attention mask."""
    batch, length = ids.shape
    if length > config.max_position_embeddings:
        raise ModelError(
            f"{length} tokens is more than the model's {config.max_position_embeddings}"
        )
    x = weights.words[ids] + weights.positions[:length] + weights.token_types[0]
    x = layer_norm(x, weights.embedding_norm, config.layer_norm_eps)
    heads, size, h = config.num_attention_heads, config.head_size, config.hidden_size
    # Padding positions get a large negative score, so softmax gives them no weight.
    bias = ((1.0 - mask[:, None, None, :].astype(np.float32)) * np.float32(-1e9)).astype(np.float32)
    scale = np.float32(1 / math.sqrt(size))
    x = x.reshape(batch * length, h)  # 2-D: each linear layer is one BLAS call
    for layer in weights.layers:
        qkv = (x @ layer.qkv + layer.qkv_bias).reshape(batch, length, 3, heads, size)
        # Contiguous (batch, heads, length, size) blocks: numpy's stacked matmul only hands
        # contiguous blocks to BLAS, and falls back to a slow loop on transposed views.
        query = np.ascontiguousarray(qkv[:, :, 0].transpose(0, 2, 1, 3))
        key_t = np.ascontiguousarray(qkv[:, :, 1].transpose(0, 2, 3, 1))
        value = np.ascontiguousarray(qkv[:, :, 2].transpose(0, 2, 1, 3))
        scores = query @ key_t
        scores *= scale
        scores += bias
        scores -= scores.max(axis=-1, keepdims=True)
        # exp(-80) is still a normal float32: subnormal weights would slow the next matmul
        # about a hundredfold, and anything this small adds nothing to the context.
        np.maximum(scores, np.float32(-80.0), out=scores)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ value).transpose(0, 2, 1, 3).reshape(batch * length, h)
        attended = context @ layer.attention_out + layer.attention_out_bias
        x = layer_norm(attended + x, layer.attention_norm, config.layer_norm_eps)
        inner = gelu(x @ layer.intermediate + layer.intermediate_bias)
        out = inner @ layer.output + layer.output_bias
        x = layer_norm(out + x, layer.output_norm, config.layer_norm_eps)
    hidden: Array = x.reshape(batch, length, h).astype(np.float32, copy=False)
    return hidden
