"""Fit the brief's salience scorer on NeuS/AllSides *train* events (recipe: ``configs/salience.yaml``).

Run ``python -m crosscheck.models.training.salience``. Each event's three articles are segmented and
embedded exactly as ``crosscheck check`` does; each claim is labelled with its ROUGE-1 (``label``:
precision, recall or F) against the editor's roundup, and a ridge regression over
``models.salience.FEATURES`` is fitted. The events the evaluation reads (the hand-judged first ones,
and the news suite's unseen sample) are skipped. Writes ``models/salience.json``.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer
from sklearn.linear_model import Ridge
from tqdm import tqdm

from crosscheck.config import CONFIG_DIR, SalienceTrainConfig, load
from crosscheck.inference.checker import CrossChecker
from crosscheck.models.salience import FEATURES, features
from crosscheck.readers import parse_event

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class EventSplit:
    """Which NeuS train events each brief model fits on, by line number; the rest are never read.

    The first ``skip_first`` events (hand-judged disputes) and the news suite's unseen sample are held out
    from all. ``tune`` is a seeded sample of the events the salience scorer does not fit on: the brief's
    selection settings were chosen on them, so neither model fits on them.
    """

    salience_config: SalienceTrainConfig
    fit_salience: list[int]
    fit_roundup: list[int]
    tune: list[int]
    untouched: list[int]
    """Events no brief model fits on or was tuned on: the held-out sample of ``crosscheck eval --suite summaries``."""


def event_split(config: SalienceTrainConfig, tune_events: int = 0, tune_seed: int = 0) -> EventSplit:
    count = len((ROOT / config.data_root / config.source).read_text(encoding="utf-8").splitlines())
    held_out = set(random.Random(config.seed).sample(range(config.skip_first, count), config.unseen_events))
    rest = [k for k in range(config.skip_first, count) if k not in held_out]
    fit = set(random.Random(config.seed).sample(rest, min(config.max_events, len(rest))))
    tune = set(random.Random(tune_seed).sample([k for k in rest if k not in fit], tune_events))
    untouched = [k for k in range(count) if k < config.skip_first or k in held_out]
    return EventSplit(config, sorted(fit), [k for k in rest if k not in tune], sorted(tune), untouched)


def read_events(config: SalienceTrainConfig, lines: list[int]) -> list[tuple[dict[str, str], str]]:
    root = ROOT / config.data_root
    sources = (root / config.source).read_text(encoding="utf-8").splitlines()
    targets = (root / config.target).read_text(encoding="utf-8").splitlines()
    return [parse_event(sources[k], targets[k]) for k in lines]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=str(CONFIG_DIR / "salience.yaml"))
    args = parser.parse_args(argv)
    config = load(SalienceTrainConfig, args.config)
    checker = CrossChecker()
    scorer = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)
    xs, ys = [], []
    for articles, reference in tqdm(read_events(config, event_split(config).fit_salience), desc="events", unit="event"):
        claims = checker.claims(checker.sources(articles))
        if not claims:
            continue
        vectors = checker.embed([c.text for c in claims]).numpy()
        xs.append(features(claims, vectors, config.support_similarity))
        ys += [getattr(scorer.score(reference, c.text)["rouge1"], config.label) for c in claims]
    x, y = np.concatenate(xs), np.asarray(ys)
    mean, scale = x.mean(0), x.std(0) + 1e-6
    model = Ridge(alpha=config.alpha).fit((x - mean) / scale, y)
    r2 = model.score((x - mean) / scale, y)
    spec = {
        "features": list(FEATURES),
        "mean": mean.round(6).tolist(),
        "scale": scale.round(6).tolist(),
        "coef": model.coef_.round(6).tolist(),
        "intercept": round(float(model.intercept_), 6),
        "support_similarity": config.support_similarity,
        "trained_on": f"{len(xs)} NeuS/AllSides train events, {len(y)} claims; R^2 {r2:.3f}",
        "recipe": "configs/salience.yaml",
    }
    out = ROOT / config.output
    out.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}: {spec['trained_on']}")


if __name__ == "__main__":
    main()
