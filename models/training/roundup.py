"""Fit the brief's word-overlap model on NeuS/AllSides *train* roundups (recipe: ``configs/roundup.yaml``).

Run ``python -m crosscheck.models.training.roundup``. Each event's articles are segmented as ``crosscheck
check`` does (no model runs: the features need words only). Every word of an event is labelled, for k = 1..3,
by whether the editor's roundup holds it at least k times. The events the evaluation reads and the events
kept for tuning the brief's selection are skipped. Writes ``models/roundup.json``.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.linear_model import LogisticRegression
from tqdm import tqdm

from crosscheck.config import CONFIG_DIR, RoundupTrainConfig, SalienceTrainConfig, load
from crosscheck.inference.checker import CrossChecker
from crosscheck.models.roundup import FEATURES, copy_rows, tokens, word_features
from crosscheck.models.training.salience import event_split, read_events

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=str(CONFIG_DIR / "roundup.yaml"))
    args = parser.parse_args(argv)
    config = load(RoundupTrainConfig, args.config)
    split = event_split(load(SalienceTrainConfig, ROOT / config.salience), config.tune_events, config.tune_seed)
    checker = CrossChecker()
    events = []
    for articles, reference in tqdm(read_events(split.salience_config, split.fit_roundup), desc="events", unit="event"):
        claims = checker.claims(checker.sources(articles))
        if claims:
            events.append((claims, Counter(tokens(reference))))
    cut = int(len(events) * config.prior_share)
    used: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    for claims, reference in events[:cut]:
        for word in {w for c in claims for w in tokens(c.text)}:
            used[word] += 1
            kept[word] += word in reference
    base = sum(kept.values()) / sum(used.values())
    # log-odds of keeping the word, over the base rate, with a prior worth two events at that rate
    odds = np.log(base / (1 - base))
    prior = {
        w: round(float(np.log((kept[w] + 2 * base) / (used[w] - kept[w] + 2 * (1 - base))) - odds), 4)
        for w in sorted(used)
        if used[w] >= config.prior_min_events
    }
    stopwords = sorted({t for w in ENGLISH_STOP_WORDS for t in tokens(w)})
    xs, ys = [], []
    for claims, reference in events[cut:]:
        for word, row in word_features(claims, prior, frozenset(stopwords)).items():
            for k, x in enumerate(copy_rows(row)):
                xs.append(x)
                ys.append(reference[word] > k)
    y = np.asarray(ys)
    model = LogisticRegression(C=config.C, max_iter=5000).fit(np.asarray(xs, dtype=np.float64), y)
    spec = {
        "features": list(FEATURES),
        "coef": model.coef_[0].round(6).tolist(),
        "intercept": round(float(model.intercept_[0]), 6),
        "trained_on": f"{len(events)} NeuS/AllSides train events: {cut} for the word prior, "
        f"{len(events) - cut} ({len(y)} word-copy rows) for the weights",
        "recipe": "configs/roundup.yaml",
        "stopwords": stopwords,
        "prior": prior,
    }
    out = ROOT / config.output
    out.write_text(json.dumps(spec, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {out}: {spec['trained_on']}")


if __name__ == "__main__":
    main()
