"""Pure rendering: data in, Telegram HTML and buttons out; no I/O."""
