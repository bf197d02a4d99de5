"""Tests without a bot: pure functions and real SQLite, a quick loop."""
