"""Which runtime can run the encoder, asked without importing it (no numpy either): the CLI's
`model check` and the encoder's choice ask the same question."""

from __future__ import annotations

import importlib.util


def runtime_installed() -> bool:
    """Whether onnxruntime can be imported (without importing it): the encoder then runs the
    folder's model.onnx with it, if there is one."""
    try:
        return importlib.util.find_spec("onnxruntime") is not None
    except (ImportError, ValueError):  # ValueError: a module of that name without a spec
        return False
