"""``CrossChecker``: the public entry point that turns articles into a ``Report`` or a ``Verdict``.

Data flow (one direction): ingest → segment → embed and pick candidate pairs → NLI both
ways → relations → consensus / contradictions / unique → brief. Models load lazily, once,
so constructing a checker is cheap and a user can inject their own ``NLIModel``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from typing import Literal

import numpy as np
import torch

from ..config import CheckConfig, config_hash
from ..errors import InputError
from ..models.cache import VectorCache, content_key
from ..models.embedder import Embedder
from ..models.loading import SHIPPED_NLI
from ..models.nli import NLIModel, NLIScores
from ..models.roundup import RoundupModel
from ..models.salience import SalienceModel
from ..models.summarizer import ExtractiveFusion, GenerativeFusion, Summarizer
from . import aggregate
from .align import candidate_pairs
from .brief import build_brief
from .disputes import Decision, decide, typed_conflict
from .ingest import Articles, claim_text, load_sources, source_tags
from .relate import SourceVerdictLabel, verdict
from .report import Report
from .segment import segment, word_for_word
from .types import Claim, Evidence, PairResult, Source, SourceVerdict, Verdict


def lead_ids(sources: Sequence[Source], claims: Sequence[Claim]) -> frozenset[str]:
    """The claims that state the event itself: each source's title line (its first claim, and a second one on the
    same line: "There's a Very Trumpian Law Inhibiting Puerto Rico's Recovery. Trump Says He Doesn't Want to
    Waive It.") and the first sentence after it. Two of these from different outlets tell the same event."""
    title_end = {s.name: s.text.find("\n") for s in sources}
    titles = {c.id for c in claims if c.index == 0 or (c.index == 1 and 0 <= c.end <= title_end.get(c.source, -1))}
    first_sentence: dict[str, str] = {}
    for c in claims:
        if c.id not in titles:
            first_sentence.setdefault(c.source, c.id)
    return frozenset(titles | set(first_sentence.values()))


