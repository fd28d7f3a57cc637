"""``crosscheck bench``: how fast the NLI step is, how a check's cost grows with the cluster, and what pruning misses.

Why each part:

* NLI throughput compares ``NLIModel.predict`` with the obvious ``transformers.pipeline`` code a user
  would write, on the same checkpoint and the same pairs, so the wrapper's speed-up is a measured
  number. The pipeline runs fp32; ``NLIModel`` runs bf16 weights where the CPU has bf16, so it is
  timed in fp32 (``dtype=None``) as well, and the precision of every row is in the report.
* End-to-end checks at growing cluster sizes show whether candidate pruning keeps cost linear in
  claims: the slope of log(time) on log(claims) is ~1 for linear, ~2 for all pairs. Each size runs
  in a fresh process, so its peak RSS is its own and not the high-water mark of a larger run.
* Pruning recall tells what the linear cost gives up: the share of all-pairs contradictions that the
  pruned candidate set still finds.
* int8 dynamic quantization is measured here, not applied to ``models/``, with an explicit ship rule.

Why there is no ``from __future__ import annotations``: ``crosscheck.config.load`` builds the nested
settings sections from each field's type object. Heavy libraries (torch, transformers, numpy, pysbd)
are imported inside functions, because the CLI imports this module to build its parser.
"""

import argparse
import copy
import dataclasses
import functools
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import CheckConfig, config_hash, load
from ..errors import CrosscheckError
from ..io import atomic_write
from .config import from_repo
from .resources import peak_rss_mb

if TYPE_CHECKING:
    from ..inference.checker import CrossChecker
    from ..inference.types import Claim, PairResult
    from ..models.nli import NLIModel

Pair = tuple[str, str]
Event = list[tuple[str, Callable[[], tuple[str, ...]]]]
"""The articles of one story: (name, a reader of its sentences), read only when drawn."""


@dataclasses.dataclass(frozen=True)
class ClusterSettings:
    neus: str
    basil: str
    basil_share: float
    max_sentences: int


@dataclasses.dataclass(frozen=True)
class ThroughputSettings:
    pairs: int
    repeats: int
    warmup_pairs: int
    nli_batch_size: int
    pipeline_batch_size: int


@dataclasses.dataclass(frozen=True)
class QuantizationSettings:
    enabled: bool
    seed_pairs: str
    max_accuracy_drop: float
    snli_sample: int | None
    """SNLI test pairs for the accuracy check: None = all 9,824 (about 2 minutes for both precisions), 0 = skip."""


@dataclasses.dataclass(frozen=True)
class LabelledRecallSettings:
    pairs: str
    articles: list[str]
    distractors: list[int]


@dataclasses.dataclass(frozen=True)
class QuickSettings:
    sizes: list[int]
    recall_size: int
    pairs: int
    repeats: int
    snli_sample: int | None


@dataclasses.dataclass(frozen=True)
class BenchConfig:
    """``configs/bench.yaml``: every number the benchmark uses."""

    check_config: str
    model: str
    data_root: str
    report: str
    seed: int
    sizes: list[int]
    recall_size: int
    clusters: ClusterSettings
    throughput: ThroughputSettings
    quantization: QuantizationSettings
    labelled_recall: LabelledRecallSettings
    quick: QuickSettings

    def quick_run(self) -> "BenchConfig":
        """The same benchmark at the ``quick`` section's sizes: a smoke run, not numbers to report."""
        q = self.quick
        return dataclasses.replace(
            self,
            sizes=q.sizes,
            recall_size=q.recall_size,
            throughput=dataclasses.replace(self.throughput, pairs=q.pairs, repeats=q.repeats),
            quantization=dataclasses.replace(self.quantization, snli_sample=q.snli_sample),
        )


@dataclasses.dataclass(frozen=True)
class Article:
    """One article of a synthetic cluster, already cut into at most ``max_sentences`` sentences."""

    name: str
    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        """One sentence per line, so the checker's claims follow the sentences we counted."""
        return "\n".join(self.sentences)


