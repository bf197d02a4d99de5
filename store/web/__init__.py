"""The catalog on the web: `paperclub web` serves it read-only with Datasette (extra `web`)."""
