"""The SQLite catalog: the only package that touches the database (through sqlite-utils)."""