# --- data: real articles and sentence pairs ---------------------------------------------------------------------


def _require(path: Path) -> Path:
    if not path.exists():
        raise CrosscheckError(
            f"{path}: not found; the bench samples real articles from data_root in configs/bench.yaml"
        )
    return path


@functools.cache
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _neus_sentences(raw: str, limit: int) -> tuple[str, ...]:
    """Title and body sentences of a ``TITLE=> … ARTICLE=> …`` record."""
    title, _, body = raw.partition("ARTICLE=>")
    sentences = [title.replace("TITLE=>", ""), *_segmenter().segment(body)]
    return tuple(s for s in (x.strip() for x in sentences) if s)[:limit]


def _basil_sentences(file: Path, limit: int) -> tuple[str, ...]:
    """Title and the first body sentences; BASIL stores each paragraph as a list of sentences."""
    doc = json.loads(file.read_text(encoding="utf-8"))
    sentences = [doc.get("title", ""), *(s for paragraph in doc["body-paragraphs"] for s in paragraph)]
    return tuple(s for s in (x.strip() for x in sentences) if s)[:limit]


def _neus_events(file: Path, limit: int) -> list[Event]:
    """One event per line of the ``.source`` file: its (left, centre, right) outlets' articles."""
    lines = _require(file).read_text(encoding="utf-8").splitlines()
    return [
        [(f"neus-{i}-{k}", functools.partial(_neus_sentences, raw, limit)) for k, raw in enumerate(line.split("[SEP]"))]
        for i, line in enumerate(lines)
    ]


def _basil_events(folder: Path, limit: int) -> list[Event]:
    """One event per BASIL triplet: files ``<triplet-uuid>_<1|2|3>.json`` (Fox, NYT, HuffPost)."""
    events: dict[str, Event] = {}
    for file in sorted(_require(folder).rglob("*.json")):
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


def _seed_rows(file: Path) -> list[dict[str, Any]]:
    """The hand-labelled seed pairs (seeds/pairs.jsonl), one dict per line."""
    return [json.loads(line) for line in _require(file).read_text(encoding="utf-8").splitlines() if line.strip()]


def read_seed_pairs(file: Path) -> list[tuple[str, str, str]]:
    """(premise, hypothesis, gold label) of the hand-labelled seed pairs."""
    return [(r["premise"], r["hypothesis"], r["label"]) for r in _seed_rows(file)]


# --- NLI throughput and int8 ------------------------------------------------------------------------------------


def pairs_per_second(
    scorers: dict[str, Callable[[list[Pair]], object]], pairs: list[Pair], warmup: int, repeats: int
) -> dict[str, float]:
    """Median rate of each scorer over ``repeats`` timed passes, after one untimed warm-up pass on ``warmup`` pairs.

    Why interleaved (one pass of each scorer per round) rather than one scorer after another: a slow
    drift in the machine's speed (other tenants, clock changes) then hits every variant alike instead
    of skewing the ratios between them.
    """
    for score in scorers.values():
        score(pairs[:warmup])
    seconds: dict[str, list[float]] = {key: [] for key in scorers}
    for _ in range(repeats):
        for key, score in scorers.items():
            start = time.perf_counter()
            score(pairs)
            seconds[key].append(time.perf_counter() - start)
    return {key: len(pairs) / statistics.median(times) for key, times in seconds.items()}


def precision_name(model: "NLIModel") -> str:
    if model.dtype is None:
        return "fp32"
    return str(model.dtype).removeprefix("torch.") + (" autocast" if model.uses_autocast else " weights")


def fp32_view(model: "NLIModel") -> "NLIModel":
    """A full-precision copy of the same weights: like-for-like with the fp32 pipeline."""
    from ..models.nli import NLIModel

    weights = copy.deepcopy(model.model)  # NLIModel casts the module it is given in place
    return NLIModel(weights, model.tokenizer, name=model.name, device="cpu", batch_size=model.batch_size, dtype=None)


