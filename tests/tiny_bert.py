"""A tiny BERT sentence-embedding model the semantic tests write themselves: a WordPiece
tokenizer.json built with `tokenizers`, a small random config and safetensors weights."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file
from tokenizers import Tokenizer, normalizers, pre_tokenizers, processors
from tokenizers.models import WordPiece

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
WORDS = " ".join(
    [
        "low rank adaptation of large language models retrieval augmented generation for",
        "question answering a the and with we propose sparse mixture experts agent tool use",
        "memory long context attention efficient fine tuning parameter flight safety image",
        "diffusion",
    ]
).split()
PIECES = ["##s", "##ing", "##ed", "##er", "##a", "##e", "##o", "##r", "##t", "##n", "##l"]
LETTERS = list("abcdefghijklmnopqrstuvwxyz0123456789.,-")
VOCAB = [*SPECIAL, *dict.fromkeys(WORDS), *PIECES, *LETTERS]
HIDDEN_SIZE, INTERMEDIATE_SIZE, LAYERS, POSITIONS = 16, 32, 2, 40
CONFIG = {
    "architectures": ["BertModel"],
    "model_type": "bert",
    "hidden_act": "gelu",
    "hidden_size": HIDDEN_SIZE,
    "num_hidden_layers": LAYERS,
    "num_attention_heads": 4,
    "intermediate_size": INTERMEDIATE_SIZE,
    "max_position_embeddings": POSITIONS,
    "type_vocab_size": 2,
    "layer_norm_eps": 1e-12,
    "vocab_size": len(VOCAB),
    "pad_token_id": 0,
}


def build_tokenizer() -> Tokenizer:
    """An uncased BERT WordPiece tokenizer over the tiny vocabulary."""
    tokenizer = Tokenizer(WordPiece({w: i for i, w in enumerate(VOCAB)}, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", 2), ("[SEP]", 3)],
    )
    return tokenizer


def tiny_tensors(seed: int = 7) -> dict[str, np.ndarray]:
    """Random weights in torch's layout ((out, in) matrices), reproducible from the seed."""
    rng = np.random.default_rng(seed)
    h, inner = HIDDEN_SIZE, INTERMEDIATE_SIZE

    def normal(*shape: int, scale: float = 0.3) -> np.ndarray:
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    tensors = {
        "embeddings.word_embeddings.weight": normal(len(VOCAB), h),
        "embeddings.position_embeddings.weight": normal(POSITIONS, h),
        "embeddings.token_type_embeddings.weight": normal(2, h),
        "embeddings.LayerNorm.weight": 1 + normal(h, scale=0.1),
        "embeddings.LayerNorm.bias": normal(h, scale=0.1),
    }
    for layer in range(LAYERS):
        base = f"encoder.layer.{layer}"
        for name, n_in, n_out in (
            ("attention.self.query", h, h),
            ("attention.self.key", h, h),
            ("attention.self.value", h, h),
            ("attention.output.dense", h, h),
            ("intermediate.dense", h, inner),
            ("output.dense", inner, h),
        ):
            tensors[f"{base}.{name}.weight"] = normal(n_out, n_in)
            tensors[f"{base}.{name}.bias"] = normal(n_out, scale=0.1)
        for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
            tensors[f"{base}.{norm}.weight"] = 1 + normal(h, scale=0.1)
            tensors[f"{base}.{norm}.bias"] = normal(h, scale=0.1)
    return tensors


def write_tiny_model(folder: Path, seed: int = 7) -> Path:
    """Write config.json, tokenizer.json and model.safetensors into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps(CONFIG, indent=2), encoding="utf-8")
    build_tokenizer().save(str(folder / "tokenizer.json"))
    save_file(tiny_tensors(seed), str(folder / "model.safetensors"))
    return folder
