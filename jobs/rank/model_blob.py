"""A catalog model as one blob (pure), so the store can keep it between digests and restarts:
a JSON header (keys, titles, text hashes, vocabulary) followed by the model's flat arrays."""

from __future__ import annotations

import json
import sys
from array import array
from typing import TypeVar

from jobs.rank.catalog_model import CatalogModel

T = TypeVar("T", int, float)

FORMAT = 2  # bump when the layout or the way entries are weighed changes: old blobs are rebuilt


class StaleBlob(ValueError):
    """A blob of another format or byte order: rebuild the model instead."""


def pack_model(model: CatalogModel) -> bytearray:
    """The model as bytes."""
    header = json.dumps(
        {
            "format": FORMAT,
            "byteorder": sys.byteorder,
            "keys": model.keys,
            "titles": model.titles,
            "notes": [1 if n else 0 for n in model.has_notes],
            "hashes": model.hashes,
            "terms": model.terms,
            "mass_square": model.mass_square,
        },
        ensure_ascii=False,
    ).encode("utf-8")
    arrays = (
        model.starts,
        model.words,
        model.weights,
        model.mass,
        model.counts,
        model.posting_starts,
        model.posting_entries,
        model.posting_weights,
    )
    blob = bytearray(len(header).to_bytes(4, "little"))
    blob += header
    for values in arrays:
        blob += memoryview(values).cast("B")  # one copy of the arrays, not two
    return blob


def unpack_model(blob: bytes | bytearray) -> CatalogModel:
    """The model a blob holds; StaleBlob if it was packed another way."""
    try:
        size = int.from_bytes(blob[:4], "little")
        header = json.loads(blob[4 : 4 + size].decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise StaleBlob(f"not a catalog model: {exc}") from None
    if header.get("format") != FORMAT or header.get("byteorder") != sys.byteorder:
        raise StaleBlob("a catalog model of another format")
    entries, terms = len(header["keys"]), len(header["terms"])
    view = memoryview(blob)[4 + size :]
    starts, view = _take(view, array("I"), entries + 1)
    count = starts[-1]
    words, view = _take(view, array("I"), count)
    weights, view = _take(view, array("d"), count)
    mass, view = _take(view, array("d"), terms)
    counts, view = _take(view, array("I"), terms)
    posting_starts, view = _take(view, array("I"), terms + 1)
    posting_entries, view = _take(view, array("I"), count)
    posting_weights, view = _take(view, array("d"), count)
    if len(view):
        raise StaleBlob("a catalog model with trailing bytes")
    return CatalogModel(
        tuple(header["keys"]),
        tuple(header["titles"]),
        tuple(bool(n) for n in header["notes"]),
        tuple(header["hashes"]),
        tuple(header["terms"]),
        starts,
        words,
        weights,
        mass,
        counts,
        float(header["mass_square"]),
        posting_starts,
        posting_entries,
        posting_weights,
    )


def _take(view: memoryview, values: array[T], length: int) -> tuple[array[T], memoryview]:
    """`values` filled with the next `length` items of `view`, and the rest of `view`."""
    end = length * values.itemsize
    if len(view) < end:
        raise StaleBlob("a truncated catalog model")
    values.frombytes(view[:end])
    return values, view[end:]
