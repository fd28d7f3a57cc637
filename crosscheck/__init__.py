"""crosscheck: compare news articles about one event.

from crosscheck import CrossChecker, NLIModel
report = CrossChecker().check({"a": text_a, "b": text_b})
NLIModel.default().predict([("premise", "hypothesis")])
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

# The design keeps models/, inference/, eval/ and configs/ at the top of the repository and maps them into this
# one import name: an installed wheel or editable install gets crosscheck.models <- models/ (and so on) from
# pyproject.toml's package-dir. Run from a source checkout without installing, the same subpackages are found
# here: the checkout's root joins this package's search path, so crosscheck.models is <root>/models.
_CHECKOUT = Path(__file__).resolve().parent.parent
if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "inference").is_dir() and str(_CHECKOUT) not in __path__:
    __path__.append(str(_CHECKOUT))

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
