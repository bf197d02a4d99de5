"""Digests: choose a group's items, build them once per listing, deliver them."""
