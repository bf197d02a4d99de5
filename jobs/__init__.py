"""Scheduled and background work: arXiv feeds and API, ranking, digests and reminders."""