def _pipeline_scorers(folder: str, batch_size: int, max_length: int) -> dict[str, Callable[[list[Pair]], object]]:
    """The naive baselines: one pair per call, and the pipeline's own batching over the list.

    They truncate at ``NLIModel``'s ``max_length``, so every variant scores the same tokens.
    """
    import torch
    from transformers import pipeline

    # transformers 5 loads the checkpoint's dtype ("auto"); fp16 weights on a CPU would be an unfair, slow baseline.
    pipe = pipeline("text-classification", model=folder, device=-1, dtype=torch.float32)
    options = {"top_k": None, "truncation": True, "max_length": max_length}

    def one_by_one(pairs: list[Pair]) -> object:
        return [pipe({"text": p, "text_pair": h}, **options) for p, h in pairs]

    def batched(pairs: list[Pair]) -> object:
        return pipe([{"text": p, "text_pair": h} for p, h in pairs], batch_size=batch_size, **options)

    return {"one_by_one": one_by_one, "batched": batched}


def int8_copy(model: "NLIModel") -> "NLIModel":
    """The same checkpoint with int8 dynamic-quantized linear layers, as ``int8: true`` in the configs loads it."""
    from ..models.nli import NLIModel

    return NLIModel(
        model.model, model.tokenizer, name=f"{model.name} (int8)", device="cpu", batch_size=model.batch_size, int8=True
    )


def read_snli(data_root: Path, sample: int | None, seed: int) -> list[tuple[str, str, str]]:
    """SNLI test as (premise, hypothesis, label), all of it or a seeded sample; [] for sample 0."""
    from ..models.training.data import snli_test

    if sample == 0:
        return []
    rows = [(p.premise, p.hypothesis, p.label) for p in snli_test(data_root)]
    return rows if sample is None else random.Random(seed).sample(rows, min(sample, len(rows)))


def seed_accuracy(model: "NLIModel", seeds: list[tuple[str, str, str]]) -> float:
    """Accuracy in points (0-100) on labelled (premise, hypothesis, label) triples."""
    predicted = model.predict([(p, h) for p, h, _ in seeds])
    return 100.0 * sum(s.label == gold for s, (_, _, gold) in zip(predicted, seeds)) / len(seeds)


def nli_throughput(
    model: "NLIModel", folder: str, pairs: list[Pair], settings: ThroughputSettings, int8: "NLIModel | None" = None
) -> dict[str, Any]:
    """pairs/s of the pipeline baselines and of ``NLIModel`` at its default precision, in fp32 and (given) int8."""
    fp32 = fp32_view(model)
    baselines = _pipeline_scorers(folder, settings.pipeline_batch_size, model.max_length)
    variants = [
        ("pipeline_one_by_one", "pipeline, one pair per call", "fp32", 1, baselines["one_by_one"]),
        (
            "pipeline_batched",
            f"pipeline, batch_size={settings.pipeline_batch_size}",
            "fp32",
            settings.pipeline_batch_size,
            baselines["batched"],
        ),
        ("nli_model", "NLIModel.predict", precision_name(model), model.batch_size, model.predict),
        ("nli_model_fp32", "NLIModel.predict, dtype=None", "fp32", model.batch_size, fp32.predict),
    ]
    if int8 is not None:
        variants.append(
            ("nli_model_int8", "NLIModel.predict, int8=True", "int8 dynamic", int8.batch_size, int8.predict)
        )
    rates = pairs_per_second(
        {key: score for key, *_, score in variants}, pairs, settings.warmup_pairs, settings.repeats
    )
    rows = [
        {
            "key": key,
            "variant": name,
            "precision": precision,
            "batch_size": batch,
            "pairs_per_s": rates[key],
            "speedup_vs_naive": rates[key] / rates["pipeline_one_by_one"],
            "speedup_vs_pipeline_batched": rates[key] / rates["pipeline_batched"],
        }
        for key, name, precision, batch, _ in variants
    ]
    return {
        "pairs": len(pairs),
        "repeats": settings.repeats,
        "timing": "interleaved: each round times one pass of every variant; the median over rounds counts",
        "note": "the pipeline runs fp32 (dtype=torch.float32); NLIModel uses bf16 weights where the CPU supports "
        "it, so it is also timed with dtype=None (fp32) for a like-for-like comparison",
        "rows": rows,
    }


