"""Plumbing of ``crosscheck bench``: cluster sampling from the real data, and the growth-exponent fit.

No timings are asserted: they depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from crosscheck.config import CheckConfig, load
from crosscheck.eval.bench.batch import batch_args, write_events
from crosscheck.eval.bench.pruning import labelled_recall, news_recall
from crosscheck.eval.bench.report import format_table
from crosscheck.eval.bench.samples import build_cluster, sample_pairs
from crosscheck.eval.bench.scaling import growth_exponent
from crosscheck.eval.bench.settings import BenchConfig
from crosscheck.eval.bench.throughput import cpu_fp32_peak, pairs_per_second
from crosscheck.eval.config import from_repo

CONFIG = load(BenchConfig, "bench")
DATA = from_repo(CONFIG.data_root)

needs_data = pytest.mark.skipif(
    not (DATA / CONFIG.clusters.neus).is_file() or not (DATA / CONFIG.clusters.basil).is_dir(),
    reason=f"shared data not found under {DATA} (NeuS_AllSides and BASIL; data_root in configs/bench.yaml)",
)


@needs_data
def test_cluster_has_n_distinct_articles_of_bounded_length() -> None:
    articles = build_cluster(12, CONFIG.clusters, DATA, CONFIG.seed)
    assert len(articles) == 12
    assert len({a.name for a in articles}) == 12
    assert len({a.text for a in articles}) == 12
    assert all(1 <= len(a.sentences) <= CONFIG.clusters.max_sentences for a in articles)
    assert all(a.text.count("\n") == len(a.sentences) - 1 for a in articles)


@needs_data
def test_clusters_are_seeded_and_nest() -> None:
    """A smaller cluster is a prefix of a larger one, so sizes differ only by the added articles."""
    small = build_cluster(3, CONFIG.clusters, DATA, CONFIG.seed)
    large = build_cluster(8, CONFIG.clusters, DATA, CONFIG.seed)
    assert large[:3] == small
    assert build_cluster(8, CONFIG.clusters, DATA, CONFIG.seed + 1) != large


@needs_data
def test_throughput_pairs_are_seeded_sentence_pairs() -> None:
    pairs = sample_pairs(20, CONFIG.clusters, DATA, CONFIG.seed)
    assert len(pairs) == 20
    assert pairs == sample_pairs(20, CONFIG.clusters, DATA, CONFIG.seed)
    assert all(premise.strip() and hypothesis.strip() for premise, hypothesis in pairs)


def test_growth_exponent_of_linear_data_is_one() -> None:
    claims = [40, 200, 600, 2000]
    assert growth_exponent(claims, [0.003 * c for c in claims]) == pytest.approx(1.0, abs=1e-6)


def test_growth_exponent_of_quadratic_data_is_two() -> None:
    claims = [40, 200, 600, 2000]
    assert growth_exponent(claims, [2e-5 * c * c for c in claims]) == pytest.approx(2.0, abs=1e-6)


def test_growth_exponent_needs_two_sizes_with_a_logarithm() -> None:
    assert growth_exponent([50, 50], [1.0, 1.1]) is None
    assert growth_exponent([10, 50, 90], [0, 0, 3.0]) is None


def test_quick_run_only_shrinks_the_sizes() -> None:
    quick = CONFIG.quick_run()
    assert quick.sizes == CONFIG.quick.sizes
    assert quick.throughput.pairs == CONFIG.quick.pairs
    assert quick.quantization.snli_sample == CONFIG.quick.snli_sample
    assert quick.batch.events == CONFIG.quick.batch_events and quick.batch.source == CONFIG.batch.source
    assert quick.clusters == CONFIG.clusters
    assert quick.seed == CONFIG.seed


def test_format_table_aligns_columns() -> None:
    lines = format_table(["articles", "seconds"], [["2", "0.50"], ["100", "12.25"]]).splitlines()
    assert len({len(line) for line in lines}) == 1
    assert lines[2].startswith("100") and lines[2].endswith("12.25")


def test_pairs_per_second_interleaves_the_variants_after_warming_each_up() -> None:
    calls: list[tuple[str, int]] = []

    def scorer(name: str):
        return lambda pairs: calls.append((name, len(pairs)))

    pairs = [("p", "h")] * 4
    rates = pairs_per_second({"a": scorer("a"), "b": scorer("b")}, pairs, warmup=2, repeats=2)
    assert calls == [("a", 2), ("b", 2), ("a", 4), ("b", 4), ("a", 4), ("b", 4)]
    assert set(rates) == {"a", "b"} and all(rate > 0 for rate in rates.values())


@needs_data
def test_pruning_keeps_the_labelled_seed_contradictions_among_distractor_articles() -> None:
    """The real embedder and the shipped pruning: both sentence-level seed contradictions stay candidates
    when 8 other real articles compete for each claim's top-k; pruning everything keeps none."""
    check = load(CheckConfig, CONFIG.check_config)
    settings = dataclasses.replace(CONFIG.labelled_recall, distractors=[0, 8])
    rows = labelled_recall(check, settings, CONFIG.clusters, DATA, CONFIG.seed)["rows"]
    assert [r["distractor_articles"] for r in rows] == [0, 8] and rows[1]["claims"] > rows[0]["claims"]
    for row in rows:
        found = row["labels"]["contradiction"]
        assert found["matched"] >= 2 and found["kept"] == found["matched"]
    nothing = check.replace("align", min_similarity=1.01)
    none_kept = labelled_recall(nothing, settings, CONFIG.clusters, DATA, CONFIG.seed)["rows"]
    assert all(r["pairs"] == 0 and r["labels"]["contradiction"]["kept"] == 0 for r in none_kept)


