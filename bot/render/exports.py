"""What /export says beside its files: a file that fits, a zip, or numbered parts (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.texts import Html, t
from store.export_files import Packed


@dataclass(frozen=True)
class ExportReply:
    """A message before the files (parts, or none sent), then each file's caption."""

    intro: Html | None
    captions: tuple[Html, ...]


def _megabytes(size: int) -> str:
    """55,912,345 → '55.9', 50,000,000 → '50'."""
    return f"{size / 1_000_000:.3g}"


def export_reply(packed: Packed, caption: Html, limit: int) -> ExportReply:
    """The captions for `packed`, saying whether and why it was zipped or split."""
    size, cap = _megabytes(packed.size), _megabytes(limit)
    if packed.how == "plain":
        return ExportReply(None, (caption,))
    if packed.how == "zipped":
        return ExportReply(
            None, (Html(f"{caption} {t('catalog.export_zipped', size=size, limit=cap)}"),)
        )
    if packed.how == "parts":
        total = len(packed.files)
        intro = Html(f"{caption}\n{t('catalog.export_parts', total=total, size=size, limit=cap)}")
        captions = tuple(
            t("catalog.export_part", number=number, total=total) for number in range(1, total + 1)
        )
        return ExportReply(intro, captions)
    return ExportReply(t("catalog.export_too_big", size=size), ())
