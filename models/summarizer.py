"""Summarizers that turn groups of agreeing source claims into brief sentences.

Why groups rather than raw articles: each group is one fact that several sources state, so
every sentence the summarizer writes has claims to cite and to be checked against (the
faithfulness gate in inference/brief.py). Two backends share the same selection:

* ``ExtractiveFusion`` (default, offline): ranks groups by the salience of their claims (a
  scorer fitted on editors' roundups, models/salience.py), picks the most salient whole
  sentence of each group, drops a pick that the NLI model finds entailed by the headline or
  by a pick already chosen (it would add nothing), and stops at the word budget.
* ``GenerativeFusion``: the same selection, then a Hugging Face seq2seq or causal LM
  rewrites each selected group's claims into one sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import torch

from .loading import check_weights, resolve
from .nli import NLIModel, resolve_device


@dataclass(frozen=True)
class Passage:
    """One source claim offered to a summarizer."""

    text: str
    source: str
    position: float
    """Relative position of the claim in its source, 0 (start) to 1 (end)."""
    core: bool = True
    """False for a claim that says more than the group's fact: it is cited, never quoted as the fact."""
    salience: float = 0.0
    """How likely an editor's roundup is to carry it (models/salience.py); groups are chosen by it."""
    quotable: bool = True
    """False for text cut off by the source or the splitter, and for opinion: never quoted as a fact."""


@dataclass(frozen=True)
class Selection:
    """A brief sentence and the index of the group it summarises (its citations)."""

    text: str
    group: int
    rank: int


class Summarizer(Protocol):
    def summarize(
        self, groups: Sequence[Sequence[Passage]], max_words: int, given: Sequence[str] = ()
    ) -> list[Selection]:
        """Sentences within ``max_words``, most important (``rank`` 0) first.

        ``given`` is text already in the brief (its headline): a pick it entails is not repeated."""
        ...


class ExtractiveFusion:
    def __init__(self, nli: NLIModel, redundancy: float = 0.5, per_group: int = 1) -> None:
        self.nli = nli
        self.redundancy = redundancy
        self.per_group = per_group

    def select(
        self, groups: Sequence[Sequence[Passage]], max_words: int, given: Sequence[str] = ()
    ) -> list[tuple[int, Passage]]:
        """(group, passage) pairs, most salient passage first, at most ``per_group`` from one group,
        skipping passages that do not fit and those that the given text or an earlier pick entails.

        Why one direction: a pick that says more than an earlier one (the lead under its headline) adds
        facts; only a pick that the brief already implies adds nothing. A second pick of the same group must
        also not imply the first (two wordings of one fact, one with a detail more, are one item).
        Why passages rather than groups: when a group's best sentence does not fit the words left, a shorter
        one of the same fact may."""
        offered = [(g, p) for g, group in enumerate(groups) for p in group if p.core and p.quotable]
        chosen: list[tuple[int, Passage]] = []
        words = 0
        for g, passage in sorted(offered, key=lambda gp: (-gp[1].salience, gp[0], gp[1].position)):
            n = len(passage.text.split())
            if words + n > max_words or sum(c == g for c, _ in chosen) >= self.per_group:
                continue
            # what the brief already says must not entail the passage; nor may a second sentence of one fact
            # entail the first (it would merely say it more fully): one NLI batch for both questions
            pairs = [(e, passage.text) for e in [*given, *(p.text for _, p in chosen)]]
            pairs += [(passage.text, p.text) for c, p in chosen if c == g]
            if pairs and any(s.entailment >= self.redundancy for s in self.nli.predict(pairs)):
                continue
            chosen.append((g, passage))
            words += n
        return chosen

    def summarize(
        self, groups: Sequence[Sequence[Passage]], max_words: int, given: Sequence[str] = ()
    ) -> list[Selection]:
        return [Selection(p.text, g, rank) for rank, (g, p) in enumerate(self.select(groups, max_words, given))]


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
        self, groups: Sequence[Sequence[Passage]], max_words: int, given: Sequence[str] = ()
    ) -> list[Selection]:
        picks = self.selector.summarize(groups, max_words, given)
        return [Selection(self.generate(self.prompt(groups[s.group])) or s.text, s.group, s.rank) for s in picks]
