"""The command registry: what `/help`, the command menu, the README table and the guards are
built from (declared in bot/frame/state.py beside the context its callbacks take)."""

from bot.frame.state import ArgumentsTest, Callback, Command, without_arguments

__all__ = ["ArgumentsTest", "Callback", "Command", "without_arguments"]
