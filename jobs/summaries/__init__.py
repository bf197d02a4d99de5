"""Optional machine summaries and draft notes from an OpenAI-compatible provider."""
