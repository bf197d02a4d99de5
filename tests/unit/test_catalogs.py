"""Every message is translated in every catalog, and the catalogs hold nothing else (issue 10).

When one of these fails after you added or changed a string in bot/texts/: mark it with N_()
(NP_() for plurals), run `python -m bot.texts.sync`, translate the new msgstr entries in
bot/locale/*/LC_MESSAGES/paperclub.po, and run the sync again to compile.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from babel.messages.catalog import Catalog

from bot.texts import LANGUAGES, MESSAGES, speaking, t
from bot.texts.markers import Plural
from bot.texts.sync import extract_template, mo_bytes, po_path, read_catalog, untranslated

FIX = "run `python -m bot.texts.sync`, translate, and run it again"


def message_ids() -> set[str]:
    """The English msgids the code uses (a plural is keyed by its singular, as gettext does)."""
    return {m.singular if isinstance(m, Plural) else m for m in MESSAGES.values()}


def catalog_ids(catalog: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def placeholders(text: str) -> Counter[str]:
    return Counter(re.findall(r"\{(\w*)[^{}]*\}", text))


def tags(text: str) -> Counter[str]:
    return Counter(re.findall(r"</?\w+", text))


def test_every_string_in_bot_texts_is_marked_for_extraction() -> None:
    extracted = catalog_ids(extract_template())
    unmarked = message_ids() - extracted
    assert not unmarked, f"wrap these in N_() so pybabel finds them: {sorted(unmarked)}"


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_catalog_translates_exactly_the_messages_the_code_uses(language: str) -> None:
    catalog = read_catalog(language)
    assert po_path(language).exists(), f"no catalog for {language}: {FIX}"
    missing = message_ids() - catalog_ids(catalog)
    assert not missing, f"{language} catalog lacks {sorted(missing)}: {FIX}"
    unused = catalog_ids(catalog) - message_ids()
    assert not unused, f"{language} catalog holds messages no code uses {sorted(unused)}: {FIX}"
    assert not untranslated(catalog), f"{language}: translate {untranslated(catalog)}"


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_translations_keep_every_placeholder_and_tag(language: str) -> None:
    for message in read_catalog(language):
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[-1]
        strings = (
            tuple(message.string)
            if isinstance(message.string, (tuple, list))
            else (message.string or "",)
        )
        for string in strings:
            assert placeholders(string) <= placeholders(source) + Counter(count=1), (
                f"{language}: {string!r} has a placeholder {source!r} lacks"
            )
            assert tags(string) == tags(source), f"{language}: {string!r} changes the markup"


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_committed_mo_is_the_compiled_po(language: str) -> None:
    compiled = po_path(language).with_suffix(".mo")
    assert compiled.exists(), f"{compiled} is missing: {FIX}"
    assert compiled.read_bytes() == mo_bytes(read_catalog(language)), f"stale .mo: {FIX}"


def test_the_chinese_catalog_is_what_t_returns() -> None:
    with speaking("zh"):
        assert t("paper.not_found", arxiv_id="2401.00001") == (
            "arXiv 上没有论文 2401.00001，请检查编号。"
        )
    assert (
        t("paper.not_found", arxiv_id="<x>") == "arXiv has no paper &lt;x&gt;: please check the id."
    )
