"""arXiv: feeds, the API, the shared pacer, its calendar and the feed watcher."""
