"""The evaluation suites by name. Each is ``run(ctx) -> dict`` of plain data for report.json."""

from __future__ import annotations

from collections.abc import Callable

from ..context import EvalContext
from . import contrast, crosssource, news, nli, seeds, summaries

SUITES: dict[str, Callable[[EvalContext], dict]] = {
    "seeds": seeds.run,
    "nli": nli.run,
    "crosssource": crosssource.run,
    "summaries": summaries.run,
    "contrast": contrast.run,
    "news": news.run,
}
