"""The test suite. Importing it (conftest does, first) lets Python keep bytecode for the run.

A run starts some thirty Python processes (one xdist worker per core, `paperclub` CLIs and
services under test): where PYTHONDONTWRITEBYTECODE is set, each compiled every module of
bot/, jobs/, store/ and tests/ from source again, about 7 s of CPU per run on two cores.
The `__pycache__` folders this writes are ignored by git.
"""

import os
import sys

sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # for the processes the tests start
