"""When a scored pair is a contradiction: vetoes first, then typed evidence, then the model.

Why more than the NLI score: on hand-labelled real news (``crosscheck eval --suite news``) the
small model's two-way P(contradiction) is as high for the same quote in two outlets as for real
conflicts. So a reported contradiction needs evidence a reader can check:

1. **Vetoes.** Near-identical text, a shared quotation or a paraphrase by the sentence encoder
   is never a contradiction on the model's word alone; confident entailment either way is never
   a contradiction at all.
2. **Typed conflict.** Two aligned claims (similar, and sharing content words) that give
   different figures for the same quantity, different dates, places or venues, or one settled
   and one open ("ruled out" / "considering"): a contradiction whatever the model says, with the
   two values as its evidence.
3. **The model.** P(contradiction) at or above ``model_contradiction`` in both directions: a
   contradiction with the scores as its evidence. One direction only above
   ``relations.contradiction``: a *possible* contradiction, hidden unless asked for.

Every threshold is in ``configs/default.yaml`` (``disputes``), every word list in
``configs/lexicon.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from ..config import DisputeConfig, RelationConfig
from ..models.scores import NLIScores
from . import slots
from .relate import agreement_relation
from .segment import asks, word_for_word
from .types import Relation

Veto = str
"""Why a pair cannot be a contradiction: question, same_text, same_quote, paraphrase or entailment."""


@dataclass(frozen=True)
class Conflict:
    """The evidence for a reported contradiction: what conflicts, and how sure we are."""

    type: str
    """number, date, place or modality (typed), or model (the NLI scores alone)."""
    values: tuple[str, str] | None
    """The two conflicting values as the claims word them (a's, then b's); None for the model."""
    confidence: float


@dataclass(frozen=True)
class Decision:
    relation: Relation
    conflict: Conflict | None = None
    veto: Veto | None = None


@dataclass(frozen=True)
class ClaimSlots:
    content: frozenset[str]
    figures: tuple[slots.Slot, ...]
    dates: tuple[slots.Slot, ...]
    places: tuple[slots.Slot, ...]
    modality: tuple[slots.Slot, ...]
    quotes: tuple[str, ...]
    years: frozenset[str]


_QUOTE = re.compile(r"[“\"‘']([^”\"’']{12,})[”\"’']")


@lru_cache(maxsize=8192)
def claim_slots(text: str) -> ClaimSlots:
    """Every typed slot of one claim, computed once per text."""
    lexicon = slots.Lexicon.default()
    return ClaimSlots(
        frozenset(slots.content_words(text, lexicon) | slots.names(text)),
        tuple(slots.figures(text, lexicon)),
        tuple(slots.dates(text, lexicon)),
        tuple(slots.places(text, lexicon)),
        tuple(slots.modality(text, lexicon)),
        tuple(" ".join(slots.words(q)) for q in _QUOTE.findall(text)),
        slots.years(text),
    )


def _overlap(a: str, b: str) -> float:
    """Share of the shorter text's words that the longer one has, in order (difflib's matching blocks).

    Words are compared by a rough stem, so "threaten" and "threatens" match.
    """
    wa, wb = (slots.stems(t) for t in (a, b))
    if not wa or not wb:
        return 0.0
    matched = sum(block.size for block in SequenceMatcher(None, wa, wb, autojunk=False).get_matching_blocks())
    return matched / min(len(wa), len(wb))


def _same_quote(a: ClaimSlots, b: ClaimSlots, level: float) -> bool:
    return any(_overlap(x, y) >= level for x in a.quotes for y in b.quotes if min(len(x), len(y)) >= 12)


def veto(
    a: str, b: str, forward: NLIScores, backward: NLIScores, similarity: float, config: DisputeConfig
) -> Veto | None:
    """The first reason (in order of strength) why a and b cannot contradict each other, if any."""
    if max(forward.entailment, backward.entailment) >= config.veto_entailment:
        return "entailment"
    if _overlap(a, b) >= config.veto_same_text:
        return "same_text"
    if _same_quote(claim_slots(a), claim_slots(b), config.veto_same_text):
        return "same_quote"
    if similarity >= config.veto_paraphrase:
        return "paraphrase"
    return None


def _figure_clash(
    ours: tuple[slots.Slot, ...], theirs: tuple[slots.Slot, ...], lexicon: slots.Lexicon, alike: bool
) -> tuple[slots.Slot, slots.Slot] | None:
    """The first two figures for the same quantity that cannot both hold, unless either one is matched.

    A figure that some figure of the other claim agrees with is not in dispute ("37 dead" against "37 dead,
    40 hurt"), and a total is not in dispute with its parts ("2.5 million to Mexico and 1.5 million to
    Canada" against "4 million doses"). When the claims are alike (``alike``: at least
    ``disputes.sole_figure_similarity``) and each gives one figure, the two figures count the same thing
    unless their quantity words differ.
    """

    def agree(x: slots.Slot, y: slots.Slot) -> bool:
        """The same value in both claims, in the same unit: whatever the nearby words, not in dispute; but
        an order of magnitude in words ("dozens more wounded") only agrees with a figure of its own quantity."""
        if (slots.vague(x) or slots.vague(y)) and not slots.same_quantity(x, y, lexicon):
            return False
        return slots.same_unit(x, y) and not slots.figures_conflict(x, y)

    if _sum_of_parts(ours, theirs) or _sum_of_parts(theirs, ours):
        return None
    least = lexicon.data["numbers"]["sole_figure_min"]
    sole = (
        alike
        and len(ours) == len(theirs) == 1
        and all(s.value[1] is not None and s.value[0] >= least for s in (*ours, *theirs))  # not tallies ("52-48")
    )
    for x in ours:
        for y in theirs:
            if not (slots.same_quantity(x, y, lexicon, sole=sole) and slots.figures_conflict(x, y)):
                continue
            if any(agree(x, other) for other in theirs) or any(agree(other, y) for other in ours):
                continue
            return x, y
    return None


def _different_times(ours: tuple[slots.Slot, ...], theirs: tuple[slots.Slot, ...]) -> bool:
    """Two counts at different times ("300,000 deaths on Dec. 17" against "400,000 as of Tuesday": one date each,
    different; "469 cases ... from July 3 to 17, according to data released Friday" against "900 cases over the
    July 4 weekend": one calendar day each, different) or over different spans ("in February" against "from
    October through February") are not in dispute. A claim with several dates of one grain compares several
    times, so nothing is assumed."""
    if len(ours) == 1 and len(theirs) == 1:
        return ours[0].value != theirs[0].value
    for grain in ("day", "month"):
        days = [[s.value for s in side if s.value[0] == grain] for side in (ours, theirs)]
        if len(days[0]) == len(days[1]) == 1 and days[0] != days[1]:
            return True
    months = [{s.value for s in side if s.value[0] == "month"} for side in (ours, theirs)]
    several = ours if len(months[0]) > 1 else theirs
    lexicon = slots.Lexicon.default()
    # "in July, a 13 percent increase over June" names two months, not a span: it compares them
    return all(months) and months[0] != months[1] and max(map(len, months)) > 1 and slots.span(several, lexicon)


def _sum_of_parts(parts: tuple[slots.Slot, ...], totals: tuple[slots.Slot, ...]) -> bool:
    """Figures of one claim that add up to a figure of the other (orders of magnitude in words are no sums)."""
    plain = [s.value for s in parts if s.value[1] is not None and s.value[1] != float("inf") and not slots.vague(s)]
    if len(plain) < 2:
        return False
    whole = sum((low + high) / 2 for low, high in plain)
    return any(s.value[1] is not None and not slots.vague(s) and s.value[0] <= whole <= s.value[1] for s in totals)


def typed_conflict(
    a: str, b: str, similarity: float, config: DisputeConfig, leads: bool = False
) -> tuple[str, slots.Slot, slots.Slot] | None:
    """A figure, date, place or modality conflict between two aligned claims, if there is one.

    Two outlets' headlines and first sentences (``leads``) are aligned whatever their words: each states the
    event itself ("Trump Says He Doesn't Want to Waive It" / "Trump 'thinking about' lifting Jones Act").
    """
    sa, sb = claim_slots(a), claim_slots(b)
    aligned = similarity >= config.align_similarity and len(sa.content & sb.content) >= config.align_shared_words
    if not (aligned or (leads and config.leads_aligned)):
        return None
    lexicon = slots.Lexicon.default()

    # Only leads tell the event's one happening: two body sentences of full articles, however alike, often date
    # different steps of a story ("rebuffed calls late Monday" / "continued his refusal ... Tuesday").
    same_happening = leads and similarity >= config.same_happening
    clash = _figure_clash(sa.figures, sb.figures, lexicon, similarity >= config.sole_figure_similarity)
    if clash and not _different_times(sa.dates, sb.dates) and sa.years == sb.years:
        return ("number", *clash)
    for kind, found in (
        ("date", slots.dates_conflict(list(sa.dates), list(sb.dates), lexicon, same_happening)),
        ("place", slots.places_conflict(list(sa.places), list(sb.places), a, b)),
        ("modality", slots.modality_conflict(list(sa.modality), list(sb.modality))),
    ):
        if found:
            return (kind, *found)
    return None


def decide(
    a: str,
    b: str,
    forward: NLIScores,
    backward: NLIScores,
    similarity: float,
    relations: RelationConfig,
    config: DisputeConfig,
    leads: bool = False,
    early: bool = True,
) -> Decision:
    """The relation of claim a to claim b, with the evidence for a contradiction or the veto against one.

    Two claims ``word_for_word`` alike (outlets running the same wire copy) are equivalent whatever the model
    says: it does not always find that a sentence entails itself. A claim that ``asks`` a question states
    nothing to agree with or to contradict, so its pairs are unrelated. Typed conflicts are sought only when both
    claims are ``early`` in their articles (``DisputeConfig.typed_depth``); deeper ones answer to the model alone."""
    if asks(a) or asks(b):
        return Decision("unrelated", veto="question")
    if word_for_word(a, b):
        return Decision("equivalent", veto="same_text")
    agreement = agreement_relation(forward, backward, similarity, relations)
    model = min(forward.contradiction, backward.contradiction)
    blocked = veto(a, b, forward, backward, similarity, config)
    if blocked != "entailment" and early:
        typed = typed_conflict(a, b, similarity, config, leads)
        if typed:
            kind, x, y = typed
            prior = getattr(config.type_confidence, kind)
            confidence = 1 - (1 - prior) * (1 - model)  # the model's agreement raises it; its doubt never lowers it
            return Decision("contradiction", Conflict(kind, (x.text, y.text), round(confidence, 4)))
    if blocked:
        return Decision(agreement, veto=blocked)
    if model >= config.model_contradiction:
        return Decision("contradiction", Conflict("model", None, round(model, 4)))
    strongest = max(forward.contradiction, backward.contradiction)
    if strongest >= relations.contradiction:
        return Decision("possible_contradiction", Conflict("model", None, round(model, 4)))
    return Decision(agreement)
