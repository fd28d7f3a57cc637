"""NLIModel: the real shipped model on clear pairs, and label-order plumbing on a tiny random model."""

from __future__ import annotations

import json
import shutil

import pytest
import torch

from crosscheck import NLIModel
from crosscheck.models.loading import ModelLoadError
from crosscheck.models.nli import LABELS, label_order

CLEAR_PAIRS = [
    ("The agreement was signed in Minsk on Tuesday.", "The agreement was signed in Minsk."),
    ("The agreement was signed in Minsk on Tuesday.", "The agreement was signed in Tehran on Tuesday."),
    ("The president visited Belarus in August.", "The president did not visit Belarus."),
    ("The president visited Belarus in August.", "The president enjoyed the visit."),
]
CLEAR_LABELS = ["entailment", "contradiction", "contradiction", "neutral"]


def test_shipped_model_gets_clear_pairs_right(nli_model):
    assert [s.label for s in nli_model.predict(CLEAR_PAIRS)] == CLEAR_LABELS


def test_every_seed_sentence_entails_itself(nli_model):
    """A verbatim quote must pass the brief's faithfulness gate, and a sentence that two outlets
    print word for word must read as agreement. The stage-2 model failed this for 12 of these 44."""
    from conftest import SEEDS

    from crosscheck.config import CheckConfig
    from crosscheck.inference.ingest import make_source
    from crosscheck.inference.segment import segment

    config = CheckConfig.default()
    claims = [
        c.text
        for path in SEEDS
        for c in segment(
            make_source(path.stem, path.read_text("utf-8"), config.limits, config.segment),
            config.segment,
            config.limits,
        )
    ]
    scores = nli_model.predict([(c, c) for c in claims])
    failing = [c for c, s in zip(claims, scores) if s.label != "entailment"]
    assert len(claims) > 30 and not failing, failing


# Sentences from news stories that have nothing to do with the seed articles.
UNRELATED_NEWS = [
    "The city council approved a new budget for road repairs on Tuesday evening.",
    "Heavy rain is expected across the south coast this weekend, forecasters said.",
    "The striker scored twice as the home team won the cup final 3-1.",
    "Shares of the chipmaker fell 8 percent after it cut its sales forecast.",
    "Doctors say the new vaccine will be offered first to people over 65.",
    "The museum will reopen in spring after a two-year renovation.",
]


def test_sentences_from_unrelated_stories_are_not_disputes(nli_model, checker):
    """Two stories about different things cannot contradict each other. The stage-3 model, trained
    on crowd NLI's convention that unrelated scenes contradict, listed 43 of these 264 pairs as
    disputes (2 both ways); stage 4 learned the news convention from its off-topic neutrals."""
    from conftest import SEEDS

    from crosscheck.inference.types import DISPUTES

    claims = [c.text for c in checker.claims(checker.sources(SEEDS))]
    pairs = [(c, u) for c in claims for u in UNRELATED_NEWS]
    relations = [d.relation for d in checker.relate(pairs)]
    disputes = [p for p, r in zip(pairs, relations) if r in DISPUTES]
    assert "contradiction" not in relations
    assert len(disputes) <= 0.05 * len(pairs), disputes


def test_int8_model_quantizes_on_cpu_and_still_gets_clear_pairs_right(nli_model):
    int8 = NLIModel(nli_model.model, nli_model.tokenizer, name="shipped", device="cpu", int8=True)
    assert int8.int8 and int8.dtype is None and int8.identity.endswith("|int8")
    assert isinstance(int8.model.bert.encoder.layer[0].attention.self.query, torch.ao.nn.quantized.dynamic.Linear)
    assert not isinstance(
        nli_model.model.bert.encoder.layer[0].attention.self.query, torch.ao.nn.quantized.dynamic.Linear
    )
    assert [s.label for s in int8.predict(CLEAR_PAIRS)] == CLEAR_LABELS


def test_probabilities_sum_to_one_and_keep_input_order(nli_model):
    pairs = [("A man is sleeping.", "A man sleeps."), ("Short.", "A much longer hypothesis sentence here " * 5)]
    one_by_one = [nli_model.predict([p])[0] for p in pairs]
    batched = nli_model.predict(pairs)
    for a, b in zip(one_by_one, batched, strict=True):
        assert a.entailment + a.neutral + a.contradiction == pytest.approx(1.0, abs=1e-4)
        assert a.as_dict() == pytest.approx(b.as_dict(), abs=2e-2)


def test_predict_both_scores_each_direction(nli_model):
    forward, backward = nli_model.predict_both([("Iran and Belarus signed a plan in Minsk.", "A plan was signed.")])[0]
    assert forward.label == "entailment"
    assert backward.entailment < forward.entailment


def test_empty_input_gives_empty_output(nli_model):
    assert nli_model.predict([]) == []


def test_label_order_comes_from_the_checkpoint(tiny_model_dir):
    """The tiny model's id2label is (contradiction, entailment, neutral): columns must be permuted."""
    model = NLIModel.from_pretrained(tiny_model_dir, dtype=None)
    assert model.columns == [1, 2, 0]
    pair = ("A dog runs in the park.", "An animal is outside.")
    enc = model.tokenizer([pair[0]], [pair[1]], return_tensors="pt")
    with torch.inference_mode():
        raw = torch.softmax(model.model(**enc).logits[0], dim=-1).tolist()
    scores = model.predict([pair])[0]
    by_name = {model.model.config.id2label[i]: p for i, p in enumerate(raw)}
    assert {n: getattr(scores, n) for n in LABELS} == pytest.approx({name: by_name[name] for name in LABELS}, abs=1e-5)


def test_reduced_precision_path_matches_full_precision(tiny_model_dir):
    """The dtype argument is the code path CUDA takes with fp16; on CPU we check it with bf16."""
    full = NLIModel.from_pretrained(tiny_model_dir, dtype=None).predict([("a b c", "a b")])[0]
    half = NLIModel.from_pretrained(tiny_model_dir, dtype=torch.bfloat16).predict([("a b c", "a b")])[0]
    assert half.as_dict() == pytest.approx(full.as_dict(), abs=3e-2)


@pytest.mark.parametrize(
    ("id2label", "message"),
    [
        ({"0": "entailment", "1": "contradiction"}, "expected 3 labels"),
        ({"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"}, "unknown label name"),
        ({"0": "entailment", "1": "entailment", "2": "neutral"}, "repeat"),
    ],
)
def test_bad_label_sets_are_refused_with_the_folder_named(tiny_model_dir, tmp_path, id2label, message):
    folder = tmp_path / "bad"
    shutil.copytree(tiny_model_dir, folder)
    config = json.loads((folder / "config.json").read_text())
    config["id2label"] = id2label
    (folder / "config.json").write_text(json.dumps(config))
    with pytest.raises(ModelLoadError, match=message) as err:
        NLIModel.from_pretrained(folder)
    assert str(folder) in str(err.value)


def test_label_aliases_and_case_are_accepted():
    assert label_order({0: "CONTRADICTION", 1: "Neutral", 2: "entailment"}, "x") == [2, 1, 0]


def test_missing_folder_and_missing_config_are_clear(tmp_path):
    with pytest.raises(ModelLoadError, match="no such model folder"):
        NLIModel.from_pretrained(tmp_path / "nope")
    with pytest.raises(ModelLoadError, match=r"no config\.json"):
        NLIModel.from_pretrained(tmp_path)
