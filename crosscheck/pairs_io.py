"""Reading the JSON Lines pairs file of ``crosscheck nli`` strictly, with errors that name the line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .errors import InputError


@dataclass(frozen=True)
class PairRecord:
    id: Any
    premise: str
    hypothesis: str


def parse_pairs(lines: Iterable[str], where: str) -> list[PairRecord]:
    """Every non-blank line must be a JSON object with id, premise and hypothesis (strings)."""
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where} line {number}: not valid JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise InputError(f"{where} line {number}: expected a JSON object with id, premise, hypothesis")
        for key in ("id", "premise", "hypothesis"):
            if key not in row:
                raise InputError(f"{where} line {number}: missing field {key!r}")
        for key in ("premise", "hypothesis"):
            if not isinstance(row[key], str) or not row[key].strip():
                raise InputError(f"{where} line {number}: field {key!r} must be a non-empty string")
        records.append(PairRecord(row["id"], row["premise"], row["hypothesis"]))
    if not records:
        raise InputError(f"{where}: no pairs (the file is empty)")
    return records
