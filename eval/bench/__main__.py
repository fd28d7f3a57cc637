"""``python -m crosscheck.eval.bench``: the benchmark without the rest of the ``crosscheck`` CLI."""

import sys

from .cli import main

sys.exit(main())
