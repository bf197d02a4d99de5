"""The catalog's schema as numbered migrations, applied in order."""