class CrossChecker:
    """Compare sources about one event.

    >>> report = CrossChecker().check({"reuters": text_a, "ap": text_b})
    >>> report.contradictions[0].a.text
    """

    def __init__(
        self,
        config: CheckConfig | None = None,
        *,
        nli: NLIModel | None = None,
        embedder: Embedder | None = None,
        progress: bool = False,
    ) -> None:
        self.config = config or CheckConfig.default()
        self._nli = nli
        self._embedder = embedder
        self.progress = progress
        self._vectors: dict[str, torch.Tensor] = {}

    @cached_property
    def nli(self) -> NLIModel:
        if self._nli is not None:
            return self._nli
        c = self.config.nli
        model = SHIPPED_NLI if c.model == "default" else c.model
        return NLIModel.from_pretrained(
            model,
            device=c.device,
            batch_size=c.batch_size,
            max_length=c.max_length,
            allow_pickle=c.allow_pickle,
            int8=c.int8,
        )

    @cached_property
    def embedder(self) -> Embedder:
        if self._embedder is not None:
            return self._embedder
        c = self.config.embedder
        return Embedder(
            c.model,
            device=self.config.nli.device,
            batch_size=c.batch_size,
            max_length=c.max_length,
            allow_pickle=self.config.nli.allow_pickle,
        )

    def _disk(self, kind: str, identity: str) -> VectorCache | None:
        folder = self.config.cache.dir
        return VectorCache(folder, f"{kind}|{identity}") if folder else None

    def embed(self, texts: Sequence[str]) -> torch.Tensor:
        """Embeddings, each text encoded once per check (the brief re-uses the claims' vectors).

        Across checks, only the on-disk cache (``cache.dir``) keeps vectors.
        """
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            disk = self._disk("embed", self.embedder.identity)
            if disk is None:
                vectors = self.embedder.encode(missing)
            else:
                vectors = torch.from_numpy(
                    disk.through(
                        [content_key(t) for t in missing],
                        lambda idx: self.embedder.encode([missing[i] for i in idx]).numpy(),
                    )
                )
            self._vectors.update(zip(missing, vectors))
        if not texts:
            return torch.empty((0, 0))
        return torch.stack([self._vectors[t] for t in texts])

    @cached_property
    def salience(self) -> SalienceModel:
        return SalienceModel()

    @cached_property
    def roundup(self) -> RoundupModel:
        return RoundupModel()

    @cached_property
    def summarizer(self) -> Summarizer:
        c = self.config.brief
        selector = ExtractiveFusion(
            self.nli,
            self.config.relations.entailment,
            c.max_per_fact,
            candidates=c.candidates,
            beam_width=c.beam_width,
            salience_weight=c.salience_weight,
            agreed_first=c.agreed_first,
        )
        if c.backend == "extractive":
            return selector
        if c.backend == "abstractive":
            if not c.abstractive_model:
                raise InputError("brief.backend is abstractive but brief.abstractive_model is not set")
            return GenerativeFusion(
                c.abstractive_model, selector, device=self.config.nli.device, allow_pickle=self.config.nli.allow_pickle
            )
        raise InputError(f"unknown brief.backend {c.backend!r}; use extractive or abstractive")

    def sources(self, items: Articles) -> list[Source]:
        return load_sources(items, self.config.limits, self.config.segment)

    def claims(self, sources: Sequence[Source]) -> list[Claim]:
        """Each source's claims in reading order; a sentence repeated within one source is one claim.

        Why: a repeat adds no fact, only the same pairs scored again, so a page that repeats a
        paragraph thousands of times would cost thousands of times the NLI work, and fill consensus
        and the brief with copies. The first occurrence stays (its offsets), and claims are numbered
        without the repeats, so ``index`` stays a position among the source's claims (the brief
        weighs it). The same sentence in two sources is two claims: that is agreement.
        """
        out: list[Claim] = []
        for source in sources:
            seen: set[str] = set()
            for claim in segment(source, self.config.segment, self.config.limits):
                if claim.text not in seen:
                    seen.add(claim.text)
                    out.append(dataclasses.replace(claim, index=len(seen) - 1))
        return out

    def score(self, claims: list[Claim], leads: frozenset[str] = frozenset()) -> list[PairResult]:
        """Candidate pairs scored both ways by the NLI model, each with its relation.

        ``leads``: ids of the claims that state the event (see ``lead_ids``)."""
        vectors = self.embed([c.text for c in claims]) if claims else torch.empty((0, 0))
        lead = [c.id in leads for c in claims]
        rules = self.rules.disputes
        early = [c.index <= rules.typed_depth for c in claims]

        def typed(i: int, j: int, sim: float) -> bool:
            """A typed conflict: such a pair is scored even when the encoder ranks it below ``align.top_k``
            (it ranks "188,829 migrants encountered" far from "178,000 arrests")."""
            if not (early[i] and early[j]):
                return False
            return typed_conflict(claims[i].text, claims[j].text, sim, rules, lead[i] and lead[j]) is not None

        candidates = candidate_pairs(claims, vectors, self.config.align, typed)
        texts = [(claims[i].text, claims[j].text) for i, j, _ in candidates]
        both = self._predict_both(texts)
        out = []
        relations = self.rules.relations
        for (i, j, sim), (f, b) in zip(candidates, both):
            leads_both, early_both = lead[i] and lead[j], early[i] and early[j]
            d = decide(claims[i].text, claims[j].text, f, b, sim, relations, rules, leads_both, early_both)
            out.append(PairResult(claims[i], claims[j], f, b, d.relation, sim, d.conflict, d.veto))
        return out

    @cached_property
    def rules(self) -> CheckConfig:
        """The settings that decide relations: the model's own thresholds where the config keeps the defaults.

        Why: thresholds are calibrated per model, so a hub checkpoint can carry its own in config.json
        (``crosscheck_thresholds``); a value the user set away from its default still wins.
        """
        config, defaults = self.config, CheckConfig()
        for section in ("relations", "disputes"):
            own = self.nli.thresholds.get(section, {})
            mine, default = getattr(config, section), getattr(defaults, section)
            keep = {k: v for k, v in own.items() if getattr(mine, k) == getattr(default, k)}
            config = config.replace(section, **keep) if keep else config
        return config

    def relate(self, pairs: Sequence[tuple[str, str]]) -> list[Decision]:
        """What ``check`` would decide for each (a, b) text pair: NLI both ways, similarity, vetoes, evidence.

        For evaluations and tests that judge the checker's rule on pairs they chose themselves.
        """
        return [decision for _, decision in self._relate_scored(pairs)]

    def _relate_scored(self, pairs: Sequence[tuple[str, str]]) -> list[tuple[NLIScores, Decision]]:
        """Each pair's a⇒b scores with its decision (``verify`` shows the scores next to the verdict)."""
        self._vectors.clear()
        if not pairs:
            return []
        va = self.embed([a for a, _ in pairs])
        vb = self.embed([b for _, b in pairs])
        sims = (va * vb).sum(dim=1).tolist()
        both = self._predict_both(list(pairs))
        relations, rules = self.rules.relations, self.rules.disputes
        return [(f, decide(a, b, f, bw, s, relations, rules)) for (a, b), (f, bw), s in zip(pairs, both, sims)]

    def _predict_both(self, pairs: list[tuple[str, str]]) -> list[tuple[NLIScores, NLIScores]]:
        """NLI scores both ways, through the on-disk cache when one is configured."""
        disk = self._disk("nli", self.nli.identity)
        if disk is None:
            return self.nli.predict_both(pairs, progress=self.progress)

        def compute(idx: list[int]) -> np.ndarray:
            scored = self.nli.predict_both([pairs[i] for i in idx], progress=self.progress)
            return np.array([[*f.as_tuple(), *b.as_tuple()] for f, b in scored], dtype=np.float32)

        rows = disk.through([content_key(a, b) for a, b in pairs], compute)
        return [(NLIScores(*map(float, r[:3])), NLIScores(*map(float, r[3:]))) for r in rows]

    def check(self, items: Articles, *, max_words: int | None = None, strict: bool = False) -> Report:
        """Compare two or more sources: a {name: text} mapping or a list of file paths."""
        self._vectors.clear()  # one check's vectors: a long-lived checker must not grow with every article seen
        sources = self.sources(items)
        claims = self.claims(sources)
        pairs = self.score(claims, lead_ids(sources, claims))
        vectors = self.embed([c.text for c in claims]) if claims else torch.empty((0, 0))
        consensus = aggregate.consensus(claims, pairs, (vectors @ vectors.T).numpy(), self.config.consensus)
        disputes = aggregate.contradictions(pairs)
        possible = tuple(p for p in disputes if p.relation == "possible_contradiction")
        shown = tuple(p for p in disputes if p.relation == "contradiction" or self.config.disputes.show_possible)
        unique = aggregate.unique(claims, pairs, consensus, self.config.consensus.unique_entailment)
        tags = source_tags([s.name for s in sources])
        scores = self.salience.score(claims, vectors.numpy())
        words = sum(len(c.text.split()) for c in claims)
        brief = build_brief(
            claims,
            consensus,
            disputes,
            unique,
            tags,
            salience={c.id: float(x) for c, x in zip(claims, scores)},
            overlap=self.roundup.overlap(claims, self.config.brief.roundup_length(words)),
            summarizer=self.summarizer,
            nli=self.nli,
            config=self.config.brief,
            max_words=max_words,
            strict=strict,
        )
        return Report(
            tuple(sources),
            tuple(claims),
            tuple(pairs),
            tuple(consensus),
            shown,
            tuple(unique),
            brief,
            tags,
            config_hash(self.config),
            self.nli.name,
            possible,
        )

    def check_many(self, events: Iterable[Articles], *, max_words: int | None = None) -> Iterator[Report]:
        """One report per event (each a {name: text} mapping or a list of paths), in order, lazily.

        Why a method and not a loop in the caller's code: the models load once for the whole run and
        each check still starts clean, so reports equal ``check``'s one by one. A bad event raises at
        its turn; ``crosscheck batch`` (``inference/batch.py``) records the error and goes on instead.
        """
        for items in events:
            yield self.check(items, max_words=max_words)

    def verify(self, claim: str, items: Articles) -> Verdict:
        """Is ``claim`` supported, contradicted or not mentioned by each source (SummaC-style max)?"""
        check = claim_text(claim, self.config.limits, self.config.segment)
        sources = load_sources(items, self.config.limits, self.config.segment, minimum=1)
        claims = self.claims(sources)
        scored = self._relate_scored([(c.text, check) for c in claims])  # both ways once: scores and decisions
        per_source = []
        for source in sources:
            mine = [(c, s, d) for c, (s, d) in zip(claims, scored) if c.source == source.name]
            if not mine:  # nothing in this source reads as a claim: it cannot support or contradict
                per_source.append(SourceVerdict(source.name, "not_mentioned", NLIScores(0.0, 1.0, 0.0), None, None))
                continue
            quoted = [m for m in mine if word_for_word(m[0].text, check)]
            support = quoted[0] if quoted else max(mine, key=lambda csd: csd[1].entailment)
            # contradicted by the same rule as ``check``: vetoes, typed evidence, the model both ways
            contradicting = [m for m in mine if m[2].relation == "contradiction" and m[2].conflict]
            against = max(contradicting or mine, key=lambda csd: csd[2].conflict.confidence if csd[2].conflict else 0)
            label: SourceVerdictLabel = (
                "contradicted"
                if contradicting
                else "supported"
                if quoted
                else verdict(support[1].entailment, 0.0, self.config.verify)
            )
            decisive = against if label == "contradicted" else support
            per_source.append(
                SourceVerdict(
                    source.name,
                    label,
                    decisive[1],
                    Evidence(support[0], support[1]),
                    Evidence(against[0], against[1], against[2].conflict) if contradicting else None,
                    verbatim=bool(quoted),
                )
            )
        return _overall(check, per_source)


def _overall(claim: str, per_source: list[SourceVerdict]) -> Verdict:
    """Overall verdict: "disputed" when some sources support the claim and others contradict it."""
    verdicts = {v.verdict for v in per_source}
    overall: Literal["supported", "contradicted", "not_mentioned", "disputed"]
    if {"supported", "contradicted"} <= verdicts:
        overall = "disputed"
    elif "contradicted" in verdicts:
        overall = "contradicted"
    elif "supported" in verdicts:
        overall = "supported"
    else:
        overall = "not_mentioned"
    if not per_source:
        return Verdict(claim, overall, NLIScores(0.0, 1.0, 0.0), ())
    decisive = [v for v in per_source if v.verdict == overall] or per_source
    best = max(decisive, key=lambda v: max(v.scores.entailment, v.scores.contradiction))
    evidence = tuple(
        e
        for v in per_source
        for e in [v.support if v.verdict == "supported" else v.contradiction if v.verdict == "contradicted" else None]
        if e is not None
    )
    return Verdict(claim, overall, best.scores, tuple(per_source), evidence)
