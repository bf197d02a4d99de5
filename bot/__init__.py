"""The Telegram side of paperclub: handlers, formatting and the application wiring."""
