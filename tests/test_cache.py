"""The content-hash cache: a rerun on an edited set scores only what changed (plumbing, tiny model)."""

from __future__ import annotations

from crosscheck import CrossChecker, NLIModel
from crosscheck.config import CheckConfig

A = "Belarus and Iran signed a military plan in Minsk. The exercise will be held next year. Officials met twice."
B = "Iran and Belarus signed a plan for military cooperation. The drill is planned for 2026. The talks lasted days."


def test_rerun_scores_only_changed_pairs(tmp_path, tiny_model_dir, monkeypatch):
    config = CheckConfig.default().replace("cache", dir=str(tmp_path / "cache"))
    nli = NLIModel.from_pretrained(tiny_model_dir)
    scored: list[int] = []
    original = nli.predict_both
    monkeypatch.setattr(nli, "predict_both", lambda pairs, **kw: scored.append(len(pairs)) or original(pairs, **kw))

    first = CrossChecker(config, nli=nli).check({"a": A, "b": B})
    assert scored and scored[0] == len(first.pairs)
    scored.clear()
    again = CrossChecker(config, nli=nli).check({"a": A, "b": B})
    assert scored == [] and again.to_json() == first.to_json()

    edited = CrossChecker(config, nli=nli).check({"a": A, "b": B.replace("2026", "2027")})
    assert scored and scored[0] < len(edited.pairs)


def test_cache_is_off_by_default():
    assert CheckConfig.default().cache.dir is None
