"""The numpy BERT encoder on a tiny model the tests write themselves (nothing downloaded)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")  # the `semantic` extra (part of `dev`)

from jobs.rank.semantic.bert import erf, gelu  # noqa: E402
from jobs.rank.semantic.encoder import load_encoder  # noqa: E402
from jobs.rank.semantic.errors import ModelError  # noqa: E402
from tests.tiny_bert import write_tiny_model  # noqa: E402

FIXTURE = Path(__file__).parents[1] / "fixtures" / "semantic" / "tiny_reference.json"


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_model(tmp_path_factory.mktemp("tiny-model"))


def test_matches_torch_reference(model_dir: Path) -> None:
    """Same vectors as transformers' BertModel + mean pooling computed once with torch."""
    reference = json.loads(FIXTURE.read_text(encoding="utf-8"))
    encoder = load_encoder(model_dir)
    vectors = encoder.encode(reference["texts"], batch_size=2)
    assert np.abs(vectors - np.array(reference["vectors"])).max() < 1e-5


def test_vectors_are_unit_length_in_input_order(model_dir: Path) -> None:
    encoder = load_encoder(model_dir)
    texts = ["flight safety", "low rank adaptation of large language models", "memory"]
    vectors = encoder.encode(texts)
    assert vectors.shape == (3, 16)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    one_by_one = np.stack([encoder.encode([text])[0] for text in texts])
    assert np.abs(vectors - one_by_one).max() < 1e-5  # padding in a batch changes nothing


def test_long_texts_are_cut_to_the_model_length(model_dir: Path) -> None:
    encoder = load_encoder(model_dir)
    long = "retrieval augmented generation " * 200
    cut = " ".join(long.split()[:38])  # 40 tokens with [CLS] and [SEP]
    assert len(encoder.tokenizer.encode(long).ids) == 40
    assert np.abs(encoder.encode([long])[0] - encoder.encode([cut])[0]).max() < 1e-5


def test_empty_input_gives_no_rows(model_dir: Path) -> None:
    assert load_encoder(model_dir).encode([]).shape == (0, 16)


@pytest.mark.parametrize("x", [-6.0, -2.5, -1.0, -0.3, 0.0, 0.2, 0.9, 1.7, 3.0, 5.5])
def test_erf_and_gelu_match_the_math_library(x: float) -> None:
    value = np.array([x], dtype=np.float32)
    assert abs(float(erf(value)[0]) - math.erf(x)) < 3e-7
    assert abs(float(gelu(value)[0]) - 0.5 * x * (1 + math.erf(x / math.sqrt(2)))) < 1e-6


def test_missing_file_is_named(model_dir: Path, tmp_path: Path) -> None:
    for name in ("config.json", "tokenizer.json"):
        (tmp_path / name).write_bytes((model_dir / name).read_bytes())
    with pytest.raises(ModelError, match=r"model\.safetensors.*paperclub model fetch"):
        load_encoder(tmp_path)


def test_wrong_tensor_shape_is_refused(model_dir: Path, tmp_path: Path) -> None:
    for name in ("tokenizer.json", "model.safetensors"):
        (tmp_path / name).write_bytes((model_dir / name).read_bytes())
    config = json.loads((model_dir / "config.json").read_text())
    config["intermediate_size"] = 48
    (tmp_path / "config.json").write_text(json.dumps(config))
    with pytest.raises(ModelError, match=r"intermediate\.dense\.weight has shape"):
        load_encoder(tmp_path)


def test_other_architectures_are_refused(model_dir: Path, tmp_path: Path) -> None:
    for name in ("tokenizer.json", "model.safetensors"):
        (tmp_path / name).write_bytes((model_dir / name).read_bytes())
    config = json.loads((model_dir / "config.json").read_text())
    config["hidden_act"] = "relu"
    (tmp_path / "config.json").write_text(json.dumps(config))
    with pytest.raises(ModelError, match="hidden_act"):
        load_encoder(tmp_path)


def test_corrupt_weights_are_refused(model_dir: Path, tmp_path: Path) -> None:
    for name in ("config.json", "tokenizer.json"):
        (tmp_path / name).write_bytes((model_dir / name).read_bytes())
    (tmp_path / "model.safetensors").write_bytes(b"not safetensors")
    with pytest.raises(ModelError, match="cannot read"):
        load_encoder(tmp_path)
