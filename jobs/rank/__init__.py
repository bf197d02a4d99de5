"""Ranking a day's papers for a group: listing index, catalog models, lexical and semantic."""
