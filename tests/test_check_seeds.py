"""The main job on the real seed articles with the real shipped model (issue 4's acceptance)."""

from __future__ import annotations

import pytest
from conftest import SEEDS

from crosscheck.inference.render import verdict_to_markdown

A, B = (p.stem for p in SEEDS)


def _texts(claims):
    return " ".join(c.text for c in claims)


def _has_dispute(report, left: str, right: str) -> bool:
    """A contradiction whose one side mentions ``left`` and the other ``right``."""
    for p in report.contradictions:
        a, b = p.a.text.lower(), p.b.text.lower()
        if (left in a and right in b) or (left in b and right in a):
            return True
    return False


def test_claim_offsets_point_into_the_sources(seed_report):
    text = {s.name: s.text for s in seed_report.sources}
    for c in seed_report.claims:
        assert text[c.source][c.start : c.end] == c.text


def test_pairs_are_only_across_sources(seed_report):
    assert seed_report.pairs
    assert all(p.a.source != p.b.source for p in seed_report.pairs)


@pytest.mark.xfail(
    strict=True,
    reason="known model gap (issues 3 and 4): the shipped model scores this sentence pair as neutral; "
    "strict, so the test fails loudly once a better model finds the dispute",
)
def test_reports_the_non_alignment_versus_alliance_dispute(seed_report):
    assert _has_dispute(seed_report, "non-alignment", "alliance with russia")


@pytest.mark.xfail(
    strict=True,
    reason="lost with the stage-4 model: it scores 'Secret 2026 ... Pact' against Revenko's announcement on X at "
    "P(contradiction) 0.17 / 0.32, below relations.contradiction both ways (stage 3: 0.25 / 0.40, a possible "
    "contradiction); the report still lists the headlines 'Sign ... Plan' against 'Secret ... Pact' as a possible one",
)
def test_reports_the_secret_versus_publicly_announced_dispute(seed_report):
    assert _has_dispute(seed_report, "secret", "post on the social media platform x") or _has_dispute(
        seed_report, "secret", "announced"
    )


def test_the_signed_plan_against_the_secret_pact_is_a_hidden_possible_contradiction(seed_report):
    """What the shipped model still sees of the secret-versus-announced dispute: the two headlines, one way
    only, so it is kept (``Report.possible``, ``--show-possible``) but not shown by default."""
    found = [p for p in seed_report.possible if {"secret", "sign bilateral"} <= set(_sides(p))]
    assert found and not _has_dispute(seed_report, "secret", "sign bilateral military cooperation plan")


def _sides(pair) -> list[str]:
    text = f"{pair.a.text.lower()} | {pair.b.text.lower()}"
    return [cue for cue in ("secret", "sign bilateral") if cue in text]


REAL_SEED_DISPUTES = [
    ("non-alignment", "alliance with russia"),
    ("secret", "post on the social media platform x"),
    ("secret", "announced"),
    ("secret", "sign bilateral military cooperation plan"),
]


def test_seed_report_shows_at_most_three_contradictions_each_real_and_with_evidence(seed_report):
    """The disputes issue's bar: few contradictions by default, each a real disagreement under seeds/README.md."""
    assert len(seed_report.contradictions) <= 3
    for p in seed_report.contradictions:
        a, b = p.a.text.lower(), p.b.text.lower()
        assert any((x in a and y in b) or (x in b and y in a) for x, y in REAL_SEED_DISPUTES), (p.a.text, p.b.text)
        assert p.conflict is not None and 0 < p.conflict.confidence <= 1


def test_shared_facts_are_consensus(seed_report):
    clusters = [_texts(c.claims) for c in seed_report.consensus]
    for fact in ("in August", "no closed topics", "Minsk"):
        assert any(fact in t for t in clusters), f"{fact!r} not in any consensus cluster"
    assert any("X" in t and "Revenko" in t for t in clusters), "Revenko's post on X not in consensus"
    for cluster in seed_report.consensus:
        assert {A, B} <= set(cluster.sources)


def test_counterterrorism_focus_is_unique_to_the_second_article(seed_report):
    unique = [c for c in seed_report.unique if "counterterrorism" in c.text]
    assert unique and all(c.source == B for c in unique)


def test_same_input_gives_byte_identical_json(checker, seed_report):
    assert checker.check(SEEDS).to_json() == seed_report.to_json()


def test_verify_supported_by_both(checker):
    verdict = checker.verify("The agreement was finalized in Minsk.", SEEDS)
    assert verdict.verdict == "supported"
    assert {v.source: v.verdict for v in verdict.per_source} == {A: "supported", B: "supported"}
    assert all("Minsk" in e.claim.text for e in verdict.evidence)


def test_verify_calls_a_sentence_a_source_states_word_for_word_supported(checker):
    """A real NeuS lead the shipped model scores P(entailment) 0.23 against itself ("not mentioned" before)."""
    lead = (
        "House Democrats are threatening to subpoena the White House in their fight for more documents related "
        "to President Trump’s July phone call with Ukrainian President Volodymyr Zelensky."
    )
    sources = {
        "wire": f"House Democrats to subpoena White House in Ukraine probe.\n{lead}",
        "other": SEEDS[0].read_text(encoding="utf-8"),
    }
    verdict = checker.verify(lead, sources)
    wire = next(v for v in verdict.per_source if v.source == "wire")
    assert (wire.verdict, wire.verbatim, wire.support and wire.support.claim.text) == ("supported", True, lead)
    assert verdict.verdict == "supported" and "word for word" in verdict_to_markdown(verdict)


def test_two_outlets_running_the_same_sentence_state_the_same_fact(checker):
    """The same real lead in two articles: equivalent (the model alone found it unrelated to itself before)."""
    lead = (
        "House Democrats are threatening to subpoena the White House in their fight for more documents related "
        "to President Trump’s July phone call with Ukrainian President Volodymyr Zelensky."
    )
    report = checker.check({"a": f"Democrats threaten subpoena.\n{lead}", "b": f"White House under pressure.\n{lead}"})
    same = [p for p in report.pairs if p.a.text == p.b.text == lead]
    assert [(p.relation, p.veto) for p in same] == [("equivalent", "same_text")]
    assert lead not in {c.text for c in report.unique}


@pytest.mark.xfail(
    strict=True,
    reason="lost with the disputes rule: a date conflict needs the same happening (a lower-case word within two "
    "words of both dates, or claims 0.75 similar), and 'visited Belarus in December' against 'a visit by ... "
    "Puzhehan to Belarus in August' has neither; tying dates through names instead made 4 of 9 false alarms on "
    "unseen news (crosscheck eval --suite news, unseen events)",
)
def test_verify_contradicted_by_both_with_evidence(checker):
    verdict = checker.verify("The Iranian president visited Belarus in December.", SEEDS)
    assert verdict.verdict == "contradicted"
    assert [v.verdict for v in verdict.per_source] == ["contradicted", "contradicted"]
    assert all("August" in e.claim.text for e in verdict.evidence)


def test_a_reused_checker_does_not_keep_earlier_checks_vectors(checker):
    """Memory of a long-lived checker stays bounded by one check, not by every article it has seen."""
    checker.check({"a": "The pact was signed in Minsk on Monday.", "b": "The pact was signed in Tehran on Monday."})
    checker.check({"a": "Rain fell over the capital all day.", "b": "The capital stayed dry all day."})
    assert any("Rain" in text for text in checker._vectors)
    assert not any("pact" in text for text in checker._vectors)
