"""`paperclub group` and `paperclub digest`: settings from the shell, an offline preview."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli.main import main
from store.db import open_db
from store.groups import get_group

FEEDS = Path(__file__).parents[1] / "fixtures" / "feeds"
CHAT = -1001234567890


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("PAPERCLUB_DB", str(tmp_path / "cli.db"))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    return tmp_path / "cli.db"


def test_group_settings_from_the_shell(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "group",
        str(CHAT),
        "--track",
        "cs.CL",
        "cs.ai",
        "--keywords",
        "memory, 检索增强, -brain",
    ]
    assert main([*args, "--timezone", "asia/shanghai", "--digest-time", "8:30"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["categories"] == ["cs.CL", "cs.AI"] and shown["timezone"] == "Asia/Shanghai"
    assert shown["keywords"] == ["memory", "检索增强", "-brain"] and shown["digest_time"] == "08:30"
    for bad in (["--track", "cs.XX"], ["--digest-size", "0"], ["--timezone", "Europe/Narnia"]):
        assert main(["group", str(CHAT), *bad]) == 1
    group = get_group(open_db(db_path), CHAT)
    assert group is not None and group.categories == ("cs.CL", "cs.AI")
    assert group.digest_size == 10


def test_offline_preview_ranks_local_feeds(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["group", str(CHAT), "--track", "cs.CL", "cs.AI", "--keywords", "memory, -brain"]) == 0
    )
    capsys.readouterr()
    feeds = [str(FEEDS / "new-2026-08-20-cs-cl.xml.gz"), str(FEEDS / "new-2026-08-20-cs-ai.xml.gz")]
    assert main(["digest", "--chat", str(CHAT), "--feed", *feeds, "--top", "5", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 5 and len({row["arxiv_id"] for row in rows}) == 5
    assert [row["rank"] for row in rows] == [1, 2, 3, 4, 5]
    scores = [row["score"] for row in rows]
    assert scores == sorted(scores, reverse=True)
    assert rows[0]["reasons"][0].startswith("matches: memory")
    assert all("brain" not in row["title"].lower() for row in rows)
    legacy = [str(FEEDS / "legacy-2024-01-05-cs-cl.xml.gz")]
    assert main(["digest", "--chat", str(CHAT), "--feed", *legacy]) == 0
    text = capsys.readouterr().out
    assert text.startswith("2024-01-04") and "  1. " in text
    assert main(["digest", "--chat", "42", "--feed", *legacy]) == 1
