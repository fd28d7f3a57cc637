"""``summaries`` suite: the merged brief on NeuS/AllSides against editor-written roundups.

Each validation event has three outlets' title and lead; the AllSides editor's neutral
roundup is the reference. The brief is compared, in the same run and at the same length
in words, with two baselines a reader would try first: the first sentence of each
article (lead-1 each) and TextRank over all sentences. Faithfulness is counted on the
first events: how many brief sentences the NLI gate kept and dropped.
"""

from __future__ import annotations

import re
import time

import networkx as nx

from ...inference.checker import CrossChecker
from ...inference.segment import segmenter
from ...readers import parse_event
from ..context import EvalContext
from ..metrics import load_metric
from ..resources import peak_rss_mb
from .seeds import generate_brief


def sentences(text: str) -> list[str]:
    return [s.strip() for line in text.splitlines() for s in segmenter().segment(line) if s.strip()]


def lead_each(articles: dict[str, str]) -> str:
    """The first body sentence of every article (titles skipped)."""
    firsts = [sentences(text.partition("\n")[2])[:1] for text in articles.values()]
    return "\n".join(s for first in firsts for s in first)


def textrank(articles: dict[str, str], max_words: int) -> str:
    """Mihalcea & Tarau's TextRank: PageRank over a word-overlap graph; top sentences in reading order."""
    pool = [s for text in articles.values() for s in sentences(text)]
    words = [set(re.findall(r"\w+", s.lower())) for s in pool]
    graph = nx.Graph()
    graph.add_nodes_from(range(len(pool)))
    for i in range(len(pool)):
        for j in range(i + 1, len(pool)):
            overlap = len(words[i] & words[j])
            if overlap and len(words[i]) > 1 and len(words[j]) > 1:
                graph.add_edge(i, j, weight=overlap / (len(words[i]).bit_length() + len(words[j]).bit_length()))
    rank = nx.pagerank(graph, weight="weight")
    chosen: list[int] = []
    used = 0
    for i in sorted(rank, key=lambda i: (-rank[i], i)):
        n = len(pool[i].split())
        if used + n <= max_words or not chosen:
            chosen.append(i)
            used += n
    return "\n".join(pool[i] for i in sorted(chosen))


def run(ctx: EvalContext) -> dict:
    suite = ctx.config.suites.summaries
    sources = ctx.files.require(suite.source).read_text(encoding="utf-8").splitlines()
    targets = ctx.files.require(suite.target).read_text(encoding="utf-8").splitlines()
    events = [parse_event(s, t) for s, t in zip(sources, targets, strict=True)]
    cap = min(x for x in (suite.sample, ctx.limit, len(events)) if x is not None)
    events = events[:cap]
    systems: dict[str, list[str]] = {"brief": [], "lead1_each": [], "textrank": []}
    references, kept, dropped, failed = [], 0, 0, []
    checker = CrossChecker(nli=ctx.model)
    check_seconds = 0.0
    for k, (articles, reference) in enumerate(events):
        lead = lead_each(articles)
        budget = len(lead.split())
        started = time.perf_counter()
        try:
            _, plain, brief = generate_brief(checker, articles, max_words=budget)
        except Exception as exc:  # one odd event must not lose the other 306
            failed.append(f"event {k + 1}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
            continue
        finally:
            check_seconds += time.perf_counter() - started
        if k < suite.faithfulness_clusters:
            kept += len(brief.items)
            dropped += brief.dropped
        references.append(reference)
        systems["brief"].append(plain)
        systems["lead1_each"].append(lead)
        systems["textrank"].append(textrank(articles, budget))
    rouge = load_metric("rouge")
    datasets = {
        name: {
            "status": "ok",
            "n": len(preds),
            "rouge": rouge.compute(predictions=preds, references=references),
            "words": round(sum(len(p.split()) for p in preds) / max(1, len(preds)), 1),
        }
        for name, preds in systems.items()
    }
    checked = min(len(events), suite.faithfulness_clusters)
    datasets["faithfulness"] = {
        "status": "ok",
        "n": checked,
        "kept_sentences": kept,
        "dropped_sentences": dropped,
        "detail": f"{kept} brief items kept, {dropped} dropped by the NLI gate over {checked} events; "
        "every kept item is entailed by a cited claim",
    }
    return {
        "datasets": datasets,
        "failed_events": failed,
        "events_checked": len(events) - len(failed),
        "check_seconds": round(check_seconds, 1),
        "peak_rss_mb": round(peak_rss_mb()),
    }
