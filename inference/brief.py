"""The merged brief: a headline, agreed facts with citations, disputes with both sides, single-source claims.

What goes in is the set of sentences an editor's roundup would share most words with (models/roundup.py,
weighed with models/salience.py), within the word budget that counts everything, the headline included.
Only whole sentences that read rightly alone are quoted: text cut off by the source ("... until the") or the
splitter is never an item, nor a sentence that opens with a pronoun pointing back ("They shouted ...").
Opinion (an opinion piece, the writer's own "we", a quoted view) is labelled as such, and never chosen as the
wording of an agreed fact when a plain report of it exists.

Why a faithfulness gate on every backend: a brief sentence that no source supports is worse
than no brief for a fact-checker. Each sentence is scored by the NLI model against the
claims it cites; a sentence that no cited claim entails is dropped and counted (or, with
``strict``, the run fails).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from ..config import BriefConfig
from ..errors import CrosscheckError
from ..models.nli import NLIModel
from ..models.roundup import Overlap
from ..models.salience import TERMINAL
from ..models.summarizer import Passage, Summarizer
from .segment import asks, cut_before_name, unquoted, word_for_word
from .slots import Lexicon, words
from .types import Brief, BriefItem, Claim, Cluster, PairResult


class UnfaithfulBriefError(CrosscheckError):
    """Raised in strict mode when a brief sentence is entailed by none of its cited claims."""


def quotable(claim: Claim, min_words: int = 1) -> bool:
    """A whole sentence (or a title): it ends as a sentence ends, does not start mid-sentence, and has at
    least ``min_words`` words (a splitter's leftover such as "And for almost everybody else." has none to spare).
    """
    text = claim.text.strip()
    if claim.index == 0:
        return True  # the title: headlines need no full stop
    starts = text[:1].isupper() or text[:1].isdigit() or text[:1] in "\"“‘'("
    whole = text.endswith(TERMINAL) and not cut_before_name(text)
    return starts and whole and len(text.split()) >= min_words


def leans_back(claim: Claim, lexicon: Lexicon) -> bool:
    """A body sentence that opens with a pronoun pointing to an earlier sentence ("They shouted ...").

    Why: quoted alone in the brief, the reader cannot tell who "they" are; the rest of the report still
    lists it, in its source's context."""
    opening = [w.replace("’", "'") for w in words(claim.text)[:2]]
    openers = set(lexicon.data["context"]["openers"])
    return claim.index > 0 and bool(opening) and (opening[0] in openers or " ".join(opening) in openers)


def quoted_claims(item: BriefItem) -> tuple[Claim, ...]:
    """The cited claims an item quotes word for word (a rewritten, abstractive item quotes none)."""
    return tuple(c for c in item.cites if c.text in item.text)


def writer_voice(title: str, lexicon: Lexicon) -> bool:
    """A title that says what should be done in the writer's own voice ("Obama should pardon Snowden").

    Why no reporting word anywhere: "Trump says DOJ should probe ..." and "... should be outlawed, campaigners
    urge" report someone's view; a colon ("Sean Hannity: ... he should go fishing") or a quote gives the words
    to someone else."""
    spec = lexicon.data["opinion"]
    if ":" in title:
        return False
    said = set(words(unquoted(title)))
    return bool(said & set(spec["title_voice"])) and not said & set(spec["reported_by"])


def opinion_sources(claims: Sequence[Claim], lexicon: Lexicon) -> set[str]:
    """The sources whose title marks an opinion piece ("OPINION: ...", "You Can Thank Trump For ...", or a
    "should" in the writer's own voice)."""
    marker = re.compile(rf"\W*({'|'.join(map(re.escape, lexicon.data['opinion']['title_markers']))})\b", re.I)
    return {c.source for c in claims if c.index == 0 and (marker.match(c.text) or writer_voice(c.text, lexicon))}


def note_of(claim: Claim, opinion: set[str], lexicon: Lexicon) -> str | None:
    """ "opinion" or "said by …" for a view rather than a reported fact; None for a plain report."""
    first_person = set(words(unquoted(claim.text))) & set(lexicon.data["opinion"]["first_person"])
    if claim.source in opinion or first_person:
        return "opinion"
    if claim.attribution:
        return f"said by {claim.attribution}"
    return None


def _passage(
    claim: Claim,
    lengths: dict[str, int],
    salience: Mapping[str, float],
    quote: bool,
    shared: bool = False,
) -> Passage:
    position = claim.index / max(1, lengths[claim.source] - 1)
    return Passage(claim.text, claim.source, position, salience[claim.id], quote, shared)


def _said(claim: Claim, tag: str) -> str:
    who = f"{tag} ({claim.attribution})" if claim.attribution else tag
    return f"{who}: “{claim.text}”"


def disputed_item(pair: PairResult, tags: dict[str, str]) -> BriefItem:
    return BriefItem(
        f"{_said(pair.a, tags[pair.a.source])} — but {_said(pair.b, tags[pair.b.source])}", (pair.a, pair.b)
    )


def distinct_disputes(disputes: Sequence[PairResult], limit: int) -> list[PairResult]:
    """The strongest disputes, each claim quoted at most once.

    Why: one claim that the model finds at odds with several others (often a terse title)
    would otherwise fill the section with the same quote; the full list stays in the report.
    """
    seen: set[str] = set()
    chosen: list[PairResult] = []
    for pair in disputes:
        if len(chosen) < limit and not {pair.a.id, pair.b.id} & seen:
            chosen.append(pair)
            seen.update((pair.a.id, pair.b.id))
    return chosen


def gate(items: Sequence[BriefItem], nli: NLIModel, threshold: float, strict: bool) -> tuple[list[BriefItem], int]:
    """Keep items whose text is entailed by at least one cited claim; count the rest.

    An item that quotes a cited claim ``word_for_word`` is kept without asking the model (a verbatim quote was
    reported as "not entailed by the claims it cites")."""
    if not items:
        return [], 0
    verbatim = [any(word_for_word(c.text, item.text) for c in item.cites) for item in items]
    scores = iter(nli.predict([(c.text, i.text) for i, quote in zip(items, verbatim) if not quote for c in i.cites]))
    kept, dropped = [], 0
    for item, quote in zip(items, verbatim):
        entailment = 1.0 if quote else max(next(scores).entailment for _ in item.cites)
        if entailment >= threshold:
            kept.append(item)
        elif strict:
            raise UnfaithfulBriefError(
                f"brief sentence not supported by its sources (P(entail)={entailment:.2f}): {item.text[:80]}"
            )
        else:
            dropped += 1
    return kept, dropped


def headline_item(
    claims: Sequence[Claim],
    consensus: Sequence[Cluster],
    worth: Callable[[Claim], float],
    avoid: frozenset[str] = frozenset(),
) -> BriefItem | None:
    """The event's title: the headline that most outlets' reports back, else the one whose words an editor's
    roundup would most share (``worth``: ``Overlap.alone``).

    Why a source's own headline: it is a whole, faithful statement of the event that an editor
    wrote; with no titles at all, the top agreed fact stands in. Why by shared words rather than by
    sentence salience: the title that uses the words all outlets use tells the event, not one outlet's
    angle on it ("Barr creates firestorm with comments ..." rather than "William Barr Speaks Truth to
    (Illegitimate) Power"); on the 300 held-out NeuS train events ROUGE-1 0.394 -> 0.398.
    A title in ``avoid`` (by claim id) heads the brief only when every title is: one that another source
    contradicts (the brief would state as the event what its "Disputed" section then calls into doubt,
    quoting it twice), an opinion piece's (a view is never the event), and a question ("Trump impeachment
    conviction?" states no event).
    """
    titles = [c for c in claims if c.index == 0]
    backing = {c.id: cluster for cluster in consensus for c in cluster.claims if c.index == 0}
    if titles:
        best = max(
            titles,
            key=lambda c: (
                c.id not in avoid,
                len(backing[c.id].sources) if c.id in backing else 1,
                worth(c),
            ),
        )
        return BriefItem(best.text, backing[best.id].claims if best.id in backing else (best,))
    if consensus:
        top = max(consensus[0].claims, key=worth)
        return BriefItem(top.text, consensus[0].claims)
    return None


def build_brief(
    claims: Sequence[Claim],
    consensus: Sequence[Cluster],
    disputes: Sequence[PairResult],
    unique: Sequence[Claim],
    tags: dict[str, str],
    *,
    salience: Mapping[str, float],
    overlap: Overlap,
    summarizer: Summarizer,
    nli: NLIModel,
    config: BriefConfig,
    max_words: int | None = None,
    strict: bool = False,
) -> Brief:
    """Headline first, then the most salient agreed facts and single-source claims that fit the budget.

    The first two-way dispute is always shown: inside the budget while an agreed fact still fits beside it,
    over it by that one bullet otherwise."""
    budget = max_words or config.max_words
    lexicon = Lexicon.default()
    opinion = opinion_sources(claims, lexicon)
    notes = {c.id: note_of(c, opinion, lexicon) for c in claims}
    lengths: dict[str, int] = {}
    for c in claims:
        lengths[c.source] = lengths.get(c.source, 0) + 1
    quotable_disputes = [p for p in disputes if p.relation == "contradiction"]  # one-way ones are never quoted
    in_dispute = frozenset(c.id for p in quotable_disputes for c in (p.a, p.b))
    avoid = in_dispute | {c.id for c in claims if c.index == 0 and (c.source in opinion or asks(c.text))}
    headline = headline_item(claims, consensus, lambda c: overlap.alone(c.text), avoid)
    words = len(headline.text.split()) if headline else 0

    disputed = [disputed_item(p, tags) for p in distinct_disputes(quotable_disputes, config.max_disputed)]
    reserved = sum(len(i.text.split()) for i in disputed[:1])

    def alone(claim: Claim) -> bool:
        """A whole sentence that reads rightly out of its source's context."""
        return quotable(claim, config.min_quote_words) and not leans_back(claim, lexicon)

    def quote(claim: Claim) -> bool:
        """Readable alone, not the headline itself, not opinion (as the wording of a fact), and not one side of a
        dispute the brief shows (stated as agreed above, called into doubt below)."""
        return (
            alone(claim)
            and not (headline and claim.text == headline.text)
            and notes[claim.id] != "opinion"
            and claim.id not in in_dispute
        )

    single = [c for c in unique if c.index > 0]
    placed = {c.id for cluster in consensus for c in cluster.claims} | {c.id for c in unique} | in_dispute
    # Neither agreed nor only in its source: another outlet's claim touches on it (consensus.unique_entailment).
    # Often an outlet's lead, so the brief may quote it, under "Also reported", citing its own source alone
    # (a question reports nothing).
    related = [c for c in claims if c.index > 0 and c.id not in placed and not asks(c.text)]
    groups = [
        [_passage(c, lengths, salience, quote(c), shared=True) for c in cluster.claims] for cluster in consensus
    ] + [[_passage(c, lengths, salience, alone(c))] for c in [*single, *related]]
    given = [headline.text] if headline else []
    picks = summarizer.summarize(groups, max(0, budget - words - reserved), given, overlap)
    if reserved and consensus and not any(s.group < len(consensus) for s in picks):
        # The first dispute's two quotes left no room for any agreed fact (full articles: a 60-word bullet in a
        # 75-word brief). A brief of a headline and a dispute tells half the story, so the facts are chosen in
        # the whole budget and the dispute runs over it, as the first dispute always may.
        picks = summarizer.summarize(groups, max(0, budget - words), given, overlap)
    agreed: list[tuple[BriefItem, Cluster]] = []
    only: list[tuple[BriefItem, Claim]] = []
    also: list[BriefItem] = []
    for s in picks:
        if s.group < len(consensus):
            cluster = consensus[s.group]
            if len(agreed) < config.max_agreed:
                said = next((c for c in cluster.claims if c.text == s.text), None)  # None: rewritten (abstractive)
                agreed.append((BriefItem(s.text, cluster.claims, notes[said.id] if said else None), cluster))
        elif s.group < len(consensus) + len(single):
            claim = single[s.group - len(consensus)]
            if sum(c.source == claim.source for _, c in only) < config.max_only_in:
                only.append((BriefItem(s.text, (claim,), notes[claim.id]), claim))
        elif len(also) < config.max_also_reported:
            claim = related[s.group - len(consensus) - len(single)]
            also.append(BriefItem(s.text, (claim,), notes[claim.id]))
    agreed.sort(key=lambda pair: -len(pair[1].sources))  # most outlets first; equal support keeps salience order
    picked = [i for i, _ in agreed] + also + [i for i, _ in only]
    words += sum(len(i.text.split()) for i in picked)

    kept_disputed: list[BriefItem] = []
    for item in disputed:
        if kept_disputed and words + len(item.text.split()) > budget:
            continue  # a shorter dispute further down may still fit
        kept_disputed.append(item)
        words += len(item.text.split())

    checked, dropped = gate(picked, nli, config.faithfulness, strict)
    # A disputed bullet is two verbatim quotes: it is faithful exactly when both quotes are in it;
    # the headline is one source's own title, quoted whole.
    quoted = [i for i in kept_disputed if all(c.text in i.text for c in i.cites)]
    dropped += len(kept_disputed) - len(quoted)
    keep = {id(i) for i in [*checked, *quoted]}
    only_in: dict[str, tuple[BriefItem, ...]] = {}
    for item, claim in only:
        if id(item) in keep:
            only_in[claim.source] = (*only_in.get(claim.source, ()), item)
    return Brief(
        headline=headline,
        agreed=tuple(i for i, _ in agreed if id(i) in keep),
        disputed=tuple(i for i in kept_disputed if id(i) in keep),
        only_in=only_in,
        also_reported=tuple(i for i in also if id(i) in keep),
        dropped=dropped,
        agreed_facts=len(consensus),
    )