def quantization(
    model: "NLIModel",
    int8: "NLIModel",
    pairs: list[Pair],
    rates: dict[str, float],
    settings: QuantizationSettings,
    snli: list[tuple[str, str, str]],
) -> dict[str, Any]:
    """int8 against the model as it ships: seed-pair and SNLI accuracy, agreement and speed, with the ship decision.

    ``rates`` come from ``nli_throughput``, where int8 was timed in the same rounds as the default.
    """
    seeds = read_seed_pairs(from_repo(settings.seed_pairs))
    accuracy = {
        name: seed_accuracy(m, seeds) for name, m in (("default", model), ("fp32", fp32_view(model)), ("int8", int8))
    }
    snli_accuracy = {name: seed_accuracy(m, snli) for name, m in (("default", model), ("int8", int8))} if snli else {}
    same = sum(a.label == b.label for a, b in zip(model.predict(pairs), int8.predict(pairs)))
    rate, default_rate = rates["nli_model_int8"], rates["nli_model"]
    drop = accuracy["default"] - accuracy["int8"]
    snli_drop = snli_accuracy["default"] - snli_accuracy["int8"] if snli else None
    return {
        "default_precision": precision_name(model),
        "seed_pairs": len(seeds),
        "seed_accuracy": accuracy,
        "accuracy_drop_points": drop,
        "snli_pairs": len(snli),
        "snli_accuracy": snli_accuracy,
        "snli_drop_points": snli_drop,
        "label_agreement_with_default": same / len(pairs),
        "pairs_per_s": rate,
        "speedup_vs_default": rate / default_rate,
        "speedup_vs_fp32": rate / rates["nli_model_fp32"],
        "rule": f"ship int8 only if seed and SNLI accuracy each drop by less than {settings.max_accuracy_drop} "
        "points against the default precision and it scores more pairs/s",
        "ship": snli_drop is not None and max(drop, snli_drop) < settings.max_accuracy_drop and rate > default_rate,
    }


# --- end to end and pruning -------------------------------------------------------------------------------------


def check_cluster(
    model: str, check_config: str, clusters: ClusterSettings, data_root: Path, seed: int, size: int
) -> dict[str, Any]:
    """One end-to-end ``CrossChecker.check`` on a ``size``-article cluster; meant for a fresh process.

    Models load before the clock starts, so ``seconds`` is the check itself; ``peak_mb`` includes them.
    """
    from ..inference.checker import CrossChecker

    articles = build_cluster(size, clusters, data_root, seed)
    checker = CrossChecker(load(CheckConfig, check_config).replace("nli", model=model))
    start = time.perf_counter()
    _ = checker.nli, checker.embedder
    load_seconds = time.perf_counter() - start
    loaded_mb = peak_rss_mb()
    start = time.perf_counter()
    report = checker.check({a.name: a.text for a in articles})
    seconds = time.perf_counter() - start
    return {
        "articles": size,
        "sentences": sum(len(a.sentences) for a in articles),
        "claims": len(report.claims),
        "pairs": len(report.pairs),
        "contradictions": len(report.contradictions),
        "seconds": seconds,
        "load_seconds": load_seconds,
        "peak_mb_models_loaded": loaded_mb,
        "peak_mb": peak_rss_mb(),
    }


