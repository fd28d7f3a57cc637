"""What the benchmark runs on: clusters of real articles, cross-article sentence pairs and the seed pairs.

Why real data and not generated text: pruning is only tested when claims have same-story neighbours,
as in a real cluster, and throughput depends on real sentence lengths. Everything is drawn with the
config's seed, so two runs (and two sizes of one run) see the same articles. pysbd is imported inside
a function, because the CLI imports this package to build its parser; the readers are the shared
(``crosscheck.readers``), light enough for the processes whose peak memory the bench reports.
"""

from __future__ import annotations

import functools
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import CrosscheckError
from ...readers import parse_event, read_jsonl
from .settings import ClusterSettings

Pair = tuple[str, str]
Event = list[tuple[str, Callable[[], tuple[str, ...]]]]
"""The articles of one story: (name, a reader of its sentences), read only when drawn."""


@dataclass(frozen=True)
class Article:
    """One article of a synthetic cluster, already cut into at most ``max_sentences`` sentences."""

    name: str
    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        """One sentence per line, so the checker's claims follow the sentences we counted."""
        return "\n".join(self.sentences)


def require(path: Path) -> Path:
    """``path`` if it exists, else one error line that says where the bench looks for its data."""
    if not path.exists():
        raise CrosscheckError(
            f"{path}: not found; the bench samples real articles from data_root in configs/bench.yaml"
        )
    return path


def _neus_sentences(article: str, limit: int) -> tuple[str, ...]:
    """Title and body sentences of one outlet's ``"title\\nlead"`` (as ``parse_event`` gives it)."""
    from ...inference.segment import segmenter

    title, _, body = article.partition("\n")
    sentences = [title, *segmenter().segment(body)]
    return tuple(s for s in (x.strip() for x in sentences) if s)[:limit]


def _basil_sentences(file: Path, limit: int) -> tuple[str, ...]:
    """Title and the first body sentences; BASIL stores each paragraph as a list of sentences."""
    doc = json.loads(file.read_text(encoding="utf-8"))
    sentences = [doc.get("title", ""), *(s for paragraph in doc["body-paragraphs"] for s in paragraph)]
    return tuple(s for s in (x.strip() for x in sentences) if s)[:limit]


def _neus_events(file: Path, limit: int) -> list[Event]:
    """One event per line of the ``.source`` file: its (left, centre, right) outlets' articles."""
    lines = require(file).read_text(encoding="utf-8").splitlines()
    return [
        [
            (f"neus-{i}-{k}", functools.partial(_neus_sentences, article, limit))
            for k, article in enumerate(parse_event(line, "")[0].values())
        ]
        for i, line in enumerate(lines)
    ]


def _basil_events(folder: Path, limit: int) -> list[Event]:
    """One event per BASIL triplet: files ``<triplet-uuid>_<1|2|3>.json`` (Fox, NYT, HuffPost)."""
    events: dict[str, Event] = {}
    for file in sorted(require(folder).rglob("*.json")):
        events.setdefault(file.stem.rsplit("_", 1)[0], []).append(
            (f"basil-{file.stem}", functools.partial(_basil_sentences, file, limit))
        )
    return list(events.values())


def build_cluster(n: int, settings: ClusterSettings, data_root: Path, seed: int) -> list[Article]:
    """``n`` distinct real articles of at most ``max_sentences`` sentences each, drawn with ``seed``.

    Whole events are drawn (all outlets' articles on one story), so claims have same-story
    neighbours as in a real cluster, not only unrelated text that pruning drops at once. The draw
    is sequential from one generator, so a smaller cluster is a prefix of a larger one: growth
    between sizes comes from adding articles, not from drawing different ones.
    """
    rng = random.Random(seed)
    neus = _neus_events(data_root / settings.neus, settings.max_sentences)
    basil = _basil_events(data_root / settings.basil, settings.max_sentences)
    rng.shuffle(neus)
    rng.shuffle(basil)
    articles: list[Article] = []
    seen: set[tuple[str, ...]] = set()  # NeuS repeats some articles across events
    while len(articles) < n:
        if not neus and not basil:
            raise CrosscheckError(f"only {len(articles)} distinct articles in the data; asked for a cluster of {n}")
        event = (basil if basil and (rng.random() < settings.basil_share or not neus) else neus).pop()
        for name, read in event:
            sentences = read()
            if sentences and sentences not in seen and len(articles) < n:
                seen.add(sentences)
                articles.append(Article(name, sentences))
    return articles


def sample_pairs(n: int, settings: ClusterSettings, data_root: Path, seed: int) -> list[Pair]:
    """Sentence pairs from two different outlets' articles on one NeuS event: what the checker scores."""
    events = [e for e in _neus_events(data_root / settings.neus, settings.max_sentences) if len(e) > 1]
    read = functools.cache(lambda i, k: events[i][k][1]())
    rng = random.Random(seed)
    pairs: list[Pair] = []
    while len(pairs) < n:
        i = rng.randrange(len(events))
        a, b = (read(i, k) for k in rng.sample(range(len(events[i])), 2))
        if a and b:
            pairs.append((rng.choice(a), rng.choice(b)))
    return pairs


def seed_rows(file: Path) -> list[dict[str, Any]]:
    """The hand-labelled seed pairs (seeds/pairs.jsonl), one dict per line."""
    return read_jsonl(require(file))


def read_seed_pairs(file: Path) -> list[tuple[str, str, str]]:
    """(premise, hypothesis, gold label) of the hand-labelled seed pairs."""
    return [(r["premise"], r["hypothesis"], r["label"]) for r in seed_rows(file)]
