"""The one error the semantic ranker raises for a model folder it cannot use."""


class ModelError(Exception):
    """The model folder is missing a file, or a file does not match what is expected; the
    message is one line for the operator."""


class EncodingStopped(Exception):
    """The bot is stopping: an encode gives up between batches instead of holding the exit."""
