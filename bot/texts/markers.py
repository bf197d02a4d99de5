"""Markers that make an English template a gettext message `pybabel extract` finds.

They return their arguments unchanged: the lookup happens in `t()`/`tn()` at send time, in the
language of the update or job (see bot/texts/__init__.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plural:
    """A message with a singular and a plural English form, looked up with `ngettext`."""

    singular: str
    plural: str


Message = str | Plural


def N_(message: str) -> str:
    """Mark `message` for extraction; Babel's default keywords include N_."""
    return message


def NP_(singular: str, plural: str) -> Plural:
    """Mark a plural message for extraction (Babel keyword `NP_:1,2`)."""
    return Plural(singular, plural)
