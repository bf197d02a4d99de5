"""The ONNX Runtime encoder on the tiny test model: the same vectors as the numpy encoder, an
export that gives the same bytes twice, and numpy whenever onnxruntime or model.onnx is absent."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")  # the `semantic` extra (part of `dev`)

from bot.cli.main import main  # noqa: E402
from jobs.rank.semantic.encoder import MODEL_FILES, Encoder, load_encoder  # noqa: E402
from jobs.rank.semantic.model_files import ONNX_FILE  # noqa: E402
from jobs.rank.semantic.onnx_encoder import OnnxEncoder, load_text_encoder  # noqa: E402
from jobs.rank.semantic.onnx_export import export_onnx  # noqa: E402
from tests.tiny_bert import write_tiny_model  # noqa: E402

TEXTS = [
    "flight safety",
    "low rank adaptation of large language models",
    "retrieval augmented generation for question answering with long context memory",
    "sparse mixture experts",
    "diffusion",
]
needs_runtime = pytest.mark.skipif(
    importlib.util.find_spec("onnxruntime") is None or importlib.util.find_spec("onnx") is None,
    reason="onnxruntime and onnx not installed",
)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_model(tmp_path_factory.mktemp("tiny-model"))


def folder_with_onnx(model_dir: Path, target: Path, kind: str) -> Path:
    shutil.copytree(model_dir, target)
    export_onnx(target, kind)
    return target


@needs_runtime
def test_fp32_onnx_vectors_are_numpys(model_dir: Path, tmp_path: Path) -> None:
    folder = folder_with_onnx(model_dir, tmp_path / "fp32", "fp32")
    encoder = load_text_encoder(folder)
    assert isinstance(encoder, OnnxEncoder)
    vectors = encoder.encode(TEXTS, batch_size=2)
    assert np.abs(vectors - load_encoder(model_dir).encode(TEXTS)).max() < 1e-5


@needs_runtime
def test_int8_onnx_vectors_agree_with_numpys(model_dir: Path, tmp_path: Path) -> None:
    folder = folder_with_onnx(model_dir, tmp_path / "int8", "int8")
    encoder = load_text_encoder(folder)
    vectors = encoder.encode(TEXTS)
    cosine = (vectors * load_encoder(model_dir).encode(TEXTS)).sum(axis=1)
    assert cosine.min() >= 0.99
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.name != load_encoder(model_dir).name  # its vectors are stored apart


@needs_runtime
@pytest.mark.parametrize("kind", ["fp32", "int8"])
def test_the_export_gives_the_same_bytes_twice(model_dir: Path, tmp_path: Path, kind: str) -> None:
    folder = folder_with_onnx(model_dir, tmp_path / kind, kind)
    first = (folder / ONNX_FILE).read_bytes()
    export_onnx(folder, kind)
    assert (folder / ONNX_FILE).read_bytes() == first


@needs_runtime
def test_the_onnx_encoder_stops_between_batches(model_dir: Path, tmp_path: Path) -> None:
    import threading

    from jobs.rank.semantic.errors import EncodingStopped

    encoder = load_text_encoder(folder_with_onnx(model_dir, tmp_path / "stop", "fp32"))
    stop = threading.Event()
    stop.set()
    with pytest.raises(EncodingStopped):
        encoder.encode(TEXTS, stop=stop)


def test_numpy_without_model_onnx(model_dir: Path) -> None:
    assert not (model_dir / ONNX_FILE).exists()
    assert isinstance(load_text_encoder(model_dir), Encoder)


def test_numpy_without_onnxruntime(
    model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "model"
    shutil.copytree(model_dir, folder)
    (folder / ONNX_FILE).write_bytes(b"not read: onnxruntime is absent")
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # `import onnxruntime` now fails
    encoder = load_text_encoder(folder)
    assert isinstance(encoder, Encoder)
    assert np.abs(encoder.encode(TEXTS) - load_encoder(model_dir).encode(TEXTS)).max() == 0


@needs_runtime
def test_the_ranker_embeds_with_onnx_when_the_folder_has_it(
    model_dir: Path, tmp_path: Path
) -> None:
    from jobs.rank.semantic.embedder import SemanticRanker

    folder = folder_with_onnx(model_dir, tmp_path / "model", "fp32")
    ranker = SemanticRanker(folder, tmp_path / "club.db")
    vectors = ranker.embed(TEXTS, date(2026, 8, 19))
    assert ranker.encoder().name.startswith("onnx-")
    expected = load_encoder(model_dir).encode(TEXTS)
    assert np.abs(vectors - expected).max() < 2e-3  # stored as float16
    ranker.close()


def test_model_onnx_needs_the_pinned_weights(
    model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["model", "onnx", str(model_dir)]) == 1
    assert "run paperclub model fetch" in capsys.readouterr().err
    assert not (model_dir / ONNX_FILE).exists()


@needs_runtime
def test_an_export_of_the_pinned_weights_with_another_hash_is_refused(
    model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jobs.rank.semantic import onnx_export
    from jobs.rank.semantic.errors import ModelError
    from jobs.rank.semantic.model_files import sha256_of

    folder = tmp_path / "model"
    shutil.copytree(model_dir, folder)
    weights = {"model.safetensors": sha256_of(folder / "model.safetensors")}
    monkeypatch.setattr(onnx_export, "PINNED_SHA256", weights)  # these weights as if pinned
    monkeypatch.setattr(onnx_export, "PINNED_ONNX_SHA256", {"fp32": "0" * 64})
    with pytest.raises(ModelError, match="expected 0000"):
        export_onnx(folder, "fp32")
    assert sorted(p.name for p in folder.iterdir()) == sorted(MODEL_FILES)
