"""``run_eval``: run the suites, then write report.json, report.md and report.html.

Why every suite runs guarded: an evaluation run is long, and one missing corpus or one
broken component (e.g. the brief generator) must cost its own entry in the report, not the
whole run. report.json records what is needed to reproduce or distrust a number: model
id and weights hash, config hash, the sha256 of every data file read, version and time.
"""

from __future__ import annotations

import dataclasses
import json
import time
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..config import config_hash
from ..errors import CrosscheckError
from ..io import atomic_write
from .config import SUITE_NAMES, EvalConfig, load_eval_config
from .context import EvalContext
from .data import DataFiles
from .render import none_ran_line, ran_any, to_html, to_markdown
from .suites import SUITES
from .suites.common import guarded

SCHEMA_VERSION = 1


class NothingRan(CrosscheckError):
    """Every requested suite failed (most often: its data is missing), so no report was written.

    Why not write it: an all-error report would replace the last real one (eval/reports/latest) with
    nothing worth reading. ``report`` holds what was found, for callers who want the error entries.
    """

    def __init__(self, message: str, report: dict) -> None:
        super().__init__(message)
        self.report = report


def _crosscheck_version() -> str:
    try:
        return version("crosscheck")
    except PackageNotFoundError:  # running from a checkout that was never pip-installed
        return "unknown"


def _run_suite(name: str, ctx: EvalContext) -> dict:
    runner = SUITES.get(name)
    if runner is None:
        known = ", ".join(SUITES)
        reason = "declared in configs/eval.yaml but has no runner yet" if name in SUITE_NAMES else "unknown suite"
        return {"status": "error", "error": f"suite {name!r}: {reason} (runnable: {known})"}
    start = time.perf_counter()
    # A runner may set its own status ("partial"); ``guarded`` only supplies "ok" when it does not.
    result = guarded(lambda: runner(ctx))
    result["seconds"] = round(time.perf_counter() - start, 2)
    return result


def run_eval(
    suites: list[str] | None, model: str | None, out_dir: Path, limit: int | None, *, config: EvalConfig | None = None
) -> dict:
    """Run ``suites`` (default: the config's ``default_suites``) and write the three report files to ``out_dir``.

    ``model`` is a local folder or hub id; None means the config's model (the shipped one).
    ``limit`` caps the pairs per dataset, for quick checks. Raises ``NothingRan`` (and writes nothing)
    when no suite could run.
    """
    config = config or load_eval_config()
    ctx = EvalContext(config, DataFiles(config.data_dir()), model or config.model.model, limit)
    results = {name: _run_suite(name, ctx) for name in (suites or config.default_suites)}
    report = {
        "schema_version": SCHEMA_VERSION,
        "crosscheck_version": _crosscheck_version(),
        "created_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "config_hash": config_hash(config),
        "config": dataclasses.asdict(config),
        "limit": limit,
        "model": ctx.model_info(),
        "data_files": ctx.files.hashes,
        "suites": results,
    }
    if not ran_any(report):
        raise NothingRan(f"{none_ran_line(report)}; nothing written to {out_dir}", report)
    write_reports(report, Path(out_dir))
    if ctx.model_spec == "default" and limit is None and set(results) >= {"seeds", "contrast", "nli"}:
        from .model_card import write_model_card

        write_model_card(report)
    return report


def write_reports(report: dict, out_dir: Path) -> None:
    """report.json (every number), report.md and report.html, each written atomically."""
    atomic_write(out_dir / "report.json", json.dumps(report, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    atomic_write(out_dir / "report.md", to_markdown(report))
    atomic_write(out_dir / "report.html", to_html(report))


def rerender(out_dir: Path, config: EvalConfig | None = None) -> dict:
    """Write report.md and report.html again from the report.json in ``out_dir``, running no suite.

    For a change to the renderer or to the targets: report.json stays as it is. Targets are the
    ones recorded in report.json, or the current configs/eval.yaml's for a report made before
    targets were recorded.
    """
    source = Path(out_dir) / "report.json"
    try:
        report = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CrosscheckError(f"{source}: no such file; run crosscheck eval first") from None
    except (OSError, ValueError) as exc:
        raise CrosscheckError(f"{source}: cannot read it as a report ({exc})") from None
    if not isinstance(report, dict) or not isinstance(report.get("suites"), dict):
        raise CrosscheckError(f"{source}: not an evaluation report (no suites)")
    targets = None if (report.get("config") or {}).get("targets") else (config or load_eval_config()).targets
    atomic_write(Path(out_dir) / "report.md", to_markdown(report, targets))
    atomic_write(Path(out_dir) / "report.html", to_html(report, targets))
    return report
