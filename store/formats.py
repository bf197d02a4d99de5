"""The catalog's export formats, apart from the exporters: the CLI lists them in --help without
loading SQLite."""

from __future__ import annotations

EXPORT_FORMATS = ("md", "json", "csv", "bibtex", "ris", "csljson")
