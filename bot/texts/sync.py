"""`python -m bot.texts.sync`: extract the marked messages, update every catalog, compile.

The same steps as `pybabel extract`/`update`/`compile` (README: "Translations"), plus two
things pybabel does not do: English messages are their own translation, and the files are
written without line numbers or dates so that two engineers' catalog changes merge cleanly.
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from bot.texts.languages import DEFAULT_LANGUAGE, DOMAIN, LANGUAGES, LOCALE_DIR

TEXTS_DIR = Path(__file__).resolve().parent
KEYWORDS = {"N_": None, "NP_": (1, 2)}  # the markers of bot/texts/markers.py
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)  # headers stay put between runs


HEADER = "# paperclub's messages. Edit msgstr only; `python -m bot.texts.sync` writes the rest.\n#"


def _new_catalog(locale: str | None) -> Catalog:
    return Catalog(
        locale=locale,
        domain=DOMAIN,
        header_comment=HEADER,
        project=DOMAIN,
        version="1",
        copyright_holder="paperclub",
        creation_date=FIXED_DATE,
        fuzzy=False,
    )


def extract_template() -> Catalog:
    """Every marked message in bot/texts, in source order (what `pybabel extract` finds)."""
    template = _new_catalog(None)
    found = extract_from_dir(TEXTS_DIR, keywords=KEYWORDS)
    for _filename, _line, message, _comments, context in found:
        template.add(message, context=context)
    return template


def po_path(language: str) -> Path:
    """Where the editable catalog of `language` lives."""
    return LOCALE_DIR / LANGUAGES[language] / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(language: str) -> Catalog:
    """The catalog of `language` as committed (an empty one if it does not exist yet)."""
    path = po_path(language)
    if not path.exists():
        return _new_catalog(LANGUAGES[language])
    with path.open("rb") as file:
        return read_po(file, locale=LANGUAGES[language], domain=DOMAIN)


def po_bytes(catalog: Catalog) -> bytes:
    """The .po text, without locations (they change at every edit and make merges conflict)."""
    catalog.revision_date = FIXED_DATE
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, no_location=True, ignore_obsolete=True)
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    """The compiled catalog (fuzzy and untranslated messages are left out, as msgfmt does)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def untranslated(catalog: Catalog) -> list[str]:
    """Messages with no (or only a fuzzy) translation."""
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def update_catalog(language: str, template: Catalog) -> Catalog:
    """The committed catalog merged with the template; English fills itself in."""
    catalog = read_catalog(language)
    catalog.update(template, update_creation_date=True)
    if language == DEFAULT_LANGUAGE:
        for message in catalog:
            if message.id:
                message.string = message.id
                message.flags.discard("fuzzy")
    return catalog


def sync(languages: Iterable[str]) -> dict[str, list[str]]:
    """Update and compile each catalog; return what each still needs translated."""
    todo = {}
    for language in languages:
        # A fresh template each time: Catalog.update adopts the template's message objects.
        catalog = update_catalog(language, extract_template())
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(po_bytes(catalog))
        path.with_suffix(".mo").write_bytes(mo_bytes(catalog))
        todo[language] = untranslated(catalog)
    return todo


def main(argv: list[str] | None = None) -> int:
    """Run the sync and list what is left to translate."""
    parser = argparse.ArgumentParser(prog="python -m bot.texts.sync", description=__doc__)
    parser.parse_args(argv)
    todo = sync(LANGUAGES)
    for language, missing in todo.items():
        print(f"{language}: {len(missing)} to translate in {po_path(language)}")
        for message_id in missing:
            print(f"  {message_id[:90]!r}")
    return 1 if any(todo.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
