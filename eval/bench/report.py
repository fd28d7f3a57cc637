"""What ``crosscheck bench`` tells a person: progress lines on stderr and the results as plain-text tables.

Why apart from the measuring: the JSON report is the record and the tables only a view of it, so
they are rendered from the finished report dict and can be re-rendered from eval/reports/bench.json.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any


def say(message: str) -> None:
    """One progress line on stderr, so stdout holds only the tables."""
    print(f"bench: {message}", file=sys.stderr, flush=True)


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
        + [_share(r.get("share_of_fp32_peak"))]
        for r in t["rows"]
    ]
    header = ["variant", "precision", "batch", "pairs/s", "vs naive", "vs pipeline batched", "of fp32 peak"]
    work, peak = t["work"], t["fp32_peak"]
    return (
        f"NLI throughput: {t['pairs']} pairs, median of {t['repeats']}, {threads} threads, "
        f"OMP_WAIT_POLICY={t['omp_wait_policy'] or '(unset)'}\n"
        + format_table(header, rows)
        + f"\ntarget {t['target_vs_pipeline_one_by_one']:.1f}x the one-pair fp32 pipeline: "
        f"{'met' if t['target_met'] else 'not met'}; work {work['flops_per_pair'] / 1e6:.1f} MFLOP/pair "
        f"({work['non_embedding_parameters']:,} non-embedding parameters x 2 x {work['mean_tokens_per_pair']:.1f} "
        f"tokens); fp32 peak {(peak['flops_per_s'] or 0) / 1e9:.0f} GFLOP/s: {peak['assumed']}"
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


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.0f}%"


def _news_recall_text(recall: dict[str, Any]) -> str:
    header = ["distractor articles", "claims/event", "pairs/event", "disagreements kept", "agreements kept",
              "compatible kept"]  # fmt: skip
    rows = []
    for r in recall["rows"]:
        kept = [r["labels"].get(k) for k in ("disagreement", "agreement", "compatible")]
        rows.append(
            [str(r["distractor_articles"]), f"{r['claims_per_event']:.1f}", f"{r['pairs_per_event']:.1f}"]
            + ["-" if c is None else f"{c['kept']} of {c['pairs']} ({_share(c['recall'])})" for c in kept]
        )
    events = recall["rows"][0]["events"] if recall["rows"] else 0
    return (
        f"Pruning recall on hand-labelled pairs of {events} real news events ({recall['labels_file']}), "
        "each event checked with k unrelated real articles\n" + format_table(header, rows)
    )


def _batch_text(b: dict[str, Any]) -> str:
    rows = [
        [r["engine"], f"{r['seconds']:.1f}", f"{r['events_per_hour']:,.0f}", str(r["errors"]), r["command"]]
        for r in b["rows"]
    ]
    return (
        f"crosscheck batch: {b['events']} NeuS events, median of {b['rounds']} interleaved rounds, "
        f"OMP_WAIT_POLICY={b['omp_wait_policy'] or '(unset)'}; same bytes: {b['same_bytes']}\n"
        + format_table(["engine", "seconds", "events/hour", "errors", "command"], rows)
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
        _news_recall_text(result["news_recall"]),
        _labelled_text(result["labelled_recall"]),
        _batch_text(result["batch"]),
    ]
    if "quantization" in result:
        parts.append(_quantization_text(result["quantization"]))
    return "\n\n".join(parts) + "\n"
