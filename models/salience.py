"""Sentence salience for the brief: which claims an editor's roundup would carry.

Why a learned scorer: ranking facts by how many outlets state them and by centrality was beaten
by the first sentence of each article and by TextRank on NeuS/AllSides roundups. Editors keep
what several outlets lead with and what the headlines say, so a small linear model over such
features is fitted on the NeuS *train* split, each sentence labelled by its ROUGE-1 against the
editor's roundup (``python -m crosscheck.models.training.salience``). The weights are
a few numbers in ``salience.json``, next to this file, so scoring needs numpy only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

WEIGHTS = Path(__file__).with_name("salience.json")
TERMINAL = (".", "!", "?", '"', "”", "’", "'", "…", ")")

FEATURES = (
    "title",
    "first_body",
    "position",
    "relative_position",
    "best_other",
    "mean_other",
    "support",
    "centrality",
    "title_similarity",
    "words",
    "whole_sentence",
    "attributed",
    "quote",
    "shared_words",
    "shared_everywhere",
)

_WORD = re.compile(r"[a-z0-9]{4,}")


class Sentence(Protocol):
    """What the scorer reads of a claim (``inference.types.Claim`` is one); the vectors come separately."""

    @property
    def source(self) -> str: ...
    @property
    def index(self) -> int:
        """Position within its source: 0 is the title (or first sentence)."""
        ...

    @property
    def text(self) -> str: ...
    @property
    def attribution(self) -> str | None: ...


def features(claims: Sequence[Sentence], vectors: np.ndarray, support_similarity: float) -> np.ndarray:
    """One row of ``FEATURES`` per claim.

    ``support`` is the share of the other sources that hold a claim at least ``support_similarity``
    alike: the cheap, model-free stand-in for "how many outlets state it", so the same feature can be
    computed on thousands of training events without the NLI model. ``shared_words`` is the share of the
    claim's words (of four or more letters) that another outlet also uses, ``shared_everywhere`` the share
    every other outlet uses: an editor's neutral roundup is written mostly in the words all sides share.
    """
    n = len(claims)
    if n == 0:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    cosine = vectors @ vectors.T
    centre = vectors.mean(0)
    centre = centre / max(float(np.linalg.norm(centre)), 1e-9)
    centrality = vectors @ centre
    sources = np.array([c.source for c in claims])
    names = list(dict.fromkeys(sources))
    per_source = {s: int((sources == s).sum()) for s in names}
    titles = np.array([c.index == 0 for c in claims])
    vocab: dict[str, set[str]] = {s: set() for s in names}
    bags = [set(_WORD.findall(c.text.lower())) for c in claims]
    for claim, bag in zip(claims, bags):
        vocab[claim.source] |= bag
    rows = []
    for i, claim in enumerate(claims):
        best = [float(cosine[i, sources == s].max()) for s in names if s != claim.source]
        others = titles & (np.arange(n) != i)
        words = len(claim.text.split())
        elsewhere = [vocab[s] for s in names if s != claim.source]
        bag = bags[i] or {""}
        rows.append(
            [
                claim.index == 0,
                claim.index == 1,
                min(claim.index, 6) / 6,
                claim.index / max(1, per_source[claim.source] - 1),
                max(best, default=0.0),
                float(np.mean(best)) if best else 0.0,
                sum(b >= support_similarity for b in best) / max(1, len(best)),
                float(centrality[i]),
                float(cosine[i, others].max()) if others.any() else 0.0,
                min(words, 60) / 60,
                claim.text.rstrip().endswith(TERMINAL),
                claim.attribution is not None,
                any(q in claim.text for q in '"“”'),
                sum(any(w in v for v in elsewhere) for w in bag) / len(bag),
                sum(all(w in v for v in elsewhere) for w in bag) / len(bag) if elsewhere else 0.0,
            ]
        )
    return np.asarray(rows, dtype=np.float32)


def read_weights(path: Path, features: tuple[str, ...]) -> dict:
    """A fitted model's JSON, refused when it was fitted on other features than this code computes."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    if tuple(spec["features"]) != features:
        raise ValueError(f"{path}: its features {spec['features']} differ from this code's {list(features)}")
    return spec


class SalienceModel:
    """A linear scorer over standardised ``FEATURES``; higher = more likely in an editor's roundup."""

    def __init__(self, path: Path = WEIGHTS) -> None:
        spec = read_weights(path, FEATURES)
        self.mean = np.asarray(spec["mean"], dtype=np.float32)
        self.scale = np.asarray(spec["scale"], dtype=np.float32)
        self.coef = np.asarray(spec["coef"], dtype=np.float32)
        self.intercept = float(spec["intercept"])
        self.support_similarity = float(spec["support_similarity"])

    def score(self, claims: Sequence[Sentence], vectors: np.ndarray) -> np.ndarray:
        x = features(claims, vectors, self.support_similarity)
        return (x - self.mean) / self.scale @ self.coef + self.intercept
