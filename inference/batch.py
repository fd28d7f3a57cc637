"""Many events in one run: ``crosscheck batch EVENTS.jsonl --out RESULTS.jsonl``.

One input line per event, ``{"id": ..., "sources": {"name": "text or path", ...}}``; one output line
per event, ``{"id": ..., "report": {...}}`` or ``{"id": ..., "error": "..."}``.

Why the output is appended one whole line at a time: a batch of thousands of events runs for hours,
and a kill, a crash or Ctrl-C must lose at most the event in progress. Each result line goes to the
file in one ``write`` and is flushed to disk before the next event starts, so the file only ever
ends in a torn line if the process died inside that one write; a rerun cuts such a tail off and
skips every id already in the file (resume).

Why one event's failure is a line and not a stop: a bad source (missing file, too long, one source
only) in event 4,000 must not cost the 3,999 before it or the ones after it. Problems with the input
file itself (a line that is not JSON, an id missing or repeated) stop the batch before any model
loads, because no result line could name their event.

Why the result lines are the same whatever the engine: both engines call ``result_line`` on each
event, one event at a time (NLI batches never mix events, so padding and scores are the same), and
the report holds no timings or machine paths (sources are named by their keys, the model by its
folder name and weight hash).
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from tqdm.auto import tqdm

from ..config import CheckConfig
from ..errors import CrosscheckError, InputError
from .ingest import read_file

if TYPE_CHECKING:  # the checker loads torch (seconds): a malformed events file is refused before that
    from .checker import CrossChecker

EventId = str | int
Engine = Literal["local", "ray"]

_PATH = re.compile(r"[^\n]{1,4096}\.(?:txt|md)")
"""A source value that is a path to an article file rather than its text: one line ending in .txt or .md
(the extensions ``crosscheck check`` takes). A missing file is then an error, never read as text."""


@dataclass(frozen=True)
class Event:
    """One input line, its id checked; ``sources`` is checked when the event runs (its error is its own)."""

    line: int
    id: EventId
    sources: Any


@dataclass(frozen=True)
class BatchSummary:
    """What one run did: events in the input, skipped as already in the output, checked now, and errors."""

    total: int
    skipped: int
    checked: int
    errors: int
    seconds: float

    @property
    def per_hour(self) -> float:
        return 3600 * self.checked / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        return (
            f"{self.checked} events checked ({self.errors} errors), {self.skipped} already done, "
            f"{self.total} in all; {self.seconds:.1f} s, {self.per_hour:,.0f} events/hour"
        )


def _id_of(record: Any, where: str) -> EventId:
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object with an id, got {type(record).__name__}")
    if "id" not in record:
        raise InputError(f"{where}: no id")
    value = record["id"]
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError(f"{where}: the id must be a string or a whole number, got {value!r}")
    return value


def read_events(path: Path) -> list[Event]:
    """Every event of an events file, or one error naming the line that no result could name.

    Read whole before any model loads, so a malformed file fails in a second, and the progress bar
    knows the total.
    """
    try:
        text = read_file(path)
    except InputError as exc:
        raise InputError(f"events file {exc}") from None
    events: list[Event] = []
    seen: dict[EventId, int] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        where = f"{path} line {number}"
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not JSON ({exc.msg})") from None
        event_id = _id_of(record, where)
        if event_id in seen:
            raise InputError(f"{where}: id {event_id!r} repeats line {seen[event_id]}; ids must be unique")
        seen[event_id] = number
        events.append(Event(number, event_id, record.get("sources")))
    return events


def finished_ids(out: Path) -> set[EventId]:
    """Ids that already have a result line in ``out``; a torn last line (killed mid-write) is cut off.

    Read line by line, not whole: an output of thousands of full reports can be gigabytes.
    """
    if not out.exists():
        return set()
    if not out.is_file():
        raise InputError(f"{out}: is not a file")
    ids: set[EventId] = set()
    whole = 0
    with out.open("rb") as fh:
        for number, line in enumerate(fh, 1):
            if not line.endswith(b"\n"):
                break  # written in one write with its newline: no newline means the write was cut short
            whole += len(line)
            if not line.strip():
                continue
            where = f"{out} line {number}"
            try:
                record = json.loads(line)
            except ValueError:
                raise InputError(f"{where}: not JSON; is this a crosscheck batch output? give another --out") from None
            event_id = _id_of(record, where)
            if "report" not in record and "error" not in record:
                raise InputError(f"{where}: neither a report nor an error; give another --out")
            ids.add(event_id)
    if whole < out.stat().st_size:
        with out.open("r+b") as fh:
            fh.truncate(whole)
    return ids


def event_sources(sources: Any, base: Path, max_chars: int) -> dict[str, str]:
    """{name: text} of one event: each value is the article's text, or a path to it (relative to ``base``).

    Why paths resolve against the events file's folder, not the working directory: the same events
    file then works from anywhere, and on every Ray worker that sees the same folder.
    """
    if not isinstance(sources, dict) or not sources:
        raise InputError('"sources" must be an object of {"name": "text or path"}')
    named = {}
    for name, value in sources.items():
        if not isinstance(value, str):
            raise InputError(f"source {name!r}: expected its text or a path, got {type(value).__name__}")
        if _PATH.fullmatch(value.strip()):
            named[name] = read_file(base / value.strip(), max_chars=max_chars, label=value.strip())
        else:
            named[name] = value
    return named


def _one_line(exc: BaseException) -> str:
    message = str(exc) if isinstance(exc, CrosscheckError) else f"{type(exc).__name__}: {exc}"
    return " ".join(message.split())


def result_line(checker: CrossChecker, record: Mapping[str, Any], base: Path) -> str:
    """The output line of one event: its report, or its error on one line. Both engines use this.

    Compact JSON with sorted keys: one event is one line, and the same event gives the same bytes.
    """
    event_id = record["id"]
    try:
        items = event_sources(record.get("sources"), base, checker.config.limits.max_source_chars)
        out: dict[str, Any] = {"id": event_id, "report": checker.check(items).to_dict()}
    except Exception as exc:  # one event's failure, whatever it is, must not stop the batch
        out = {"id": event_id, "error": _one_line(exc)}
    return json.dumps(out, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


class ResultWriter:
    """Appends whole lines: one ``os.write`` per line, then ``fsync``, so a kill tears at most the last one.

    The file is opened at the first line, so a batch that fails before its first event leaves no file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def write(self, line: str) -> None:
        if self.fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        data = line.encode("utf-8")
        written = os.write(self.fd, data)
        while written < len(data):  # a regular file takes it in one go; this is only for odd file systems
            written += os.write(self.fd, data[written:])
        os.fsync(self.fd)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> ResultWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def load_models(checker: CrossChecker) -> None:
    """Load the models before the first event, so that a model that cannot load stops the batch in one line.

    Why: models load lazily, on the first check, so otherwise every event would become an error line
    ("model not found"), and a rerun would skip them all as done.
    """
    _ = checker.nli, checker.embedder


