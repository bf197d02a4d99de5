"""Telegram plumbing under every handler: state, context, guards, update order, errors, menus."""
