"""The automatic analysis attached to each misclassified seed pair in the evaluation report."""

from __future__ import annotations

from crosscheck.eval.diagnose import analysis, cues, overlap, summary


def test_overlap_counts_hypothesis_content_words_found_in_the_premise():
    assert overlap("The plan was signed in Minsk.", "The plan was signed in Tehran.") == 2 / 3
    assert overlap("Anything at all.", "the of and") == 0.0  # no content words


def test_a_one_word_swap_read_as_entailment_is_blamed_on_overlap():
    found = cues(
        "The plan was signed in Minsk on Monday.",
        "The plan was signed in Tehran on Monday.",
        "contradiction",
        "entailment",
    )
    assert found == ["overlap read as entailment"]


def test_number_and_negation_cues():
    assert "numbers differ" in cues("Five people were hurt.", "Six people were hurt.", "contradiction", "entailment")
    assert "negation on one side" in cues("He signed it.", "He did not sign it.", "contradiction", "neutral")
    assert "negation on one side" not in cues("He signed it.", "He signed the deal.", "entailment", "neutral")


def test_neutral_errors_say_which_way_the_model_went():
    assert cues("Troops met.", "Troops met in Minsk.", "neutral", "contradiction") == ["extra detail read as conflict"]
    assert cues("Troops met in Minsk.", "Troops met in Minsk on Monday.", "neutral", "entailment") == [
        "extra detail not noticed"
    ]


def test_analysis_line_and_summary_counts():
    line = analysis("Belarus is non-aligned.", "Belarus is allied with Russia.", "contradiction", "neutral")
    assert line.startswith("conflict needs world knowledge") and "word overlap" in line
    errors = [
        {"premise": "Five hurt.", "hypothesis": "Six hurt.", "gold": "contradiction", "predicted": "neutral"},
        {"premise": "Six hurt.", "hypothesis": "Seven hurt.", "gold": "contradiction", "predicted": "neutral"},
    ]
    assert summary(errors)["numbers differ"] == 2
