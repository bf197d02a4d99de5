"""The operator's command line: `paperclub run` and the offline tools beside it."""
