"""``crosscheck batch --engine ray``: the same events and result lines, checked by a pool of Ray actors.

Each actor holds one ``CrossChecker`` (its models load once per actor) and turns one event at a time
into the same line as the local engine (``batch.result_line``), so the two engines write the same
bytes. The driver writes the lines in input order, as they arrive, through the same resumable writer.

Why ``read_text`` and not ``read_json``: ``read_json``'s default reader is Arrow's, which infers one schema
for the whole file, so every event's ``sources`` object becomes one struct type: source names merge across
events (missing ones read back as null) in first-seen order (which sets the tags A, B, C), and an id that is
a number on one line and a string on another fails the read (both seen with Ray 2.60). ``lines=True`` keeps
Python objects in Ray 2.60, but that is the reader's choice, not a promise. Each line is parsed by Python's
``json`` instead, exactly as in the local engine.

Ray is an optional extra (``pip install 'crosscheck[ray]'``); this module imports it only when used.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import TypeAdapter

from ..config import CheckConfig
from ..errors import CrosscheckError
from .batch import EventId, load_models, result_line


def _record(raw: str) -> dict[str, Any]:
    """One event line as the local engine reads it (``read_file`` drops a BOM; Ray's ``read_text`` does not)."""
    record: dict[str, Any] = json.loads(raw.lstrip("\ufeff"))
    return record


class CheckEvents:
    """Ray Data callable class: one actor, one checker; raw event lines in, result lines of pending events out."""

    def __init__(self, config: dict[str, Any], base: str, pending: frozenset[EventId]) -> None:
        from .checker import CrossChecker

        settings = TypeAdapter(CheckConfig).validate_python(config)
        if settings.nli.threads is not None:  # the CLI sets it for its own process; an actor is a process of its own
            import torch

            torch.set_num_threads(settings.nli.threads)
        self.checker = CrossChecker(settings)
        load_models(self.checker)
        self.base = Path(base)
        self.pending = pending

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        records = (_record(raw) for raw in batch["text"] if raw.strip())
        lines = [result_line(self.checker, r, self.base) for r in records if r["id"] in self.pending]
        return {"line": np.array(lines, dtype=object)}


def ray_lines(
    events_path: Path, pending: set[EventId], config: CheckConfig, base: Path, concurrency: int
) -> Iterator[str]:
    """Result lines of the ``pending`` events of ``events_path``, in input order, from ``concurrency`` actors.

    Uses the running Ray (a test's ``ray.init``), else connects to ``RAY_ADDRESS`` when set, else starts a
    local one. Each actor asks for ``nli.threads`` CPUs (1 when unset) and one GPU when ``nli.device`` is cuda.
    """
    try:
        import ray
        import ray.data
    except ImportError:
        raise CrosscheckError("--engine ray needs the ray extra: pip install 'crosscheck[ray]'") from None
    if not pending:
        return
    _check_model(config)
    started = not ray.is_initialized()
    if started:  # quiet unless something fails: Ray's full logs stay in its session folder (/tmp/ray)
        os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "error")
        ray.init(logging_level=logging.ERROR, log_to_driver=False)
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True  # lines in input order: the same file as the local engine
    context.enable_progress_bars = False  # our own bar counts events
    context.print_on_execution_start = False
    # Finished events are skipped inside the actors, not by ``Dataset.filter``: a filter would parse each
    # line in a task of its own, and Ray warns that a Python filter function is slow.
    # The read asks for no CPU: it is a small file, and an actor pool that takes every CPU (2 actors on
    # 2 cores) must not leave the read waiting for a CPU forever, which is what happens otherwise.
    dataset = ray.data.read_text(str(events_path.resolve()), num_cpus=0).map_batches(
        CheckEvents,
        fn_constructor_kwargs={
            "config": dataclasses.asdict(config),
            "base": str(base),
            "pending": frozenset(pending),
        },
        batch_size=1,  # one event per call: a result line reaches the file as soon as its event is done
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=concurrency),
        num_cpus=config.nli.threads or 1,
        num_gpus=1 if config.nli.device == "cuda" else 0,
    )
    try:
        for row in dataset.iter_rows():
            yield str(row["line"])
    except ray.exceptions.RayActorError as exc:  # an actor that could not start: its models did not load
        raise CrosscheckError(f"a Ray actor failed to start: {_first_line(exc)}") from None
    finally:
        if started:
            ray.shutdown()


def _check_model(config: CheckConfig) -> None:
    """A model folder that cannot load fails here, in one line, not as a traceback from each actor.

    Only the cheap checks (the folder, config.json, safetensors weights): the driver need not hold the
    models. A folder must be at the same path on the driver and on every worker.
    """
    if config.nli.model == "default":
        return
    from ..models.loading import check_weights, resolve

    check_weights(resolve(config.nli.model), config.nli.allow_pickle)


def _first_line(exc: BaseException) -> str:
    """The line of a Ray error that names what went wrong (Ray wraps it in tracebacks)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    named = [line for line in lines if "Error:" in line and not line.startswith("File ")]
    return (named or lines or [type(exc).__name__])[-1]
