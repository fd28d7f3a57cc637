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
