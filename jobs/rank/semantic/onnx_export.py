"""The pinned weights as an ONNX graph built here from model.safetensors (no torch, no
third-party weights), optionally with its weight matrices quantized to int8, written as the
model folder's model.onnx for ONNX Runtime. Needs `onnx` (and onnxruntime for int8) only here."""

from __future__ import annotations

import importlib
import logging
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from jobs.rank.semantic.bert import Array
from jobs.rank.semantic.encoder import Encoder, load_encoder
from jobs.rank.semantic.errors import ModelError
from jobs.rank.semantic.model_files import (
    ONNX_FILE,
    PINNED_ONNX_SHA256,
    PINNED_SHA256,
    sha256_of,
)

OPSET = 17
KINDS = ("int8", "fp32")
DEFAULT_KIND = "int8"  # chosen on the bench by a rule fixed beforehand (bench/bench_onnx.py)


class Graph:
    """Nodes and constant tensors of one ONNX graph, named as they are added."""

    def __init__(self, onnx: Any) -> None:
        self.onnx, self.count = onnx, 0
        self.nodes: list[Any] = []
        self.constants: list[Any] = []

    def const(self, value: Any) -> str:
        self.count += 1
        name = f"c{self.count}"
        self.constants.append(self.onnx.numpy_helper.from_array(np.asarray(value), name))
        return name

    def op(self, kind: str, inputs: list[str], **attributes: Any) -> str:
        self.count += 1
        out = f"t{self.count}"
        node = self.onnx.helper.make_node(kind, inputs, [out], name=f"n{self.count}", **attributes)
        self.nodes.append(node)
        return out

    def norm(self, x: str, scale_shift: tuple[Array, Array], eps: float) -> str:
        scale, shift = (self.const(v) for v in scale_shift)
        return self.op("LayerNormalization", [x, scale, shift], axis=-1, epsilon=eps)

    def linear(self, x: str, weight: Array, bias: Array) -> str:
        return self.op("Add", [self.op("MatMul", [x, self.const(weight)]), self.const(bias)])


def bert_graph(onnx: Any, encoder: Encoder) -> Any:
    """The same forward pass as jobs/rank/semantic/bert.py, as an ONNX model: inputs token
    ids, their positions and the attention bias (0 or -1e9), output the last hidden states."""
    config, weights, g = encoder.config, encoder.weights, Graph(onnx)
    h, heads, size, eps = (config.hidden_size, config.num_attention_heads, config.head_size,
                           config.layer_norm_eps)  # fmt: skip
    words = g.op("Gather", [g.const(weights.words), "ids"])
    positions = g.op("Gather", [g.const(weights.positions), "positions"])
    x = g.op("Add", [g.op("Add", [words, positions]), g.const(weights.token_types[0])])
    x = g.norm(x, weights.embedding_norm, eps)
    split = g.const(np.array([0, 0, heads, size], dtype=np.int64))
    joined = g.const(np.array([0, 0, h], dtype=np.int64))
    scale = g.const(np.float32(1 / math.sqrt(size)))
    for layer in weights.layers:
        parts = []
        for i, perm in enumerate(([0, 2, 1, 3], [0, 2, 3, 1], [0, 2, 1, 3])):
            cut = slice(i * h, (i + 1) * h)
            part = g.linear(x, np.ascontiguousarray(layer.qkv[:, cut]), layer.qkv_bias[cut])
            parts.append(g.op("Transpose", [g.op("Reshape", [part, split])], perm=perm))
        query, key_t, value = parts
        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [query, key_t]), scale]), "bias"])
        weights_ = g.op("Softmax", [scores], axis=-1)
        context = g.op("Transpose", [g.op("MatMul", [weights_, value])], perm=[0, 2, 1, 3])
        context = g.op("Reshape", [context, joined])
        attended = g.linear(context, layer.attention_out, layer.attention_out_bias)
        x = g.norm(g.op("Add", [attended, x]), layer.attention_norm, eps)
        inner = g.linear(x, layer.intermediate, layer.intermediate_bias)
        phi = g.op("Erf", [g.op("Mul", [inner, g.const(np.float32(1 / math.sqrt(2)))])])
        phi = g.op("Add", [phi, g.const(np.float32(1.0))])
        gelu = g.op("Mul", [g.op("Mul", [inner, phi]), g.const(np.float32(0.5))])
        out = g.linear(gelu, layer.output, layer.output_bias)
        x = g.norm(g.op("Add", [out, x]), layer.output_norm, eps)
    g.nodes.append(onnx.helper.make_node("Identity", [x], ["hidden"]))
    float_, int64 = onnx.TensorProto.FLOAT, onnx.TensorProto.INT64
    graph = onnx.helper.make_graph(
        g.nodes,
        "minilm",
        [
            onnx.helper.make_tensor_value_info("ids", int64, ["batch", "length"]),
            onnx.helper.make_tensor_value_info("positions", int64, ["length"]),
            onnx.helper.make_tensor_value_info("bias", float_, ["batch", 1, 1, "length"]),
        ],
        [onnx.helper.make_tensor_value_info("hidden", float_, ["batch", "length", h])],
        g.constants,
    )
    return onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", OPSET)])