def in_fresh_process(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """``fn(*args)`` in a new spawned interpreter, so its peak memory is measured from zero."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def growth_exponent(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Least-squares slope of log(y) on log(x): 1 means y grows linearly in x, 2 quadratically.

    Points with a zero (a tiny cluster with no candidate pairs) have no logarithm and are left out.
    """
    import numpy as np

    points = [(a, b) for a, b in zip(x, y) if a > 0 and b > 0]
    if len({a for a, _ in points}) < 2:
        return None
    slope, _ = np.polyfit(np.log([a for a, _ in points]), np.log([b for _, b in points]), 1)
    return float(slope)


def _contradicting(pairs: Sequence["PairResult"], kinds: Sequence[str] = ("contradiction",)) -> set[tuple[str, str]]:
    """Pairs the checker calls contradictions (seen both ways), or any of ``kinds``."""
    return {(p.a.id, p.b.id) for p in pairs if p.relation in kinds}


def _timed_score(checker: "CrossChecker", claims: list["Claim"]) -> tuple[list["PairResult"], float]:
    start = time.perf_counter()
    pairs = checker.score(claims)
    return pairs, time.perf_counter() - start


def pruning_recall(model: "NLIModel", check: CheckConfig, articles: list[Article]) -> dict[str, Any]:
    """Share of all-pairs contradictions that the pruned candidate pairs still find, on the same claims.

    Reported twice: against every cross-source pair, and against the pairs at or above the
    checker's relatedness floor (``align.min_similarity``), because pairs below it are about
    different things and the checker never scores them, however many k it is given.
    """
    from ..inference.checker import CrossChecker
    from ..inference.types import DISPUTES

    pruned = CrossChecker(check, nli=model)
    claims = pruned.claims(pruned.sources({a.name: a.text for a in articles}))
    everything = check.replace(
        "align", top_k=10**6, similarity_floor=-1.0, max_pairs_per_claim=10**6, min_similarity=-1.0
    )
    exhaustive = CrossChecker(everything, nli=model, embedder=pruned.embedder)  # loads the embedder before timing
    pruned_pairs, pruned_seconds = _timed_score(pruned, claims)
    all_pairs, all_seconds = _timed_score(exhaustive, claims)
    related = [p for p in all_pairs if p.similarity >= check.align.min_similarity]
    found = _contradicting(pruned_pairs)
    truth, related_truth = _contradicting(all_pairs), _contradicting(related)
    listed_found, listed_truth = _contradicting(pruned_pairs, DISPUTES), _contradicting(all_pairs, DISPUTES)
    return {
        "articles": len(articles),
        "claims": len(claims),
        "pruned_pairs": len(pruned_pairs),
        "pruned_seconds": pruned_seconds,
        "all_pairs_pairs": len(all_pairs),
        "all_pairs_seconds": all_seconds,
        "contradictions_all_pairs": len(truth),
        "contradictions_pruned": len(found),
        "contradictions_both": len(found & truth),
        "recall": len(found & truth) / len(truth) if truth else None,
        "related_pairs": len(related),
        "min_similarity": check.align.min_similarity,
        "contradictions_related_pairs": len(related_truth),
        "recall_related": len(found & related_truth) / len(related_truth) if related_truth else None,
        "disputes_all_pairs": len(listed_truth),
        "recall_disputes": len(listed_found & listed_truth) / len(listed_truth) if listed_truth else None,
    }


def labelled_recall(
    check: CheckConfig, settings: LabelledRecallSettings, clusters: ClusterSettings, data_root: Path, seed: int
) -> dict[str, Any]:
    """Share of the hand-labelled cross-article seed pairs that pruning keeps as candidates, per gold label,
    with the seed articles alone and inside a cluster of other real articles.

    Why besides ``pruning_recall``: its all-pairs reference is the model's own verdicts, mostly false
    alarms; these pairs are labelled by hand, so this recall does not depend on the NLI model (only
    the embedder runs). Pairs whose sentences are not both claims of the articles (the seeds also
    hold shortened restatements) cannot be candidates and are counted apart; a pair held in both
    orders counts once.
    """
    from ..inference.align import candidate_pairs
    from ..inference.checker import CrossChecker

    seeds = {Path(a).stem: _require(from_repo(a)).read_text(encoding="utf-8") for a in settings.articles}
    cross = [
        r
        for r in _seed_rows(from_repo(settings.pairs))
        if {r["source_premise"], r["source_hypothesis"]} <= seeds.keys()
    ]
    cross = [r for r in cross if r["source_premise"] != r["source_hypothesis"]]
    checker = CrossChecker(check)
    out = []
    for extra in settings.distractors:
        items = (
            {**seeds, **{a.name: a.text for a in build_cluster(extra, clusters, data_root, seed)}} if extra else seeds
        )
        claims = checker.claims(checker.sources(items))
        where = {c.text: k for k, c in enumerate(claims)}
        vectors = checker.embed([c.text for c in claims])
        kept = {(i, j) for i, j, _ in candidate_pairs(claims, vectors, check.align)}
        by_label: dict[str, dict[str, int]] = {}
        matched: set[tuple[str, tuple[int, int]]] = set()  # the seeds hold some pairs in both orders: count each once
        for r in cross:
            counts = by_label.setdefault(r["label"], {"kept": 0, "matched": 0, "not_claims": 0})
            i, j = where.get(r["premise"]), where.get(r["hypothesis"])
            if i is None or j is None:
                counts["not_claims"] += 1
                continue
            pair = (min(i, j), max(i, j))
            if (r["label"], pair) not in matched:
                matched.add((r["label"], pair))
                counts["matched"] += 1
                counts["kept"] += pair in kept
        out.append({"distractor_articles": extra, "claims": len(claims), "pairs": len(kept), "labels": by_label})
    return {"rows": out}


# --- the whole run ----------------------------------------------------------------------------------------------


def model_folder(model: str) -> str:
    """A local folder for the model, so the pipeline baseline loads exactly the same checkpoint."""
    from ..models.loading import SHIPPED_NLI, resolve

    return resolve(SHIPPED_NLI if model == "default" else model)


def environment(model: "NLIModel") -> dict[str, Any]:
    import torch
    import transformers

    return {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "cpu_threads": torch.get_num_threads(),
        "nli_precision": precision_name(model),
        "model": model.name,
    }


def _say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def end_to_end(config: BenchConfig, folder: str, data_root: Path) -> dict[str, Any]:
    """One fresh-process check per size, and how time and pairs grow with claims."""
    rows = []
    for size in config.sizes:
        _say(f"end-to-end check of {size} articles in a fresh process")
        args = (folder, config.check_config, config.clusters, data_root, config.seed, size)
        rows.append(in_fresh_process(check_cluster, *args))
    claims = [r["claims"] for r in rows]
    return {
        "rows": rows,
        "time_exponent": growth_exponent(claims, [r["seconds"] for r in rows]),
        "pairs_exponent": growth_exponent(claims, [r["pairs"] for r in rows]),
    }


def run_bench(
    config: BenchConfig,
    model: str | None = None,
    sizes: Sequence[int] | None = None,
    out: Path | None = None,
    nli_pairs: int | None = None,
) -> dict[str, Any]:
    """Run every part, write the JSON report atomically to ``out`` and return it.

    ``None`` takes the value from ``config`` (``configs/bench.yaml``), so the YAML stays the one place for numbers.
    """
    from ..models.nli import NLIModel

    config = dataclasses.replace(
        config,
        model=model or config.model,
        sizes=list(sizes or config.sizes),
        throughput=dataclasses.replace(config.throughput, pairs=nli_pairs or config.throughput.pairs),
    )
    folder = model_folder(config.model)
    data_root = from_repo(config.data_root).resolve()
    check = load(CheckConfig, config.check_config)
    nli = NLIModel.from_pretrained(folder, device="cpu", batch_size=config.throughput.nli_batch_size)
    pairs = sample_pairs(config.throughput.pairs, config.clusters, data_root, config.seed)
    result: dict[str, Any] = {
        "environment": environment(nli),
        "settings": dataclasses.asdict(config),
        "check_config_hash": config_hash(check),
    }
    _say(f"NLI throughput on {len(pairs)} pairs")
    int8 = int8_copy(nli) if config.quantization.enabled else None
    result["throughput"] = nli_throughput(nli, folder, pairs, config.throughput, int8)
    if int8 is not None:
        _say("int8 dynamic quantization: accuracy")
        rates = {r["key"]: r["pairs_per_s"] for r in result["throughput"]["rows"]}
        snli = read_snli(data_root, config.quantization.snli_sample, config.seed)
        result["quantization"] = quantization(nli, int8, pairs, rates, config.quantization, snli)
    _say(f"pruning recall on {config.recall_size} articles (scores all cross-source pairs)")
    result["pruning"] = pruning_recall(
        nli, check, build_cluster(config.recall_size, config.clusters, data_root, config.seed)
    )
    _say("pruning recall on the hand-labelled seed pairs (embedder only)")
    result["labelled_recall"] = labelled_recall(check, config.labelled_recall, config.clusters, data_root, config.seed)
    result["end_to_end"] = end_to_end(config, folder, data_root)
    atomic_write(out or from_repo(config.report), json.dumps(result, indent=2, sort_keys=True) + "\n")
    return result


# --- text output and CLI ----------------------------------------------------------------------------------------


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Plain-text table: first column left-aligned, the numbers right-aligned."""
    lines = [list(header), *[list(r) for r in rows]]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(line, widths)))
        for line in lines
    )


def _exponent(value: float | None) -> str:
    return "n/a (needs two sizes)" if value is None else f"{value:.2f}"


def _throughput_text(t: dict[str, Any], threads: int) -> str:
    rows = [
        [r["variant"], r["precision"], str(r["batch_size"]), f"{r['pairs_per_s']:.1f}"]
        + [f"{r[k]:.2f}x" for k in ("speedup_vs_naive", "speedup_vs_pipeline_batched")]
        for r in t["rows"]
    ]
    header = ["variant", "precision", "batch", "pairs/s", "vs naive", "vs pipeline batched"]
    return f"NLI throughput: {t['pairs']} pairs, median of {t['repeats']}, {threads} threads\n" + format_table(
        header, rows
    )


def _end_to_end_text(e: dict[str, Any]) -> str:
    counts = ("articles", "sentences", "claims", "pairs", "contradictions")
    rows = [[str(r[k]) for k in counts] + [f"{r['seconds']:.2f}", f"{r['peak_mb']:.0f}"] for r in e["rows"]]
    return (
        "End to end (CrossChecker.check, one fresh process per size)\n"
        + format_table([*counts, "seconds", "peak MB"], rows)
        + f"\ngrowth exponent, time vs claims: {_exponent(e['time_exponent'])}; "
        f"pairs vs claims: {_exponent(e['pairs_exponent'])}"
    )


def _pruning_text(p: dict[str, Any]) -> str:
    def share(recall: float | None, of: int) -> str:
        return "n/a (the all-pairs run found none)" if recall is None else f"{recall:.3f} of {of}"

    return (
        f"Pruning recall ({p['articles']} articles, {p['claims']} claims): "
        f"{share(p['recall'], p['contradictions_all_pairs'])} all-pairs contradictions; "
        f"{share(p['recall_related'], p['contradictions_related_pairs'])} among the {p['related_pairs']} pairs "
        f"with similarity >= {p['min_similarity']}; counting possible (one-way) ones too: "
        f"{share(p['recall_disputes'], p['disputes_all_pairs'])}\n"
        f"pairs scored: {p['pruned_pairs']} pruned in {p['pruned_seconds']:.1f}s, "
        f"{p['all_pairs_pairs']} all cross-source in {p['all_pairs_seconds']:.1f}s"
    )


def _labelled_text(recall: dict[str, Any]) -> str:
    header = ["distractor articles", "claims", "pairs", "contradiction kept", "entailment kept", "neutral kept"]
    rows = []
    for r in recall["rows"]:
        kept = [r["labels"].get(k, {"kept": 0, "matched": 0}) for k in ("contradiction", "entailment", "neutral")]
        rows.append(
            [str(r["distractor_articles"]), str(r["claims"]), str(r["pairs"])]
            + [f"{c['kept']} of {c['matched']}" for c in kept]
        )
    return (
        "Pruning recall on hand-labelled seed pairs (both sentences claims of the two seed articles)\n"
        + format_table(header, rows)
    )


def _quantization_text(q: dict[str, Any]) -> str:
    acc = q["seed_accuracy"]
    return (
        f"int8 dynamic: {q['pairs_per_s']:.1f} pairs/s ({q['speedup_vs_default']:.2f}x {q['default_precision']}, "
        f"{q['speedup_vs_fp32']:.2f}x fp32); "
        f"seed accuracy {acc['default']:.1f} -> {acc['int8']:.1f} (fp32 {acc['fp32']:.1f}); "
        + (
            f"SNLI ({q['snli_pairs']} pairs) {q['snli_accuracy']['default']:.1f} -> {q['snli_accuracy']['int8']:.1f}; "
            if q["snli_accuracy"]
            else "SNLI not measured; "
        )
        + f"ship: {q['ship']}"
    )


def render(result: dict[str, Any]) -> str:
    """The report as the plain-text tables printed to stdout."""
    parts = [
        _throughput_text(result["throughput"], result["environment"]["cpu_threads"]),
        _end_to_end_text(result["end_to_end"]),
        _pruning_text(result["pruning"]),
        _labelled_text(result["labelled_recall"]),
    ]
    if "quantization" in result:
        parts.append(_quantization_text(result["quantization"]))
    return "\n\n".join(parts) + "\n"


HELP = "NLI throughput, end-to-end scaling and pruning-recall benchmark"


def _options(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p.add_argument("--sizes", type=int, nargs="+", metavar="N", help="articles per cluster (default: bench.yaml)")
    p.add_argument("--pairs", type=int, metavar="N", help="pairs for the throughput runs (default: bench.yaml)")
    p.add_argument("--model", help="NLI model folder (default: the shipped models/nli-minilm)")
    p.add_argument("--out", type=Path, help="JSON report, written atomically (default: eval/reports/bench.json)")
    p.add_argument("--quick", action="store_true", help="a small smoke run (the quick section of bench.yaml)")
    p.add_argument("--config", default="bench", help="bench settings (default: configs/bench.yaml)")
    return p


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``bench`` to the ``crosscheck`` subcommands; the CLI dispatches it to ``run``."""
    return _options(subparsers.add_parser("bench", help=HELP, description=HELP))


def run(args: argparse.Namespace) -> int:
    config = load(BenchConfig, args.config)
    if args.quick:
        config = config.quick_run()
    out = args.out or from_repo(config.report)
    result = run_bench(config, args.model, sizes=args.sizes, out=out, nli_pairs=args.pairs)
    sys.stdout.write(render(result))
    print(f"wrote {out}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m crosscheck.eval.bench [options]``, with the CLI's one-line errors."""
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    args = _options(argparse.ArgumentParser(prog="python -m crosscheck.eval.bench", description=HELP)).parse_args(argv)
    try:
        return run(args)
    except CrosscheckError as exc:
        print(f"crosscheck bench: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
