"""One module per feature; each exposes COMMANDS (and HANDLERS for buttons and updates)."""
