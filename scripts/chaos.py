#!/usr/bin/env python3
"""make chaos: fault injection against a running stack. The scenarios live in scripts/chaos/
(runner.py: options, table, main; one module per scenario group); see its runner.py docstring
or `python3 scripts/chaos.py --help`."""

import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from chaos.runner import main  # noqa: E402  (the package chaos/ beside this file)

if __name__ == "__main__":
    sys.exit(main())
