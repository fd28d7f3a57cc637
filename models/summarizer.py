"""Summarizers that turn groups of agreeing source claims into brief sentences.

Why groups rather than raw articles: each group is one fact that several sources state, so
every sentence the summarizer writes has claims to cite and to be checked against (the
faithfulness gate in inference/brief.py). Two backends share the same selection:

* ``ExtractiveFusion`` (default, offline): chooses the set of whole sentences, at most one per
  group, that an editor's roundup would share most words with (models/roundup.py, with the
  salience of models/salience.py), within the word budget; a pick that the NLI model finds
  entailed by the headline or by another pick is never taken (it would add nothing).
* ``GenerativeFusion``: the same selection, then a Hugging Face seq2seq or causal LM
  rewrites each selected group's claims into one sentence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import torch

from .loading import check_weights, resolve
from .nli import NLIModel, resolve_device
from .roundup import Overlap, tokens


@dataclass(frozen=True)
class Passage:
    """One source claim offered to a summarizer."""

    text: str
    source: str
    position: float
    """Relative position of the claim in its source, 0 (start) to 1 (end)."""
    salience: float = 0.0
    """How likely an editor's roundup is to carry it (models/salience.py): the most salient are the candidates."""
    quotable: bool = True
    """False for text cut off by the source or the splitter, and for opinion: never quoted as a fact."""
    shared: bool = False
    """True for a claim of a fact that two or more sources state (a consensus group)."""


@dataclass(frozen=True)
class Selection:
    """A brief sentence and the index of the group it summarises (its citations)."""

    text: str
    group: int
    rank: int


class Summarizer(Protocol):
    def summarize(
        self, groups: Sequence[Sequence[Passage]], max_words: int, given: Sequence[str], overlap: Overlap
    ) -> list[Selection]:
        """Sentences within ``max_words``, in the order the brief shows them (``rank`` 0 first).

        ``given`` is text already in the brief (its headline): a pick it entails is not repeated.
        ``overlap`` estimates, word by word, what an editor's roundup of this event would share."""
        ...


class ExtractiveFusion:
    """Chooses whole source sentences: the set, within the word budget, that an editor's roundup would share
    most words with (models/roundup.py), by beam search.

    Why a set rather than the most salient sentences one by one: a sentence's worth depends on what the
    brief already says; one that repeats the headline's words adds little, and the budget counts every word,
    so two short sentences can beat one long one. A selection's value is the F-measure its expected
    roundup words give: 2 (words shared + ``salience_weight`` x the salience of each pick x its length) /
    (brief length + the roundup length the event's ``Overlap`` assumes).
    """

    def __init__(
        self,
        nli: NLIModel,
        redundancy: float = 0.5,
        per_group: int = 1,
        *,
        candidates: int = 12,
        beam_width: int = 8,
        salience_weight: float = 0.0,
        agreed_first: bool = True,
    ) -> None:
        self.nli = nli
        self.redundancy = redundancy
        self.per_group = per_group
        self.candidates = candidates
        self.beam_width = beam_width
        self.salience_weight = salience_weight
        self.agreed_first = agreed_first

    def select(
        self, groups: Sequence[Sequence[Passage]], max_words: int, given: Sequence[str], overlap: Overlap
    ) -> list[tuple[int, Passage]]:
        """(group, passage) pairs in reading order, at most ``per_group`` from one group, none that the
        given text or an earlier pick entails.

        Why one direction: a pick that says more than an earlier one (the lead under its headline) adds
        facts; only a pick that the brief already implies adds nothing. A second pick of the same group must
        also not imply the first (two wordings of one fact, one with a detail more, are one item).
        Why check only the chosen set: the NLI model then reads a few pairs per brief, not every pair of
        candidates; a redundant pick is struck out and the search runs again without it.
        Why ``agreed_first``: a brief whose "Agreed" is empty while the report lists agreed facts tells two
        stories; so when the best set holds no shared fact, the best set that holds one is taken instead
        (the most salient shared sentence is always a candidate)."""
        ranked = sorted(
            ((g, p) for g, group in enumerate(groups) for p in group if p.quotable),
            key=lambda gp: (-gp[1].salience, gp[0], gp[1].position),
        )
        offered = ranked[: self.candidates]
        if self.agreed_first and not any(p.shared for _, p in offered):
            offered += next(([gp] for gp in ranked if gp[1].shared), [])
        struck: set[int] = set()
        while True:
            picks = self._search(offered, max_words, given, overlap, struck)
            shared = [i for i, (_, p) in enumerate(offered) if p.shared and i not in struck]
            if self.agreed_first and shared and not any(offered[i][1].shared for i in picks):
                picks = self._search(offered, max_words, given, overlap, struck, shared) or picks
            redundant = self._redundant([offered[i] for i in picks], given)
            if redundant is None:
                return [offered[i] for i in picks]
            struck.add(picks[redundant])

    def _search(
        self,
        offered: Sequence[tuple[int, Passage]],
        max_words: int,
        given: Sequence[str],
        overlap: Overlap,
        struck: set[int],
        first: Sequence[int] = (),
    ) -> list[int]:
        """Indices into ``offered`` of the best selection the beam finds, in the order the sources tell them
        (a brief reads like a report: what the articles lead with comes first). With ``first``, every
        selection holds one of those passages (none, if none fits)."""
        words = [tokens(p.text) for _, p in offered]
        lengths = [len(p.text.split()) for _, p in offered]
        headline = [w for text in given for w in tokens(text)]
        base = sum(len(text.split()) for text in given)

        def score(b: _Beam) -> float:
            return overlap.f_measure(b.value, base + b.words)

        def grow(b: _Beam, i: int) -> _Beam:
            value = overlap.gain(words[i], b.held) + self.salience_weight * offered[i][1].salience * lengths[i]
            return _Beam((*b.picks, i), b.held + Counter(words[i]), b.value + value, b.words + lengths[i])

        empty = _Beam((), Counter(headline), overlap.gain(headline, Counter()), 0)
        frontier = [grow(empty, i) for i in first if lengths[i] <= max_words] if first else [empty]
        if not frontier:
            return []
        best = max(frontier, key=score)
        while frontier:
            grown: dict[frozenset[int], _Beam] = {}
            for b in frontier:
                for i, (group, _) in enumerate(offered):
                    key = frozenset((*b.picks, i))
                    if (
                        i in struck
                        or i in b.picks
                        or key in grown
                        or b.words + lengths[i] > max_words
                        or sum(offered[j][0] == group for j in b.picks) >= self.per_group
                    ):
                        continue
                    grown[key] = grow(b, i)
            frontier = sorted(grown.values(), key=score, reverse=True)[: self.beam_width]
            if frontier and score(frontier[0]) > score(best):
                best = frontier[0]
        return sorted(best.picks, key=lambda i: (offered[i][1].position, i))

    def _redundant(self, picks: Sequence[tuple[int, Passage]], given: Sequence[str]) -> int | None:
        """The position of the first pick that the given text or an earlier pick entails, if any."""
        questions = [
            (k, pair)
            for k, (group, passage) in enumerate(picks)
            for pair in [(e, passage.text) for e in [*given, *(p.text for _, p in picks[:k])]]
            + [(passage.text, p.text) for g, p in picks[:k] if g == group]
        ]
        if not questions:
            return None
        scores = self.nli.predict([pair for _, pair in questions])
        return next((k for (k, _), s in zip(questions, scores) if s.entailment >= self.redundancy), None)

    def summarize(
        self, groups: Sequence[Sequence[Passage]], max_words: int, given: Sequence[str], overlap: Overlap
    ) -> list[Selection]:
        picks = self.select(groups, max_words, given, overlap)
        return [Selection(p.text, g, rank) for rank, (g, p) in enumerate(picks)]


