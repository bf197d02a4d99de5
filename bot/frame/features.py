"""A feature declared as data: its commands, its other handlers and its hooks, all explicit,
so a misspelt hook is a type error instead of silently doing nothing (declared in
bot/frame/state.py beside the state that holds them)."""

from bot.frame.state import Feature, GroupHook, Handler, StartupHook

__all__ = ["Feature", "GroupHook", "Handler", "StartupHook"]