needs_val = pytest.mark.skipif(
    not (DATA / CONFIG.news_recall.source).is_file(), reason=f"NeuS validation events not found under {DATA}"
)


@needs_val
def test_news_recall_counts_each_labelled_pair_and_follows_the_pruning(tmp_path) -> None:
    """Three labelled news events: every labelled pair is counted once per distractor row; pruning that keeps
    nothing keeps no labelled pair, and pruning that keeps every cross-source pair keeps them all."""
    rows = [json.loads(line) for line in from_repo(CONFIG.news_recall.labels).read_text().splitlines()[:3]]
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    settings = dataclasses.replace(CONFIG.news_recall, labels=str(labels), distractors=[0, 4])
    check = load(CheckConfig, CONFIG.check_config)
    expected: dict[str, int] = {}
    for r in rows:
        for p in r["pairs"]:
            expected[p["label"]] = expected.get(p["label"], 0) + 1

    def run(config: CheckConfig) -> list[dict]:
        return news_recall(config, settings, CONFIG.clusters, DATA, CONFIG.seed)["rows"]

    shipped = run(check)
    assert [r["distractor_articles"] for r in shipped] == [0, 4]
    assert shipped[1]["claims_per_event"] > shipped[0]["claims_per_event"]
    for row in shipped:
        assert {k: c["pairs"] + c["same_claim"] for k, c in row["labels"].items()} == expected
        assert all(0 <= c["kept"] <= c["pairs"] for c in row["labels"].values())
    nothing = run(check.replace("align", min_similarity=1.01))
    assert all(c["kept"] == 0 for r in nothing for c in r["labels"].values())
    everything = run(
        check.replace("align", top_k=10**6, similarity_floor=-1.0, max_pairs_per_claim=10**6, min_similarity=-1.0)
    )
    assert all(c["recall"] == 1.0 for r in everything for c in r["labels"].values() if c["pairs"])


def test_fp32_peak_reads_the_clock_and_the_widest_fma() -> None:
    avx512 = "model name\t: Test CPU\ncpu MHz\t\t: 2600.000\nflags\t\t: fpu sse2 fma avx2 avx512f\n"
    peak = cpu_fp32_peak(2, avx512)
    assert peak["flops_per_s"] == pytest.approx(2 * 2.6e9 * 64) and peak["isa"] == "avx512f"
    assert cpu_fp32_peak(2, avx512.replace(" avx512f", ""))["flops_per_s"] == pytest.approx(2 * 2.6e9 * 32)
    assert cpu_fp32_peak(2, avx512.replace(" fma", ""))["flops_per_s"] is None
    assert cpu_fp32_peak(4, "flags\t: fma avx2\n")["flops_per_s"] is None  # no clock: no peak, not a guess


@needs_val
def test_batch_events_file_holds_the_first_neus_events(tmp_path) -> None:
    events = tmp_path / "events.jsonl"
    assert write_events(DATA / CONFIG.batch.source, 3, events) == 3
    records = [json.loads(line) for line in events.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [0, 1, 2]
    assert all(len(r["sources"]) >= 2 and all(t.strip() for t in r["sources"].values()) for r in records)
    ray = batch_args(events, tmp_path / "out.jsonl", "ray", CONFIG.batch)
    assert ray[ray.index("--engine") + 1] == "ray"
    assert ray[ray.index("--concurrency") + 1] == str(CONFIG.batch.ray_concurrency)
    local = batch_args(events, tmp_path / "out.jsonl", "local", CONFIG.batch)
    assert "--engine" not in local and local[local.index("--threads") + 1] == str(CONFIG.batch.local_threads)


def test_crosscheck_cli_builds_the_bench_options() -> None:
    """``crosscheck bench`` keeps its options now that ``crosscheck.eval.bench`` is a package."""
    from crosscheck.cli import build_parser

    args = build_parser().parse_args(["bench", "--quick", "--sizes", "2", "3", "--pairs", "8", "--config", "bench"])
    assert (args.command, args.quick, args.sizes, args.pairs, args.config, args.model, args.out) == (
        "bench",
        True,
        [2, 3],
        8,
        "bench",
        None,
        None,
    )