def quantize_int8(onnx: Any, model: Any, fp32_path: Path, int8_path: Path) -> None:
    """The weight matrices in int8 (per output channel), activations quantized as they come;
    the attention's own products (no constant side) stay in float."""
    try:
        quantization = importlib.import_module("onnxruntime.quantization")
    except ImportError:
        raise ModelError("an int8 model needs onnxruntime: pip install onnxruntime") from None
    onnx.save(model, str(fp32_path))
    constants = {c.name for c in model.graph.initializer}
    attention = [n.name for n in model.graph.node
                 if n.op_type == "MatMul" and n.input[1] not in constants]  # fmt: skip
    root = logging.getLogger()
    root.addFilter(_no_preprocessing_advice)
    try:
        quantization.quantize_dynamic(
            str(fp32_path), str(int8_path), weight_type=quantization.QuantType.QInt8,
            op_types_to_quantize=["MatMul"], nodes_to_exclude=attention, per_channel=True,
        )  # fmt: skip
    finally:
        root.removeFilter(_no_preprocessing_advice)


def _no_preprocessing_advice(record: logging.LogRecord) -> bool:
    """The quantizer's advice to pre-process is about shape inference this graph does not need."""
    return "pre-processing before quantization" not in record.getMessage()


def build_onnx(folder: Path, kind: str, target: Path) -> None:
    """Write the folder's model as an ONNX file of this kind ("fp32" or "int8") at `target`."""
    if kind not in KINDS:
        raise ModelError(f"no ONNX kind {kind!r}: one of {', '.join(KINDS)}")
    try:
        onnx = importlib.import_module("onnx")
    except ImportError:
        raise ModelError("making the ONNX file needs onnx: pip install onnx") from None
    model = bert_graph(onnx, load_encoder(folder))
    if kind == "fp32":
        onnx.save(model, str(target))
        return
    with tempfile.TemporaryDirectory() as scratch:
        quantize_int8(onnx, model, Path(scratch) / "fp32.onnx", target)


def export_onnx(folder: Path, kind: str = DEFAULT_KIND) -> str:
    """Make the folder's model.onnx from its weights; where those are the pinned ones and a
    hash is pinned for this kind, a file of another hash is refused (nothing placed). Returns
    the file's sha256."""
    destination = folder / ONNX_FILE
    partial = destination.with_name(destination.name + ".part")
    build_onnx(folder, kind, partial)
    actual = sha256_of(partial)
    pinned = PINNED_ONNX_SHA256.get(kind)
    weights_pinned = sha256_of(folder / "model.safetensors") == PINNED_SHA256["model.safetensors"]
    if weights_pinned and pinned is not None and actual != pinned:
        partial.unlink()
        raise ModelError(
            f"the {kind} {ONNX_FILE} made here has sha256 {actual}, expected {pinned}: other "
            "onnx/onnxruntime versions than requirements-semantic.lock's? Nothing was placed"
        )
    os.replace(partial, destination)
    return actual
