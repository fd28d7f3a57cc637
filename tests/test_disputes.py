"""The contradiction rule (inference/disputes.py): vetoes, typed evidence and the model, on real news sentences.

The labelled pairs come from ``seeds/news_events.jsonl``; their text is read from the NeuS data in
``../shared/data`` (as CI has it), never copied here.
"""

from __future__ import annotations

import json
import math

import pytest
from conftest import ROOT

from crosscheck.eval.config import load_eval_config
from crosscheck.eval.suites.summaries import parse_event
from crosscheck.inference import slots
from crosscheck.inference.disputes import decide
from crosscheck.models.nli import NLIScores

LEXICON = slots.Lexicon.default()


def _labelled_pairs() -> list[tuple[dict, str, str]]:
    config = load_eval_config()
    source = config.data_dir() / config.suites.news.source
    if not source.exists():
        pytest.skip(f"shared NeuS data not found at {source}")
    lines = source.read_text(encoding="utf-8").splitlines()
    out = []
    for line in (ROOT / "seeds" / "news_events.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        articles = parse_event(lines[row["event"]], "")[0]
        for p in row["pairs"]:
            a, b = (articles[s["outlet"]][s["start"] : s["end"]] for s in (p["a"], p["b"]))
            out.append(({**p, "event": row["event"]}, a, b))
    return out


@pytest.fixture(scope="module")
def labelled():
    return _labelled_pairs()


def test_the_same_quote_or_a_paraphrase_in_two_outlets_is_never_a_contradiction(labelled, checker):
    """Every labelled same-quote pair, and every agreement the encoder reads as a paraphrase, of real NeuS events."""
    same = [(a, b) for p, a, b in labelled if p.get("kind") == "same_quote"]
    reworded = [(a, b) for p, a, b in labelled if p["label"] == "agreement"]
    decisions = checker.relate(same + reworded)
    paraphrase = checker.config.disputes.veto_paraphrase
    vectors_a = checker.embed([a for a, _ in reworded])
    vectors_b = checker.embed([b for _, b in reworded])
    sims = (vectors_a * vectors_b).sum(dim=1).tolist()
    assert same, "the labels hold same-quote pairs"
    for (a, b), d in zip(same, decisions[: len(same)]):
        assert d.relation != "contradiction", (a, b, d)
    checked = 0
    for (a, b), d, s in zip(reworded, decisions[len(same) :], sims):
        if s >= paraphrase:
            checked += 1
            assert d.relation != "contradiction" or (d.conflict and d.conflict.type != "model"), (a, b, d)
    assert checked >= 10


def test_a_sentence_against_itself_is_vetoed_whatever_the_model_says():
    config = load_config()
    text = "I looked at my team and I said the timing for this event is not right, Trump said."
    wrong = NLIScores(0.0, 0.05, 0.95)
    d = decide(text, text, wrong, wrong, 1.0, config.relations, config.disputes)
    assert d.relation != "contradiction" and d.veto == "same_text"


def load_config():
    from crosscheck.config import CheckConfig

    return CheckConfig.default()


@pytest.mark.parametrize(
    ("event", "values"),
    [
        (30, ("13 percent", "12%")),
        (238, ("Thursday", "Tuesday")),
        (46, ("156", "157")),
        (243, ("more than 188,000", "more than 178,000")),  # round lower bounds: counts rounded down
        (52, ("50", "49")),  # "dozens more wounded" must not excuse a different death toll
        (197, ("Hundreds", "Thousands")),  # orders of magnitude in words, one figure each
        (304, ("1.4 Million", "some 1.5 million")),
    ],
)
def test_real_conflicts_are_found_with_their_values(labelled, checker, event, values):
    """Labelled real disagreements (a death toll, a day, a seat count) found as typed conflicts."""
    pairs = [(a, b) for p, a, b in labelled if p["event"] == event and p["label"] == "disagreement"]
    decisions = checker.relate(pairs)
    found = [d for d in decisions if d.relation == "contradiction" and d.conflict and d.conflict.values]
    assert found, (event, pairs, decisions)
    shown = " ".join(v for d in found for v in d.conflict.values)
    assert all(v in shown for v in values), shown


def test_the_day_a_thing_was_reported_is_not_the_day_it_was_done(checker):
    """NeuS train event 2414 (unseen, read as a user sees it): two outlets' leads, alike enough to tell one
    happening, date Trump's reaction (Friday) and the newspaper's first report (Thursday): no dispute. Two
    telling dates, or two dates of one deed, still conflict."""
    reaction = (
        "Former President Trump on Friday laid into the news media after a draft report of the 2020 election "
        "audit in Arizona reaffirmed President Biden’s victory in the state’s largest county and showed Trump with "
        "fewer votes than previously counted."
    )
    report = (
        "A draft report of a partisan audit of the 2020 presidential election results commissioned by Arizona "
        "state Senate Republicans confirms President Joe Biden’s win over Donald Trump in Maricopa County, the "
        "Arizona Republic first reported Thursday."
    )
    (decision,) = checker.relate([(reaction, report)])
    assert not (decision.conflict and decision.conflict.type == "date"), decision
    told = [slots.dates(f"The audit found Biden won, the paper reported {d}.", LEXICON) for d in ("Thursday", "Friday")]
    assert slots.dates_conflict(*told, LEXICON, same_happening=True)
    done = [slots.dates(f"Trump on {d} laid into the media.", LEXICON) for d in ("Thursday", "Friday")]
    assert slots.dates_conflict(*done, LEXICON, same_happening=True)
    assert not slots.dates_conflict(done[1], told[0], LEXICON, same_happening=True)


def test_the_day_a_lawyer_spoke_is_not_the_day_of_the_firing(checker):
    """BASIL 2018 (full articles, Fox against HuffPost on Strzok's firing): the lawyer spoke on Monday
    ("..., saying ...") of a firing late Friday. Alike enough to tell one happening (cosine 0.76), but one date
    dates the telling: no dispute."""
    spoke = (
        "Strzok’s attorney, meanwhile, blasted the bureau on Monday, saying the deputy director “reversed the "
        "decision of the career FBI official responsible for employee discipline who concluded, through an "
        "independent review process, that a 60-day suspension and demotion from supervisory duties was the "
        "appropriate punishment.”"
    )
    fired = (
        "Aitan Goelman, Strzok’s attorney, said in a statement that Strzok was fired late Friday afternoon on the "
        "orders of FBI Deputy Director David Bowdich, despite an FBI career official’s recommendation that Strzok "
        "face a 60-day suspension and a demotion."
    )
    (decision,) = checker.relate([(spoke, fired)])
    assert decision.relation != "contradiction", decision
    days = ("Monday", "Friday")
    told = [slots.dates(f"His lawyer blasted the bureau on {d}, saying it erred.", LEXICON) for d in days]
    assert slots.dates_conflict(*told, LEXICON, same_happening=True)  # two tellings on different days still conflict


def test_only_leads_date_one_happening_whatever_their_words():
    """NeuS val 187: two outlets' first sentences date one ruling "early Wednesday" and "late Tuesday", with no
    word in common around the dates: a dispute, since leads each tell the event. The same two sentences deep in
    full articles (BASIL 2012: "rebuffed calls late Monday" / "his refusal ... Tuesday") may date two steps of a
    story, so there the words around the dates must match."""
    config = load_config()
    early = (
        "A federal judge in Maryland early Wednesday issued a second halt on the latest version of President "
        "Trump’s travel ban, asserting that the president’s own comments on the campaign trail and on Twitter "
        "convinced him that the directive was akin to an unconstitutional Muslim ban."
    )
    late = (
        "A federal judge in Maryland delivered a second blow to President Trump's latest travel ban late Tuesday, "
        "arguing that the president's own words make clear that his focus is not on national security but on "
        "instituting a ban against Muslims."
    )
    neutral = NLIScores(0.3, 0.4, 0.3)
    lead = decide(early, late, neutral, neutral, 0.85, config.relations, config.disputes, leads=True)
    assert lead.relation == "contradiction" and lead.conflict and lead.conflict.type == "date", lead
    body = decide(early, late, neutral, neutral, 0.85, config.relations, config.disputes, leads=False)
    assert body.relation != "contradiction", body


def test_a_later_step_or_a_repeat_is_not_the_day_of_the_first():
    """BASIL 2012 (Fox against HuffPost on Akin): the refusal "continued ... Tuesday in a subsequent interview"
    after calls were rebuffed "late Monday"; two dates of the same words without such a word still conflict."""
    first = slots.dates("But Akin rebuffed calls late Monday to step aside.", LEXICON)
    later = slots.dates("Akin continued his refusal to step down Tuesday in a subsequent interview.", LEXICON)
    assert not slots.dates_conflict(first, later, LEXICON, same_happening=True)
    again = slots.dates("Akin refused to step down Tuesday in an interview.", LEXICON)
    once = slots.dates("Akin refused to step down Monday in an interview.", LEXICON)
    assert slots.dates_conflict(once, again, LEXICON)


def test_a_count_set_in_another_year_counts_another_time():
    """BASIL 2016 (HuffPost against NYT on Pelosi's re-election as leader): "more than 60 Democrats voted against
    her" this year is no dispute with the 43 votes she lost "In 2010"; the same counts in one year still are."""
    from crosscheck.inference.disputes import typed_conflict

    config = load_config().disputes
    then = "In 2010, after a wave of Tea Party Republicans swept Democrats out of power, she lost just 43 votes."
    now = "But more than 60 Democrats voted against her, a stunning level of dissent."
    assert typed_conflict(then, now, 0.6, config, leads=True) is None
    same_year = typed_conflict(then, "In 2010, more than 60 Democrats voted against her.", 0.6, config, leads=True)
    assert same_year and same_year[0] == "number", same_year


def test_an_earlier_state_of_the_matter_is_not_in_dispute():
    """BASIL 2011 (NYT against HuffPost on Trump's debate): "considering running ... earlier in the year" is no
    dispute with "he will not run" now; without "earlier" the two cues still conflict."""
    earlier = slots.modality("Trump loudly claimed he was considering running earlier in the year.", LEXICON)
    now = slots.modality("Trump will declare that he will not run.", LEXICON)
    assert slots.modality_conflict(earlier, now) is None
    still = slots.modality("Trump loudly claimed he was considering running.", LEXICON)
    assert slots.modality_conflict(still, now)


def test_every_word_of_the_lexicon_is_read_as_a_word():
    """YAML reads a bare on, no, yes or off as a boolean: "on" and "no" in the stopword list were True and
    False, so "on" anchored two figures to one quantity ("nearly two decades, focusing on" / "to touch on all
    four")."""

    def lists_in(node: object, path: str) -> list[tuple[str, list]]:
        """Every word list, by its path; the ranges of ``numbers.vague`` are numbers by design."""
        if isinstance(node, dict):
            return [x for key, value in node.items() if key != "vague" for x in lists_in(value, f"{path}.{key}")]
        return [(path, node)] if isinstance(node, list) else []

    found = [(path, w) for path, words in lists_in(LEXICON.data, "lexicon") for w in words]
    assert len(found) > 200
    assert [(path, w) for path, w in found if not isinstance(w, str)] == []
    assert {"on", "no"} <= LEXICON.stopwords


def test_a_day_planned_is_not_the_day_of_something_done():
    """Unseen NeuS train event 2191: one trial's defence began on Saturday and will wrap up on Tuesday."""
    began = slots.dates("Trump's lawyers, which began their arguments Saturday, had 24 hours.", LEXICON)
    wrap = slots.dates("Trump's lawyers will wrap up their arguments on Tuesday in the Senate trial.", LEXICON)
    assert not slots.dates_conflict(began, wrap, LEXICON, same_happening=True)
    also_began = slots.dates("Trump's lawyers began their arguments on Tuesday in the Senate trial.", LEXICON)
    assert slots.dates_conflict(began, also_began, LEXICON)  # both of a deed, the same words around them


def test_figures_become_ranges():
    (least,) = slots.figures("At least forty dead after the shooting.", LEXICON)
    assert least.value == (40.0, math.inf)
    (nearly,) = slots.figures("Nearly 40 people died.", LEXICON)
    assert nearly.value[0] <= 38 and nearly.value[1] == 40  # a little under: 37.6 to 40
    (rounded,) = slots.figures("More than 178,000 arrests were made in June.", LEXICON)
    assert rounded.value == (178000.0, 179000.0)  # a round lower bound is a count rounded down
    (round_,) = slots.figures("The fund exhausted its $350 billion capacity.", LEXICON)
    assert round_.value[0] <= 349e9 <= round_.value[1]
    (vague,) = slots.figures("Hundreds of thousands of people were without power.", LEXICON)
    assert vague.value == (200000.0, 1000000.0)
    assert slots.figures("The S&P 500 fell in 2020, a 21-year low, hitting COVID-19 stocks.", LEXICON) == []


def test_a_qualifier_is_a_whole_word_and_an_increment_is_not_a_total():
    """Real NeuS sentences (event 82): "cover 300 million" is not "over 300 million"; "200 million more doses"
    adds to a total and is never compared with one ("600 million doses")."""
    (cover,) = slots.figures("Enough doses of vaccines to cover 300 million people by the end of July.", LEXICON)
    assert cover.text == "300 million" and cover.value[1] < math.inf
    (more,) = slots.figures("It had secured 200 million more doses of coronavirus vaccines.", LEXICON)
    (total,) = slots.figures("The total number of doses at the nation's disposal is 600 million doses.", LEXICON)
    assert "~increment" in more.context and not slots.same_quantity(more, total, LEXICON)


def test_a_share_told_as_a_ratio_is_no_count(checker):
    """BASIL 2013 (Fox and the NYT on the NSA's surveillance, full articles): "one in seven intelligence reports"
    was read as the figure 7 and shown as a contradiction of "held 13 classified briefings"."""
    assert slots.figures("The program accounts for nearly one in seven intelligence reports.", LEXICON) == []
    assert slots.figures("Three out of 4 voters back it.", LEXICON) == []
    (won,) = slots.figures("He won 3 in 2016.", LEXICON)  # a year after "in" is no ratio
    assert won.value == (3.0, 3.0)
    (decision,) = checker.relate(
        [
            (
                "Meanwhile, senior Obama administration officials have held 13 classified briefings for lawmakers.",
                "The program accounts for nearly one in seven intelligence reports, according to the slides.",
            )
        ]
    )
    assert decision.conflict is None or decision.conflict.type != "number"


def test_a_count_of_people_counts_what_the_words_beside_it_say():
    """NeuS train event 1752 (real, read as a user sees it): "189 people killed" counts the dead, not the 100
    people "struck by gunfire", and "516 injured" is not "more than 400 shootings"."""
    (killed, injured) = slots.figures("The archive reported 189 people killed and 516 injured in shootings.", LEXICON)
    (struck, deaths) = slots.figures("In Chicago, 100 people were struck by gunfire resulting in 18 deaths.", LEXICON)
    (shootings,) = slots.figures("From Friday through Sunday there were more than 400 shootings.", LEXICON)
    assert not slots.same_quantity(killed, struck, LEXICON) and "group:dead" in killed.context | deaths.context
    assert not slots.same_quantity(injured, shootings, LEXICON)


def test_the_bay_state_is_no_town_two_dozen_is_24_and_an_initial_bill_is_an_earlier_value():
    """Unseen NeuS train events 2378, 2399 and 2387, each once a false contradiction."""
    assert slots.places("No Kennedy had lost an election in the Bay State.", LEXICON) == []
    (state,) = slots.places("No Kennedy had lost an election in Massachusetts.", LEXICON)
    assert state.value[:2] == ("massachusetts", "state")
    (dozen,) = slots.figures("Two dozen U.S. states and municipalities sued the Trump administration.", LEXICON)
    (over,) = slots.figures("More Than 20 States, Cities Sue Trump Administration Over 'Conscience' Rule.", LEXICON)
    assert dozen.value == (24.0, 24.0) and not slots.figures_conflict(dozen, over)
    (initial,) = slots.figures("The bill is a slimmed down version of the House's initial $3.4 trillion act.", LEXICON)
    (passed,) = slots.figures("House Democrats pushed through a $2.2 trillion stimulus plan on Thursday.", LEXICON)
    assert not slots.same_quantity(initial, passed, LEXICON, sole=True)


def test_raw_figures_are_not_compared_with_adjusted_ones():
    """NeuS train event 434 (real): the unadjusted weekly count against the seasonally adjusted one."""
    (raw,) = slots.figures("On an unadjusted basis, the claims fell to 656,789 last week.", LEXICON)
    (adjusted,) = slots.figures("The number of people seeking unemployment benefits fell to 684,000.", LEXICON)
    assert not slots.same_quantity(raw, adjusted, LEXICON)
    assert not slots.same_quantity(raw, adjusted, LEXICON, sole=True)


def test_a_chosen_part_of_a_group_and_counts_on_other_days_are_not_in_dispute(checker):
    """Unseen NeuS train events read as a user sees them: 2333 ("the remaining three of the 11" acquitted,
    "five sentenced to death"; "clears three top officials" against "the two most senior officials were
    cleared": each writer's own cut of the defendants) and 2312 (469 cases from July 3 to 17 against 900
    over the July 4 weekend). A count against a count of the same time still conflicts, and "in July, a 13
    percent increase over June" names two months to compare, not a span nor a calendar day (val event 30)."""
    remaining = (
        "The court dismissed charges against the remaining three of the 11 people that had been on trial, "
        "finding them not guilty."
    )
    sentenced = "Five people have been sentenced to death in the killing of journalist Jamal Khashoggi."
    top = "Saudi Arabia sentences five to death for Khashoggi murder but clears three top officials."
    senior = "The two most senior officials implicated in the murder were cleared of wrongdoing, the prosecutor said."
    july = (
        "About 74% of 469 COVID-19 cases associated with large gatherings held in Barnstable County, Mass., from "
        "July 3 to 17 were among fully vaccinated people, according to data released Friday from the CDC."
    )
    weekend = (
        "Over the July 4 weekend, gatherings in Provincetown contributed to at least 900 cases, and roughly 75% of "
        "those who tested positive in the cluster were vaccinated."
    )
    decisions = checker.relate([(remaining, sentenced), (top, senior), (july, weekend)])
    assert not [d for d in decisions if d.relation == "contradiction"], decisions
    same_day = july.replace("from July 3 to 17", "over the July 4 weekend")
    (decision,) = checker.relate([(same_day, weekend)])
    assert decision.conflict and decision.conflict.type == "number", decision
    (month, compared) = slots.dates("212,672 were encountered in July, a 13 percent increase over June.", LEXICON)
    assert (month.value, compared.value) == (("month", 7), ("month", 6)) and not slots.span([month, compared], LEXICON)


def test_the_lead_is_the_title_line_and_the_first_sentence_after_it(checker):
    from crosscheck.inference.checker import lead_ids

    text = {
        "a": "There's a Very Trumpian Law Inhibiting Puerto Rico's Recovery. Trump Says He Doesn't Want to Waive It.\n"
        "President Trump said he is not inclined to waive the Jones Act. Shipping firms back him.",
        "b": "Trump 'thinking about' lifting Jones Act to help Puerto Rico.",
    }
    sources = checker.sources(text)
    claims = checker.claims(sources)
    leads = {c.text for c in claims if c.id in lead_ids(sources, claims)}
    assert "Trump Says He Doesn't Want to Waive It." in leads
    assert "President Trump said he is not inclined to waive the Jones Act." in leads
    assert "Shipping firms back him." not in leads
    one_line = checker.sources({"a": "One line holds it all. Two sentences here. And a third one.", "b": "Other."})
    claims = checker.claims(one_line)
    assert {c.index for c in claims if c.id in lead_ids(one_line, claims)} == {0, 1}


def test_two_leads_are_compared_whatever_their_words(checker):
    """Event 263 (real): "considers options, including resignation" against "Rebuffs Fellow Democrats": the
    encoder finds the two titles far apart, yet each names the event, so settled against open is shown."""
    config = load_eval_config()
    source = config.data_dir() / config.suites.news.source
    if not source.exists():
        pytest.skip(f"shared NeuS data not found at {source}")
    articles = parse_event(source.read_text(encoding="utf-8").splitlines()[263], "")[0]
    report = checker.check(articles)
    titles = [p for p in report.contradictions if p.a.index == 0 and p.b.index == 0]
    assert any(p.conflict and p.conflict.type == "modality" for p in titles), report.contradictions


def test_a_city_and_its_state_do_not_conflict():
    a = slots.places("The convention will no longer be held in Jacksonville, Trump said.", LEXICON)
    b = slots.places("The convention will no longer be held in Florida, Trump said.", LEXICON)
    assert a and b
    text_a, text_b = "held in Jacksonville", "held in Florida"
    assert slots.places_conflict(a, b, text_a, text_b) is None


def test_a_place_named_inside_a_word_of_the_other_claim_is_not_in_dispute():
    """NeuS train event 1603 (real): "Iran's missile attack ... in Iraq" names both places."""
    a = "Iran’s missile attack on bases housing US troops in Iraq last week injured 11 American troops."
    b = "US troops were injured in Iran missile attack despite Pentagon initially saying there were no casualties."
    assert slots.places_conflict(slots.places(a, LEXICON), slots.places(b, LEXICON), a, b) is None


def test_settled_against_open_is_a_modality_conflict():
    a = slots.modality("Democrats ruled out a witness swap.", LEXICON)
    b = slots.modality("Some Democrats are reportedly eyeing a witness swap.", LEXICON)
    clash = slots.modality_conflict(a, b)
    assert clash is not None and (clash[0].text, clash[1].text) == ("ruled out", "eyeing")


def test_hub_style_checkpoints_with_other_label_orders_run_the_same_rule(tmp_path):
    """Plumbing only (random weights): two architectures, two label orders, one decision rule."""
    from conftest import build_tiny_nli

    from crosscheck import CrossChecker
    from crosscheck.models.nli import NLIModel

    orders = [{0: "contradiction", 1: "entailment", 2: "neutral"}, {0: "neutral", 1: "contradiction", 2: "entailment"}]
    for k, (order, kind) in enumerate(zip(orders, ("bert", "distilbert"))):
        folder = build_tiny_nli(tmp_path / kind, order, architecture=kind)
        model = NLIModel.from_pretrained(folder)
        assert model.name
        decisions = CrossChecker(nli=model).relate([("37 people were killed.", "40 people were killed.")] * (k + 1))
        assert all(d.relation == "contradiction" and d.conflict.type == "number" for d in decisions)


def test_a_checkpoint_can_carry_its_own_thresholds(tmp_path):
    """Plumbing: thresholds in config.json replace the defaults for that model; a user's own value still wins."""
    from conftest import build_tiny_nli

    from crosscheck import CrossChecker
    from crosscheck.config import CheckConfig, DisputeConfig
    from crosscheck.models.nli import NLIModel

    folder = build_tiny_nli(tmp_path / "own", {0: "entailment", 1: "neutral", 2: "contradiction"})
    config = json.loads((folder / "config.json").read_text())
    config["crosscheck_thresholds"] = {"disputes": {"model_contradiction": 0.0, "veto_paraphrase": 1.5}}
    (folder / "config.json").write_text(json.dumps(config))
    model = NLIModel.from_pretrained(folder)
    pair = [("The council met on the budget.", "Rain is expected over the coast.")]
    (own,) = CrossChecker(nli=model).relate(pair)
    assert own.relation == "contradiction" and own.conflict.type == "model"
    mine = CheckConfig(disputes=DisputeConfig(model_contradiction=0.99))
    (theirs,) = CrossChecker(mine, nli=model).relate(pair)
    assert theirs.relation != "contradiction"


def test_news_labels_are_well_formed_and_follow_the_sets(labelled):
    rows = [json.loads(line) for line in (ROOT / "seeds" / "news_events.jsonl").read_text("utf-8").splitlines()]
    random_events = sorted(r["event"] for r in rows if r["set"] == "random")
    assert len(random_events) == 60 and len({r["event"] for r in rows}) == len(rows)
    assert sum(r["set"] == "recall" and any(p["label"] == "disagreement" for p in r["pairs"]) for r in rows) >= 20
    for p, a, b in labelled:
        assert p["a"]["outlet"] != p["b"]["outlet"] and a.strip() and b.strip()
        assert p["label"] in ("agreement", "compatible", "disagreement")
        if p["label"] == "disagreement":
            assert p["type"] in ("place", "date", "number", "actor", "negation", "modality", "framing", "attribution")


def test_news_suite_reports_misses_and_false_alarms_with_both_quotes(nli_model):
    from crosscheck.eval.context import EvalContext
    from crosscheck.eval.data import DataFiles
    from crosscheck.eval.suites import news

    config = load_eval_config()
    if not (config.data_dir() / config.suites.news.source).is_file():
        pytest.skip("shared NeuS data not found")
    ctx = EvalContext(config, DataFiles(config.data_dir()), "default", limit=8)  # the 8th labelled event disagrees
    ctx._model = nli_model
    result = news.run(ctx)
    assert result["n_events"] == 8 and result["unseen"]["n_events"] == 8 and result["real"] > 0
    assert 0 <= result["false_alarm_rate"] <= 1 and set(result["passed"]) == set(result["targets"])
    for row in result["misses"] + result["false_alarm_pairs"]:
        assert row["a"] and row["b"] and row["label"]


def test_every_contradiction_shows_its_evidence_in_json_markdown_and_html(checker):
    from crosscheck import CrossChecker

    config = checker.config.replace("disputes", show_possible=True)
    shower = CrossChecker(config, nli=checker.nli, embedder=checker.embedder)
    report = shower.check(
        {
            "a": "A gunman killed 37 people at a shopping mall in Nakhon Ratchasima on Saturday.",
            "b": "At least 40 people were killed by a gunman at a shopping mall in Nakhon Ratchasima on Saturday.",
        }
    )
    assert report.contradictions and report.contradictions[0].conflict.type == "number"
    data = json.loads(report.to_json())
    assert all(p["evidence"]["confidence"] > 0 for p in data["contradictions"])
    markdown, html = report.to_markdown(), report.to_html()
    assert "number: “37” vs “At least 40”" in markdown
    assert "number: “37” vs “At least 40”" in html.replace("&#34;", '"')
    assert markdown.count("**Evidence:**") == len(report.contradictions)


def test_verify_calls_a_figure_conflict_contradicted_with_its_values(checker):
    verdict = checker.verify(
        "At least 40 people were killed at the mall.",
        {"wire": "A gunman killed 37 people at a shopping mall in Nakhon Ratchasima on Saturday, police said."},
    )
    (source,) = verdict.per_source
    assert source.verdict == "contradicted" and verdict.verdict == "contradicted"
    assert source.contradiction is not None and source.contradiction.conflict is not None
    assert source.contradiction.conflict.values == ("37", "At least 40")
