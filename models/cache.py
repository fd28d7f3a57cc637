"""On-disk cache of embeddings and NLI scores, keyed by content hash.

Why: a newsroom re-runs crosscheck as articles are edited or added. Keyed by the model's
identity and the exact text, a rerun recomputes only the claims and pairs that changed.
SQLite gives atomic, concurrent-safe writes with nothing to install. Off unless
``cache.dir`` is set in the config.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

_SCHEMA = "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL)"


def content_key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class VectorCache:
    """float32 vectors by key, in one SQLite file per namespace (model identity)."""

    def __init__(self, folder: str | Path, namespace: str) -> None:
        path = Path(folder).expanduser()
        path.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path / f"{content_key(namespace)[:16]}.sqlite")
        self.db.execute(_SCHEMA)

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for key, blob in self.db.execute(f"SELECT key, value FROM entries WHERE key IN ({marks})", chunk):
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)",
                [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()],
            )

    def through(self, keys: Sequence[str], compute: Callable[[list[int]], np.ndarray]) -> np.ndarray:
        """Rows for ``keys``: cached ones read, missing ones computed by ``compute(indices)`` and stored."""
        cached = self.get_many(keys)
        missing = [i for i, k in enumerate(keys) if k not in cached]
        fresh = compute(missing) if missing else np.empty((0, 0), dtype=np.float32)
        self.put_many({keys[i]: row for i, row in zip(missing, fresh)})
        rows = dict(cached)
        rows.update({keys[i]: row for i, row in zip(missing, fresh)})
        return np.stack([rows[k] for k in keys]) if keys else np.empty((0, 0), dtype=np.float32)
