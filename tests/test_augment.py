"""The training augmentations: what each transformation produces and how it is labelled."""

from __future__ import annotations

import random

from crosscheck.models.training.augment import Augmenter, _content_words

PREMISES = [
    "The agreement was signed in Minsk on Monday by officials from both countries.",
    "Officials said the exercise will not take place before the end of the year.",
    "Lukashenko met Puzhehan in August to discuss food supply and military cooperation.",
    "Three people were injured when the storm hit the coastal town of Brest on Friday.",
]


def test_default_kinds_are_the_six_of_stages_one_and_two():
    origins = {p.origin for p in Augmenter(PREMISES, seed=1).generate(per_kind=2)}
    assert "augment:identity" not in origins and "augment:conjunct" not in origins
    assert origins <= {
        f"augment:{k}"
        for k in ("swap_entity", "change_number", "flip_negation", "swap_roles", "drop_clause", "paraphrase_lexical")
    }


def test_identity_and_conjunct_are_entailment_controls():
    pairs = Augmenter(PREMISES, seed=1).generate(per_kind=3, kinds=["identity", "conjunct"])
    identity = [p for p in pairs if p.origin == "augment:identity"]
    conjunct = [p for p in pairs if p.origin == "augment:conjunct"]
    assert len(identity) == len(conjunct) == 3
    assert all(p.label == "entailment" for p in pairs)
    assert all(p.premise == p.hypothesis for p in identity)
    for p in conjunct:
        assert p.hypothesis in p.premise and len(p.premise) > len(p.hypothesis)
        assert p.hypothesis in PREMISES


def test_off_topic_pairs_are_neutral_share_no_content_word_and_skip_captions():
    caption = "A man in a red shirt is playing a guitar on the street corner."
    premises = [*PREMISES, caption, "Farmers expect a record wheat harvest across the southern plains this summer."]
    pairs = Augmenter(premises, seed=1, captions=[caption]).generate(per_kind=4, kinds=["off_topic"])
    assert pairs and all(p.label == "neutral" for p in pairs)
    for p in pairs:
        assert caption not in (p.premise, p.hypothesis)
        assert p.premise != p.hypothesis and {p.premise, p.hypothesis} <= set(premises)
        assert not _content_words(p.premise) & _content_words(p.hypothesis)


# --- stage 5: news sentences (real sentences from BASIL / NeuS train articles) -----------------
NEWS = [
    "Representative Jerrold Nadler, a Democrat who represents the district that includes ground zero, said he "
    "doubted that the fight over the mosque would inflict much damage on fellow Democrats.",
    "Army Secretary Ryan McCarthy authorized the troops to be armed at the request of federal authorities, "
    "the D.C. Guard said in a statement.",
    "A male suspect was arrested in Florida on Friday morning in connection with the rash of suspicious packages.",
    "Vermont Independent Sen. Bernie Sanders, who was campaigning in Iowa on Sunday, has opposed the trade deal.",
    "Federal agencies spent about $13 million on four of Mr. Trump's trips to his resort in Florida in early 2017.",
    "The president has ruled out a government shutdown over funding for the border wall, aides said on Monday.",
    "Mr. Trump spoke to supporters in Iowa about the border wall.",
    "Lawmakers in Iowa passed a bill that expands school choice for families.",
]


def test_drop_attribution_keeps_the_reported_content_and_skips_quotes():
    rng = random.Random(0)
    assert Augmenter.drop_attribution(NEWS[1], rng) == (
        "Army Secretary Ryan McCarthy authorized the troops to be armed at the request of federal authorities."
    )
    assert (
        Augmenter.drop_attribution(
            "According to the report, federal agencies spent about $13 million on four of the trips.", rng
        )
        == "Federal agencies spent about $13 million on four of the trips."
    )
    quote = "\u201cThis is not something the United States had wanted to engage in,\u201d Mr. Steele said."
    assert Augmenter.drop_attribution(quote, rng) is None
    assert Augmenter.drop_attribution(NEWS[2], rng) is None  # no attribution to drop


def test_drop_detail_drops_an_appositive_or_a_date_but_not_a_place_phrase():
    assert Augmenter.drop_detail(NEWS[0], random.Random(0)) == (
        "Representative Jerrold Nadler said he doubted that the fight over the mosque would inflict much damage "
        "on fellow Democrats."
    )
    dropped = Augmenter.drop_detail(
        "Police said an officer had been suspended on Wednesday, officials added.", random.Random(0)
    )
    assert dropped == "Police said an officer had been suspended, officials added."
    # "In July, the group released ..." has no name with an appositive: nothing may be cut there.
    assert (
        Augmenter.drop_detail(
            "In July, the group released an ad pushing the same attack line, critics said.", random.Random(0)
        )
        is None
    )


def test_flip_stance_and_swap_place_change_one_fact():
    flipped = Augmenter.flip_stance(NEWS[5], random.Random(0))
    assert flipped == NEWS[5].replace("ruled out", "left open")
    assert (
        Augmenter.flip_stance("The bill will pass if confirmed by the committee next week.", random.Random(0)) is None
    )
    augmenter = Augmenter([*NEWS, *NEWS], seed=1)  # "Iowa" and "Florida" each follow "in" at least 3 times
    swapped = augmenter.swap_place(NEWS[2], random.Random(0))
    assert swapped == NEWS[2].replace("Florida", "Iowa")


def test_same_event_pairs_sentences_of_one_event_that_share_little():
    events = [NEWS[:4], NEWS[4:]]
    pairs = Augmenter(NEWS, seed=1, events=events).generate(per_kind=8, kinds=["same_event"], prefix="news")
    found = {(NEWS.index(p.premise), NEWS.index(p.hypothesis)) for p in pairs}
    assert pairs and all(p.label == "neutral" and p.origin == "news:same_event" for p in pairs)
    # Same event and one shared story word ("Iowa", "Trump"): a different sub-topic, neutral.
    assert found == {(6, 7), (7, 6), (4, 6)}
    # Not: two events ("Florida" in 2 and 4), no shared word at all (0 with anything), or the same
    # sub-topic ("border wall" in 5 and 6, a third of 6's content words).
    for a, b in found:
        assert (a < 4) == (b < 4)
        assert 1 <= len(_content_words(NEWS[a]) & _content_words(NEWS[b])) <= 2
