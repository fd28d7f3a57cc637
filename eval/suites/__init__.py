"""The evaluation suites by name. Each is ``run(ctx) -> dict`` of plain data for report.json.

The ``summaries`` suite is declared in configs/eval.yaml but has no runner yet.
"""

from __future__ import annotations

from collections.abc import Callable

from ..context import EvalContext
from . import crosssource, nli, seeds

SUITES: dict[str, Callable[[EvalContext], dict]] = {
    "seeds": seeds.run,
    "nli": nli.run,
    "crosssource": crosssource.run,
}
