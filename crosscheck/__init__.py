"""crosscheck: compare news articles about one event.

from crosscheck import CrossChecker, NLIModel
report = CrossChecker().check({"a": text_a, "b": text_b})
NLIModel.default().predict([("premise", "hypothesis")])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["CheckConfig", "CrossChecker", "CrosscheckError", "NLIModel", "NLIScores", "Report", "Verdict"]

if TYPE_CHECKING:
    from .config import CheckConfig
    from .errors import CrosscheckError
    from .inference.checker import CrossChecker
    from .inference.report import Report
    from .inference.types import Verdict
    from .models.nli import NLIModel, NLIScores

_WHERE = {
    "CheckConfig": ".config",
    "CrossChecker": ".inference.checker",
    "CrosscheckError": ".errors",
    "NLIModel": ".models.nli",
    "NLIScores": ".models.nli",
    "Report": ".inference.report",
    "Verdict": ".inference.types",
}


def __getattr__(name: str) -> Any:
    """Import lazily: ``crosscheck --help`` should not pay for importing torch."""
    if name in _WHERE:
        from importlib import import_module

        return getattr(import_module(_WHERE[name], __name__), name)
    raise AttributeError(f"module 'crosscheck' has no attribute {name!r}")
