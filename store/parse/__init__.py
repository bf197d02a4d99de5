"""Pure input parsing: ids, typed input, note fields, search queries, catalog Markdown, settings."""
