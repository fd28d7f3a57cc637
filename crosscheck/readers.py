"""Readers of the two small text formats that the eval suites, ``crosscheck bench`` and training share:
JSON Lines and NeuS lines.

Why a neutral module at the package root: ``models`` (training) must not import ``eval``, and eval
imports models, so the shared readers live below both. Why the standard library only: ``crosscheck bench``
reports peak memory, so it must read the seed pairs and NeuS events without importing ``datasets`` (``eval.data``) or
the suites (``eval.suites`` pulls in every suite and its metrics, ~250 MB).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """One dict per non-blank line of a JSON Lines file: the seed pairs, the contrast suite, NLI corpora.

    It does not check that the file exists: callers pass a path their own check has passed
    (``DataFiles.require`` in the eval, which also hashes it; the bench's ``require``).
    """
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def parse_event(source_line: str, target_line: str) -> tuple[dict[str, str], str]:
    """({outlet: "title\\nlead"}, reference) from one line of the NeuS/AllSides .source and .target files.

    A source line holds one ``TITLE=> … ARTICLE=> …`` part per outlet, joined by ``[SEP]``; pass
    ``""`` as ``target_line`` to read the articles alone.
    """
    articles = {}
    for k, part in enumerate(source_line.split("[SEP]")):
        title, _, body = part.partition("ARTICLE=>")
        articles[f"outlet{k + 1}"] = f"{title.replace('TITLE=>', '').strip()}\n{body.strip()}"
    return articles, target_line.partition("ARTICLE=>")[2].strip()