@dataclass(frozen=True)
class _Beam:
    """A partial selection: its picks (indices into the offered passages), the words it holds, its value."""

    picks: tuple[int, ...]
    held: Counter[str]
    value: float
    words: int


class GenerativeFusion:
    """Rewrites each selected group with a seq2seq or causal LM (e.g. flan-t5, bart-large-cnn)."""

    def __init__(
        self,
        model: str | Path,
        selector: ExtractiveFusion,
        *,
        device: str = "auto",
        max_new_tokens: int = 60,
        allow_pickle: bool = False,
    ) -> None:
        from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer

        path = resolve(model)
        use_safetensors = check_weights(path, allow_pickle)
        self.device = resolve_device(device)
        self.selector = selector
        self.max_new_tokens = max_new_tokens
        self.tokenizer: Any = AutoTokenizer.from_pretrained(path, trust_remote_code=False)
        self.seq2seq = bool(AutoConfig.from_pretrained(path, trust_remote_code=False).is_encoder_decoder)
        auto: Any = AutoModelForSeq2SeqLM if self.seq2seq else AutoModelForCausalLM
        self.model: Any = (
            auto.from_pretrained(path, trust_remote_code=False, use_safetensors=use_safetensors).to(self.device).eval()
        )

    def prompt(self, group: Sequence[Passage]) -> str:
        facts = " ".join(dict.fromkeys(p.text for p in group))
        return f"Summarize in one sentence: {facts}"

    def generate(self, prompt: str) -> str:
        enc = self.tokenizer(prompt, return_tensors="pt", truncation=True, max_length=512).to(self.device)
        enc.pop("token_type_ids", None)  # BERT-style tokenizers add it; generate() rejects it
        with torch.inference_mode():
            out = self.model.generate(
                **enc,
                max_new_tokens=self.max_new_tokens,
                do_sample=False,
                num_beams=1,
                pad_token_id=self.tokenizer.pad_token_id or self.tokenizer.eos_token_id,
            )
        tokens = out[0] if self.seq2seq else out[0, enc["input_ids"].shape[1] :]
        return " ".join(self.tokenizer.decode(tokens, skip_special_tokens=True).split())

    def summarize(
        self, groups: Sequence[Sequence[Passage]], max_words: int, given: Sequence[str], overlap: Overlap
    ) -> list[Selection]:
        picks = self.selector.summarize(groups, max_words, given, overlap)
        return [Selection(self.generate(self.prompt(groups[s.group])) or s.text, s.group, s.rank) for s in picks]
