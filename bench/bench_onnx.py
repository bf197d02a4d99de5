"""An experiment, not used by the bot: the pinned all-MiniLM-L6-v2 weights as an ONNX graph built
here from model.safetensors (no torch, no third-party weights), run by ONNX Runtime on one
thread, against the numpy encoder: CPU per 1,000 papers, and the cosine of its vectors to the
numpy encoder's. With --int8, the weight matrices are quantized here (dynamic, per channel).

Run: .venv/bin/pip install onnxruntime onnx  (plus sympy for --int8's shape inference)
     .venv/bin/python -m bench.bench_onnx MODEL_DIR FEED_FILES... [--papers 200] [--int8]
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import math
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from jobs.arxiv.feeds import merge_feeds, parse_feed
from jobs.rank.semantic.bert import Array
from jobs.rank.semantic.embedder import paper_text
from jobs.rank.semantic.encoder import Encoder, load_encoder, mean_pool


class Graph:
    """Nodes and constant tensors of one ONNX graph, named as they are added."""

    def __init__(self, onnx: Any) -> None:
        self.onnx, self.nodes, self.constants, self.count = onnx, [], [], 0

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
    """The same forward pass as jobs/rank/semantic/bert.py, as an ONNX model."""
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
    return onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", 17)])


def quantized(onnx: Any, model: Any, folder: Path) -> Any:
    """The weight matrices in int8 (per channel), activations quantized as they come."""
    quantization = importlib.import_module("onnxruntime.quantization")
    raw, small = folder / "raw.onnx", folder / "int8.onnx"
    onnx.save(model, str(raw))
    constants = {c.name for c in model.graph.initializer}
    attention = [n.name for n in model.graph.node
                 if n.op_type == "MatMul" and n.input[1] not in constants]  # fmt: skip
    quantization.quantize_dynamic(
        str(raw), str(small), weight_type=quantization.QuantType.QInt8,
        op_types_to_quantize=["MatMul"], nodes_to_exclude=attention, per_channel=True,
    )  # fmt: skip
    print(f"int8 model: {small.stat().st_size / 2**20:.1f} MiB")
    return onnx.load(str(small))


def run_onnx(session: Any, encoder: Encoder, texts: list[str], batch: int) -> Array:
    """Unit vectors as Encoder.encode makes them (length-sorted batches, mean pooling)."""
    encodings = encoder.tokenizer.encode_batch(texts)
    order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
    out = np.zeros((len(texts), encoder.dimensions), dtype=np.float32)
    for start in range(0, len(order), batch):
        chosen = order[start : start + batch]
        length = max(len(encodings[i].ids) for i in chosen)
        ids = np.zeros((len(chosen), length), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, index in enumerate(chosen):
            ids[row, : len(encodings[index].ids)] = encodings[index].ids
            mask[row, : len(encodings[index].ids)] = 1
        bias = ((1.0 - mask[:, None, None, :].astype(np.float32)) * np.float32(-1e9)).astype(
            np.float32
        )
        feed = {"ids": ids, "positions": np.arange(length, dtype=np.int64), "bias": bias}
        out[chosen] = mean_pool(session.run(["hidden"], feed)[0], mask)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("feeds", nargs="+", type=Path)
    parser.add_argument("--papers", type=int, default=200)
    parser.add_argument("--int8", action="store_true")
    args = parser.parse_args()
    onnx, ort = importlib.import_module("onnx"), importlib.import_module("onnxruntime")
    encoder = load_encoder(args.model)
    feed = merge_feeds([parse_feed(gzip.decompress(f.read_bytes())) for f in args.feeds])
    texts = [paper_text(item.title, item.abstract) for item in feed.items[: args.papers]]
    model = bert_graph(onnx, encoder)
    with tempfile.TemporaryDirectory() as folder:
        if args.int8:
            model = quantized(onnx, model, Path(folder))
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    session = ort.InferenceSession(
        model.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )
    cpu = time.process_time()
    reference = encoder.encode(texts)
    cpu = time.process_time() - cpu
    print(f"numpy encoder: {cpu * 1000 / len(texts):.1f} s CPU per 1,000 papers")
    kind = "int8 (quantized here)" if args.int8 else "fp32 (the pinned weights)"
    for batch in (1, 2, 4):
        cpu = time.process_time()
        vectors = run_onnx(session, encoder, texts, batch)
        cpu = time.process_time() - cpu
        cosine = (reference * vectors).sum(axis=1)
        print(
            f"ONNX Runtime {kind}, batch {batch}: {cpu * 1000 / len(texts):.1f} s CPU per "
            f"1,000 papers; cosine to numpy's vectors min {cosine.min():.4f}, "
            f"mean {cosine.mean():.4f} ({len(texts)} papers)"
        )


if __name__ == "__main__":
    main()
