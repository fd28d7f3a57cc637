"""The training augmentations: what each transformation produces and how it is labelled."""

from __future__ import annotations

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