def _local_lines(checker: CrossChecker, pending: list[Event], base: Path) -> Iterator[str]:
    for event in pending:
        yield result_line(checker, {"id": event.id, "sources": event.sources}, base)


def run_batch(
    events_path: Path,
    out: Path,
    config: CheckConfig | None = None,
    *,
    engine: Engine = "local",
    concurrency: int = 1,
    progress: bool = False,
    checker: CrossChecker | None = None,
) -> BatchSummary:
    """Check every event of ``events_path`` not yet in ``out``, appending one result line per event.

    ``checker`` (local engine only) lets a caller reuse loaded models; the Ray engine builds one per
    actor from ``config``. Progress, when asked for, is a tqdm bar of events with rate and time left.
    """
    config = config or (checker.config if checker else CheckConfig.default())
    if events_path.resolve() == out.resolve():
        raise InputError(f"{out}: is the events file; give another --out")
    events = read_events(events_path)
    done = finished_ids(out)
    pending = [e for e in events if e.id not in done]
    base = events_path.resolve().parent
    start = time.perf_counter()
    errors = checked = 0
    if engine == "local":
        from .checker import CrossChecker

        local = checker or CrossChecker(config)
        if pending:
            load_models(local)
        lines = _local_lines(local, pending, base)
    elif engine == "ray":
        from .ray_engine import ray_lines

        lines = ray_lines(events_path, {e.id for e in pending}, config, base, concurrency)
    else:
        raise InputError(f"unknown engine {engine!r}; use local or ray")
    bar = tqdm(total=len(pending), unit="event", disable=not progress, file=sys.stderr, desc="events")
    with ResultWriter(out) as writer, bar:
        for line in lines:
            writer.write(line)
            checked += 1
            errors += line.startswith('{"error":')  # keys are sorted: "error" comes before "id", "report" after
            bar.update()
    return BatchSummary(len(events), len(events) - len(pending), checked, errors, time.perf_counter() - start)
