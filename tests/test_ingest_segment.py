"""Ingestion and segmentation: normalisation, exact offsets, sentence splitting, attribution."""

from __future__ import annotations

import pytest

from crosscheck.config import CheckConfig
from crosscheck.errors import InputError
from crosscheck.inference.ingest import load_sources, make_source, normalise, read_file
from crosscheck.inference.segment import attribution, segment

CFG = CheckConfig.default()


def claims_of(text: str, name: str = "s"):
    source = make_source(name, text, CFG.limits, CFG.segment)
    return source, segment(source, CFG.segment, CFG.limits)


def test_offsets_point_at_claim_text_and_titles_are_claims():
    source, claims = claims_of("Belarus and Iran Sign Plan\n\nThe U.S. Army said it. Dr. Smith left at 5 p.m. today.")
    assert [c.text for c in claims] == [
        "Belarus and Iran Sign Plan",
        "The U.S. Army said it.",
        "Dr. Smith left at 5 p.m. today.",
    ]
    for c in claims:
        assert source.text[c.start : c.end] == c.text


@pytest.mark.parametrize(
    ("lead", "claim"),
    [  # NeuS validation leads
        ("WASHINGTON (AP) — The Trump administration on Tuesday froze the funds.", "The Trump administration"),
        ("SEOUL, South Korea — There was one state event he never missed.", "There was one state event"),
        ("CHARLOTTE, N.C. — The closely-watched special U.S. House election is over.", "The closely-watched"),
        ("(CNN) - Patience is in ever-shorter supply.", "Patience is in"),
        ("WEST PALM BEACH, Fla.—President Trump called U.S. troops.", "President Trump called"),
        ("WASHINGTON ― In a stinging blow to President Barack Obama, the Senate voted.", "In a stinging blow"),  # BASIL
        ("A D.C.-based federal judge ruled Sunday.", "A D.C.-based federal judge"),  # no dateline
        ("NATO allies met on Tuesday.", "NATO allies met"),
    ],
)
def test_a_wire_dateline_is_not_part_of_the_claim(lead, claim):
    """Where a story was filed is not what it says: the brief would quote it and the NLI model read it."""
    source, claims = claims_of(f"Funds frozen, officials say\n{lead} More follows here.")
    assert claims[1].text.startswith(claim)
    assert all(source.text[c.start : c.end] == c.text for c in claims)


@pytest.mark.parametrize(
    "lead",
    [  # NeuS validation leads that pysbd split in two
        "Washington (CNN)Sen. Rand Paul of Kentucky expressed frustration with Republican leadership.",
        "“It’s a partisan farce,” Sen. Rand Paul, R-Ky., said of the impeachment effort on “Fox News Sunday.”",
        "The legislation, which was co-sponsored by Sen. Tim Kaine, D-Va., comes as vaping has skyrocketed.",
    ],
)
def test_a_sentence_split_after_a_name_or_before_a_comma_is_one_claim(lead):
    """pysbd ends a sentence at "Sen." before a name after "(CNN)", and at a state after a party ("R-Ky.") that a
    comma then continues: each half alone is a fragment the brief could not quote and the NLI model misreads."""
    source, claims = claims_of(f"Senators act\n{lead} More follows here.")
    assert claims[1].text == lead
    assert claims[2].text == "More follows here."
    assert all(source.text[c.start : c.end] == c.text for c in claims)


