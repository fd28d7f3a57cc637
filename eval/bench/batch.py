"""Many events: ``crosscheck batch`` on real NeuS events, the local engine against the Ray engine, in events/hour.

Why fresh processes, timed from outside: a user's batch pays for Python's start, the imports, the model
loading (and Ray's start) once per run, so the rate counts them, as the command's own summary line does.
Why interleaved rounds: the machine is shared, and a drift in its speed must hit both engines alike.
The processes inherit the bench's environment, OMP_WAIT_POLICY included (``omp_wait_policy`` in
configs/bench.yaml): with OpenMP's default, idle threads spin, and on 2 shared cores one run of the local
engine took 163 s instead of 23 s while other work ran (README, "Many events"); the value is in the report.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ...errors import CrosscheckError
from ...readers import parse_event
from .samples import require
from .settings import BatchSettings


def write_events(source: Path, count: int, out: Path) -> int:
    """The first ``count`` events of a NeuS ``.source`` file as a batch events file; returns how many."""
    lines = [line for line in require(source).read_text(encoding="utf-8").splitlines() if line.strip()][:count]
    with out.open("w", encoding="utf-8") as fh:
        for number, line in enumerate(lines):
            fh.write(json.dumps({"id": number, "sources": parse_event(line, "")[0]}, ensure_ascii=False) + "\n")
    return len(lines)


_LAUNCH = "import sys; from crosscheck.cli import main; sys.exit(main())"
"""The ``crosscheck`` console script's entry point, run by this Python (the package has no ``__main__``)."""


def batch_args(events: Path, out: Path, engine: str, settings: BatchSettings) -> list[str]:
    """The arguments of ``crosscheck`` for one engine's batch, as a user would type them."""
    args = ["batch", str(events), "--out", str(out), "--quiet"]
    if engine == "ray":
        return [*args, "--engine", "ray", "--concurrency", str(settings.ray_concurrency), "--threads",
                str(settings.ray_threads)]  # fmt: skip
    return [*args, "--threads", str(settings.local_threads)]


def _run(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _LAUNCH, *args], env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise CrosscheckError(f"bench: crosscheck {' '.join(args)} failed ({done.returncode}): {tail}")
    return seconds


def events_per_hour(settings: BatchSettings, data_root: Path) -> dict[str, Any]:
    """Events/hour of the local and the Ray engine on the same events file, interleaved rounds, median.

    Each round writes to a fresh output file (the batch resumes, so a reused one would skip every event).
    Also reports whether the two engines wrote the same bytes: they do only when their ``--threads`` match
    (bf16 kernels round differently with another thread count; README, "Many events").
    """
    env = dict(os.environ)
    seconds: dict[str, list[float]] = {"local": [], "ray": []}
    with tempfile.TemporaryDirectory(prefix="crosscheck-bench-batch-") as folder:
        events = Path(folder) / "events.jsonl"
        count = write_events(data_root / settings.source, settings.events, events)
        outputs: dict[str, Path] = {}
        for round_number in range(settings.rounds):
            for engine in seconds:
                out = Path(folder) / f"{engine}-{round_number}.jsonl"
                seconds[engine].append(_run(batch_args(events, out, engine, settings), env))
                outputs[engine] = out
        results = {engine: out.read_bytes() for engine, out in outputs.items()}
    errors = {engine: data.count(b'{"error":') for engine, data in results.items()}
    lines = {engine: data.count(b"\n") for engine, data in results.items()}
    rows = [
        {
            "engine": engine,
            "command": " ".join(
                ["crosscheck", *batch_args(Path("events.jsonl"), Path(f"{engine}.jsonl"), engine, settings)]
            ),
            "seconds": statistics.median(times),
            "seconds_each_round": times,
            "events_per_hour": 3600 * count / statistics.median(times),
            "result_lines": lines[engine],
            "errors": errors[engine],
        }
        for engine, times in seconds.items()
    ]
    return {
        "events": count,
        "source": settings.source,
        "rounds": settings.rounds,
        "omp_wait_policy": env.get("OMP_WAIT_POLICY"),
        "timing": "wall time of each `crosscheck batch` process, start to exit (imports, model loading, Ray's start "
        "included); interleaved rounds, the median counts",
        "same_bytes": results["local"] == results["ray"],
        "rows": rows,
    }
