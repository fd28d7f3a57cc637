"""Property-based tests (Hypothesis) for the file reader, the normaliser and the segmenter.

Invariants checked over generated text:

* the only exception ever raised is ``InputError``, and only for a document that is empty
  once normalised;
* every claim quotes its source exactly: ``source.text[c.start:c.end] == c.text``;
* claims are non-overlapping, in reading order and numbered 0, 1, 2, ...;
* the same input gives the same claims;
* the number of claims is bounded by the input length (each claim is at least
  ``min_claim_chars`` long and claims do not overlap).

The example budgets are fixed so the file runs in well under a minute. A few end-to-end
examples go through the real ``CrossChecker`` (shared fixture) with duplicate documents.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from crosscheck.config import CheckConfig
from crosscheck.errors import InputError
from crosscheck.inference.ingest import make_source, normalise, read_file
from crosscheck.inference.segment import segment

CFG = CheckConfig.default()
SMALL_CHUNKS = dataclasses.replace(CFG.limits, chunk_chars=200)
"""Limits that force the long-paragraph chunking path on short generated text."""

ZERO_WIDTH = "\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2060\u2063\ufeff\u00ad"
CONTROL = "".join(chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127, 0x85, 0x9F])
WHITESPACE = " \t\n\r\u00a0\u2028\u2029\u3000\x0b\x0c"
WORDS = [
    "Belarus",
    "Iran",
    "signed",
    "a",
    "military",
    "cooperation",
    "plan",
    "in",
    "Minsk",
    "on",
    "Monday",
    "U.S.",
    "Dr.",
    "said",
    "officials",
    "2026",
    "“quoted”",
    "it’s",
    "e.g.",
    "...",
    "—",
    "naïve",
    "Zürich",
    "北京",
    "مرحبا",
    "😀",
]
PUNCT = [" ", " ", " ", ". ", "? ", "! ", "\n", "\n\n", ", ", "; ", ": ", "\t"]

# Text that looks like (messy) prose: words, punctuation, newlines, invisible and control characters.
prose = st.lists(
    st.one_of(
        st.sampled_from(WORDS),
        st.sampled_from(PUNCT),
        st.sampled_from(list(ZERO_WIDTH + CONTROL)),
        st.text(max_size=8),
    ),
    max_size=200,
).map("".join)
junk = st.text(alphabet=st.sampled_from(list(ZERO_WIDTH + CONTROL + WHITESPACE)), max_size=60)
"""Documents that normalise to nothing but whitespace."""


def claims_for(text: str, limits=CFG.limits):
    source = make_source("doc", text, limits, CFG.segment)
    return source, segment(source, CFG.segment, limits)


def check_document(text: str, limits=CFG.limits) -> list:
    """Segment ``text`` and assert every invariant; return the claims ([] for an empty document)."""
    try:
        source, claims = claims_for(text, limits)
    except InputError as exc:
        # The only reason to refuse a document this small is that nothing is left after normalising.
        assert not normalise(text).strip(), f"InputError for a non-empty document: {exc}"
        return []
    assert source.text == normalise(text)
    assert source.text.strip()
    for k, c in enumerate(claims):
        assert c.source == "doc"
        assert c.index == k
        assert 0 <= c.start < c.end <= len(source.text)
        assert source.text[c.start : c.end] == c.text
        assert c.text == c.text.strip(), "a claim starts or ends with whitespace"
        assert len(c.text) >= CFG.segment.min_claim_chars
        assert len(c.text.split()) <= CFG.segment.max_claim_words
        assert "\n" not in c.text, "a claim spans two paragraphs"
    for a, b in itertools.pairwise(claims):
        assert a.end <= b.start, f"claims overlap or are out of order: {a} / {b}"
    assert len(claims) <= len(source.text) // CFG.segment.min_claim_chars + 1
    assert len(claims) <= len(text) // CFG.segment.min_claim_chars + 1
    # Deterministic: a second pass over the same input (and a fresh Source) gives the same claims.
    again_source, again = claims_for(text, limits)
    assert again_source == source
    assert again == claims
    return claims


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
@example("")
@example("Belarus and Iran Sign Plan\n\nThe U.S. Army said it. Dr. Smith left at 5 p.m. today.")
@example("\ufeffA title without a full stop\r\nA second line that is long enough.\r")
def test_segmenter_invariants_on_arbitrary_unicode(text):
    check_document(text)


@settings(max_examples=150, deadline=None)
@given(prose)
def test_segmenter_invariants_on_messy_prose(text):
    check_document(text)


@settings(max_examples=60, deadline=None)
@given(prose)
def test_segmenter_invariants_with_small_chunks(text):
    """Paragraphs longer than ``limits.chunk_chars`` are cut in chunks; the invariants still hold."""
    check_document(text, SMALL_CHUNKS)


@settings(max_examples=50, deadline=None)
@given(junk)
@example("")
@example("   \n\t ")
@example("\u200b\ufeff\u00ad")
@example("\x00\x07\r\n\x1b")
def test_empty_or_invisible_documents_are_refused_with_input_error(text):
    with pytest.raises(InputError, match="empty or whitespace-only"):
        make_source("doc", text, CFG.limits, CFG.segment)


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1, max_size=40), st.sampled_from(["", " ", "\n", ". ", "\n\n"]))
def test_document_repeated_a_hundred_times(chunk, separator):
    text = separator.join([chunk] * 100)
    claims = check_document(text)
    single = check_document(chunk)
    # Repeating a document cannot lose what it says: if one copy has claims, a hundred copies do too.
    if single:
        assert claims


@settings(max_examples=15, deadline=None)
@given(
    st.lists(st.sampled_from([w for w in WORDS if re.fullmatch(r"[^\W\d_]+", w)]), min_size=1, max_size=30),
    st.integers(min_value=500, max_value=3000),
    st.sampled_from([CFG.limits, SMALL_CHUNKS]),
)
def test_single_very_long_line_is_windowed_not_truncated(vocabulary, n_words, limits):
    """One line of words with no punctuation: split into windows, nothing but short leftovers dropped."""
    text = " ".join(vocabulary[k % len(vocabulary)] for k in range(n_words))
    source, claims = claims_for(text, limits)
    assert check_document(text, limits) == claims
    assert claims
    # Between (and around) the claims only whitespace or a fragment too short to be a claim may remain.
    bounds = [0, *(x for c in claims for x in (c.start, c.end)), len(source.text)]
    for gap_start, gap_end in zip(bounds[::2], bounds[1::2]):
        gap = source.text[gap_start:gap_end].strip()
        assert len(gap) < CFG.segment.min_claim_chars, f"text dropped between claims: {gap[:80]!r}"


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=3, max_size=40), st.data())
def test_zero_width_and_control_characters_do_not_change_the_claims(words, data):
    """Invisible characters sprinkled into a text are removed before segmenting, so claims match the clean text."""
    clean = " ".join(words) + "."
    dirty = "".join(
        ch + data.draw(st.text(alphabet=st.sampled_from(list(ZERO_WIDTH + CONTROL)), max_size=2)) for ch in clean
    )
    assert normalise(dirty) == normalise(clean)
    assert [c.text for c in check_document(dirty)] == [c.text for c in check_document(clean)]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_normalise_is_idempotent_and_leaves_no_invisible_characters(text):
    once = normalise(text)
    assert normalise(once) == once
    for ch in once:
        assert ch in "\n\t" or unicodedata.category(ch)[0] != "C", repr(ch)
        assert ch not in ZERO_WIDTH, repr(ch)
    assert "\r" not in once


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=600))
@example(b"")
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe\x00a")
@example(b"ok text\x00")
@example(b"\xc3\x28 invalid continuation")
def test_read_file_on_random_bytes_returns_text_or_input_error(tmp_path, data):
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    try:
        text = read_file(path)
    except InputError as exc:
        assert str(path) in str(exc), "the error must name the file"
        return
    assert isinstance(text, str)
    assert text == data.decode("utf-8-sig")
    check_document(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300).filter(lambda t: "\x00" not in t and not t.startswith("\ufeff")), st.booleans())
def test_read_file_round_trips_utf8_text_with_or_without_bom(tmp_path, text, bom):
    path = tmp_path / "article.txt"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    assert read_file(path) == text


# --- end to end, through the real model (shared fixture) ------------------------------------------

SENTENCES = [
    "Belarus and Iran signed a military cooperation plan for 2026.",
    "The plan was announced by a Belarusian defense official on X.",
    "Officials said a joint exercise would be held in the coming year.",
    "The pact was signed in Minsk after several days of talks.",
    "Lukashenko emphasized that the ties are not directed against third parties.",
    "Analysts suggest the exercise could serve as a demonstration of strength.",
    "Photos",
    "Read more",
]
documents = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4).map(" ".join)


def _assert_report_is_consistent(report, items: dict[str, str]) -> None:
    by_name = {s.name: s for s in report.sources}
    assert list(by_name) == list(items)
    assert len(set(report.tags.values())) == len(items)
    for c in report.claims:
        assert by_name[c.source].text[c.start : c.end] == c.text
    ids = {c.id for c in report.claims}
    assert len(ids) == len(report.claims)
    for p in report.pairs:
        assert p.a.source != p.b.source
        assert p.a.id in ids and p.b.id in ids
    for cluster in report.consensus:
        assert len(cluster.sources) >= 2
    for c in report.unique:
        assert c.id in ids


# No shrinking and a fixed example sequence: each example runs the models three times; a failing
# example is reported as generated, and CI sees the same examples on every run.
@settings(
    max_examples=5,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@example(doc=SENTENCES[0], other="Photos")
@given(doc=documents, other=documents)
def test_duplicate_documents_end_to_end_are_deterministic(checker, doc, other):
    """The same document under two names, plus a third that may repeat it: no crash, byte-identical JSON."""
    from crosscheck import CrossChecker

    items = {"wire-a": doc, "wire-b": doc, "wire-c": other}
    first = checker.check(items)
    _assert_report_is_consistent(first, items)
    # Identical documents under two names are segmented identically.
    texts = {name: [c.text for c in first.claims if c.source == name] for name in items}
    assert texts["wire-a"] == texts["wire-b"]
    assert checker.check(items).to_json() == first.to_json()
    # A fresh checker (empty embedding cache) over the same models gives the same bytes too.
    fresh = CrossChecker(checker.config, nli=checker.nli, embedder=checker.embedder)
    assert fresh.check(items).to_json() == first.to_json()


def test_report_does_not_depend_on_what_the_checker_saw_before(checker):
    """Same input, same bytes: a checker that has already compared other articles gives the same JSON as a new one."""
    from crosscheck import CrossChecker

    earlier = {"a": f"{SENTENCES[0]} {SENTENCES[2]}", "b": SENTENCES[2]}
    items = {"a": SENTENCES[0], "b": SENTENCES[0], "c": f"{SENTENCES[1]} {SENTENCES[0]}"}
    used = CrossChecker(checker.config, nli=checker.nli, embedder=checker.embedder)
    used.check(earlier)
    new = CrossChecker(checker.config, nli=checker.nli, embedder=checker.embedder)
    assert used.check(items).to_json() == new.check(items).to_json()


@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_unique_means_unique_on_real_article_sets(checker, neus_val_events, data):
    """Over real NeuS events (two or three outlets, sometimes an outlet of another event mixed in): no claim
    is both unique and in a consensus group, no unique claim has an agreeing claim elsewhere (nor one that may
    entail it or follow from it: ``consensus.unique_entailment``), no consensus group holds both claims of a
    contradiction, the brief
    always has a headline (a disputed title only when every title is), its "Also reported" items are each one
    claim that is neither agreed, unique nor disputed, and every claim it quotes is a whole sentence."""
    from crosscheck.inference.brief import quotable, quoted_claims

    events = neus_val_events
    event = events[data.draw(st.integers(0, len(events) - 1), label="event")]
    names = data.draw(st.lists(st.sampled_from(sorted(event)), min_size=2, max_size=3, unique=True), label="outlets")
    items = {name: event[name] for name in names}
    if data.draw(st.booleans(), label="add another event's outlet"):
        other = events[data.draw(st.integers(0, len(events) - 1), label="other event")]
        items["other"] = other["outlet1"]
    report = checker.check(items)
    _assert_report_is_consistent(report, items)
    grouped = {c.id for cluster in report.consensus for c in cluster.claims}
    unique = {c.id for c in report.unique}
    assert not grouped & unique
    implied = checker.config.consensus.unique_entailment
    for p in report.pairs:
        if (
            p.relation in ("equivalent", "entails", "entailed_by")
            or max(p.forward.entailment, p.backward.entailment) >= implied
        ):
            assert not {p.a.id, p.b.id} & unique, (p.a.text, p.b.text, p.relation)
    brief = report.brief
    assert brief.headline is not None
    disputed = {c.id for p in report.contradictions if p.relation == "contradiction" for c in (p.a, p.b)}
    titles = {c.id for c in report.claims if c.index == 0}
    if titles - disputed:
        title = next(c for c in brief.headline.cites if c.index == 0 and c.text == brief.headline.text)
        assert title.id not in disputed, brief.headline.text
    for cluster in report.consensus:  # a fact never holds both sides of a contradiction the report shows
        held = {c.id for c in cluster.claims}
        assert not any({p.a.id, p.b.id} <= held for p in report.contradictions if p.relation == "contradiction")
    for item in brief.also_reported:
        (claim,) = item.cites
        assert claim.id not in grouped | unique | disputed, item.text
    for item in brief.items:
        assert all(quotable(c) for c in quoted_claims(item)), item.text