def test_bom_crlf_zero_width_and_control_characters_are_normalised(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffFirst line here.\r\nSecond\u200b sentence\x07 is here.\r\n".encode())
    text = read_file(path)
    assert normalise(text) == "First line here.\nSecond sentence is here.\n"


def test_curly_quotes_stay_inside_one_claim():
    _, claims = claims_of(
        "Lukashenko emphasized that ‘there are no closed topics’ between the two countries. "
        "He also said “we agree.” Then they left the room."
    )
    assert len(claims) == 3
    assert claims[0].text.endswith("countries.")


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        ("Lukashenko emphasized that Belarus is open to exploring all areas.", "Lukashenko"),
        ("Analysts suggest that the exercise could serve as a demonstration.", "Analysts"),
        ("The Kremlin has previously noted that cooperation is expanding.", "The Kremlin"),
        ("The exercise will focus on counterterrorism, officials said.", "officials"),
        ("The exercise will focus on counterterrorism.", None),
        # NeuS validation leads (events 5 and 150): a quoted view, and a report from unnamed sources
        ('"Zero chance of conviction," Paul said when asked if he thinks there\'s a chance.', "Paul"),
        (
            "Staff are drafting language to ban chokeholds, according to people familiar with the talks.",
            "people familiar with the talks",
        ),
        ("According to the indictment, the payments were hidden.", "the indictment"),
        ("The payments, according to the indictment, were hidden in 2016.", "the indictment"),
        ('He called the plan "a disaster," and left.', None),
    ],
)
def test_attribution(sentence, who):
    assert attribution(sentence, None) == who


def test_pronoun_speaker_inherits_the_previous_speaker():
    _, claims = claims_of("Lukashenko emphasized that Belarus is open. He also reiterated that it is not a threat.")
    assert [c.attribution for c in claims] == ["Lukashenko", "Lukashenko"]


def test_long_unpunctuated_text_is_split_into_windows_not_truncated():
    words = [f"word{i}" for i in range(500)]
    source, claims = claims_of(" ".join(words))
    assert all(len(c.text.split()) <= CFG.segment.max_claim_words for c in claims)
    assert " ".join(c.text for c in claims) == source.text


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ({"only": "One source is not a comparison."}, "at least 2 sources"),
        ({"a": "Some text here.", "b": "   \n\t "}, "b: empty or whitespace-only"),
    ],
)
def test_bad_source_sets(items, message):
    with pytest.raises(InputError, match=message):
        load_sources(items, CFG.limits, CFG.segment)


def test_loaded_sources_pass_through_and_are_still_counted(tmp_path):
    """The CLI loads sources before torch and hands them on; they are not read or cleaned twice."""
    loaded = load_sources({"a": "First outlet's report.", "b": "Second outlet's report."}, CFG.limits, CFG.segment)
    again = load_sources(loaded, CFG.limits, CFG.segment)
    assert again == loaded and all(x is y for x, y in zip(again, loaded))
    with pytest.raises(InputError, match="at least 2 sources"):
        load_sources(loaded[:1], CFG.limits, CFG.segment)
    path = tmp_path / "c.txt"
    path.write_text("A third outlet's report.", encoding="utf-8")
    with pytest.raises(InputError, match="not a mix"):
        load_sources([*loaded, path], CFG.limits, CFG.segment)


def test_binary_unreadable_and_oversized_files(tmp_path):
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(InputError, match="binary"):
        read_file(binary)
    with pytest.raises(InputError, match="is a folder"):
        read_file(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        read_file(tmp_path / "absent.txt")
    small = CFG.limits.__class__(chunk_chars=50, max_source_chars=100, max_total_chars=150)
    with pytest.raises(InputError, match="over the limit of 100"):
        load_sources({"a": "x " * 60, "b": "y"}, small, CFG.segment)
    with pytest.raises(InputError, match="total"):
        load_sources({"a": "x " * 45, "b": "y " * 45}, small, CFG.segment)


def test_long_source_is_chunked_with_a_warning_and_nothing_is_lost():
    limits = CFG.limits.__class__(chunk_chars=200, max_source_chars=10_000, max_total_chars=20_000)
    text = " ".join(f"Sentence number {i} is here." for i in range(60))
    source = make_source("long", text, limits, CFG.segment)
    claims = segment(source, CFG.segment, limits)
    assert any("chunks" in w for w in source.warnings)
    assert len(claims) == 60


def test_mostly_non_english_text_warns_but_is_processed():
    text = "Der Präsident besuchte Minsk im August und sprach mit dem Präsidenten über die Zusammenarbeit. " * 3
    source, claims = claims_of(text)
    assert any("not English" in w for w in source.warnings)
    assert claims
