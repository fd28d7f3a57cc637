"""Summarizers that turn groups of agreeing source claims into brief sentences.

Why groups rather than raw articles: each group is one fact that several sources state, so
every sentence the summarizer writes has claims to cite and to be checked against (the
faithfulness gate in inference/brief.py). Two backends share the same selection:

* ``ExtractiveFusion`` (default, offline): ranks groups by how many sources carry them and
  by centrality in embedding space, picks the best-formed claim of each group, drops a
  pick that the NLI model finds entailed by one already chosen, and orders picks by their
  position in the sources.
* ``GenerativeFusion``: the same selection, then a Hugging Face seq2seq or causal LM
  rewrites each selected group's claims into one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import torch

from .loading import check_weights, resolve
from .nli import NLIModel, resolve_device

Embed = Callable[[Sequence[str]], torch.Tensor]

_WEAK_START = re.compile(r"^(He|She|It|They|This|That|These|Those|However|Meanwhile|But|And|Also)\b")


@dataclass(frozen=True)
class Passage:
    """One source claim offered to a summarizer."""

    text: str
    source: str
    position: float
    """Relative position of the claim in its source, 0 (start) to 1 (end)."""
    core: bool = True
    """False for a claim that says more than the group's fact: it is cited, never quoted as the fact."""


@dataclass(frozen=True)
class Selection:
    """A brief sentence and the index of the group it summarises (its citations)."""

    text: str
    group: int
    rank: int


class Summarizer(Protocol):
    def summarize(self, groups: Sequence[Sequence[Passage]], max_words: int) -> list[Selection]:
        """Sentences within ``max_words``, in reading order; ``rank`` 0 is the most important."""
        ...


def form_score(text: str) -> float:
    """Higher for claims that read well alone: 12–35 words, no dangling pronoun or connective."""
    words = len(text.split())
    score = -abs(words - 22) / 22
    if _WEAK_START.match(text):
        score -= 1.0
    if text.rstrip()[-1:] not in '.!?"”’':
        score -= 0.5  # titles and fragments
    return score


class ExtractiveFusion:
    def __init__(self, embed: Embed, nli: NLIModel, redundancy: float = 0.5, position_weight: float = 0.0) -> None:
        self.embed = embed
        self.nli = nli
        self.redundancy = redundancy
        self.position_weight = position_weight

    def rank(self, groups: Sequence[Sequence[Passage]]) -> list[int]:
        """Group indices, most sources first, then by centrality (closeness to the mean of all claims)
        less ``position_weight`` times the group's mean relative position in its sources.

        Why position: news is written most important first, and centrality alone prefers the
        general analysis sentences that restate the whole story."""
        texts = [p.text for g in groups for p in g]
        if not texts:
            return []
        vectors = self.embed(texts)
        centre = torch.nn.functional.normalize(vectors.mean(0), dim=0)
        scores, at = [], 0
        for g in groups:
            position = sum(p.position for p in g) / len(g)
            scores.append(float((vectors[at : at + len(g)] @ centre).mean()) - self.position_weight * position)
            at += len(g)
        return sorted(range(len(groups)), key=lambda i: (-len({p.source for p in groups[i]}), -scores[i], i))

    def pick(self, group: Sequence[Passage]) -> Passage:
        return max((p for p in group if p.core), key=lambda p: (form_score(p.text), -p.position))

    def select(self, groups: Sequence[Sequence[Passage]], max_words: int) -> list[tuple[int, Passage]]:
        """(group, chosen passage) by importance, skipping picks that repeat an earlier one."""
        chosen: list[tuple[int, Passage]] = []
        words = 0
        for g in self.rank(groups):
            passage = self.pick(groups[g])
            n = len(passage.text.split())
            if words + n > max_words:
                continue
            if chosen and self._repeats(passage.text, [p.text for _, p in chosen]):
                continue
            chosen.append((g, passage))
            words += n
        return chosen

    def _repeats(self, text: str, earlier: list[str]) -> bool:
        pairs = [(e, text) for e in earlier]
        return any(s.entailment >= self.redundancy for s in self.nli.predict(pairs + [(b, a) for a, b in pairs]))

    def summarize(self, groups: Sequence[Sequence[Passage]], max_words: int) -> list[Selection]:
        chosen = self.select(groups, max_words)
        ranked = [Selection(p.text, g, rank) for rank, (g, p) in enumerate(chosen)]
        return sorted(ranked, key=lambda s: sum(p.position for p in groups[s.group]) / len(groups[s.group]))


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

    def summarize(self, groups: Sequence[Sequence[Passage]], max_words: int) -> list[Selection]:
        picks = self.selector.summarize(groups, max_words)
        return [Selection(self.generate(self.prompt(groups[s.group])) or s.text, s.group, s.rank) for s in picks]
