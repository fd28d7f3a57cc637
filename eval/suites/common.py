"""Failure isolation: a suite (or one dataset in it) that fails becomes an error entry, never a crash.

Why per dataset as well as per suite: SNLI test takes minutes; a missing SICK file should
cost the report one line, not the SNLI numbers beside it.
"""

from __future__ import annotations

from collections.abc import Callable


def one_line(exc: BaseException) -> str:
    """The error's type and the first line of its message (which names the missing path, for data errors)."""
    message = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {message[0]}" if message else type(exc).__name__


def guarded(run: Callable[[], dict]) -> dict:
    """``{"status": "ok", **run()}``, or ``{"status": "error", "error": ...}`` if it raised."""
    try:
        return {"status": "ok", **run()}
    except Exception as exc:  # any failure is reported, and the other suites still run
        return {"status": "error", "error": one_line(exc)}


def run_sets(sets: dict[str, Callable[[], dict]]) -> dict:
    """Run each dataset guarded. The suite is "ok" if all ran, "partial" if some did, "error" if none did."""
    results = {name: guarded(run) for name, run in sets.items()}
    failed = [r for r in results.values() if r["status"] == "error"]
    if len(failed) == len(results):
        return {
            "status": "error",
            "error": failed[0]["error"] if failed else "no datasets configured",
            "datasets": results,
        }
    return {"status": "partial" if failed else "ok", "datasets": results}
