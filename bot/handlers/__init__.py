"""One module per feature; each declares its FEATURE (commands, handlers, hooks) as data."""
