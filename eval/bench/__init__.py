"""``crosscheck bench``: how fast the NLI step is, how a check's cost grows, what pruning misses, events per hour.

One module per job, each saying why it measures what it does:

* ``settings``: configs/bench.yaml as dataclasses (every number lives in the YAML).
* ``samples``: the real articles, sentence pairs and seed pairs everything runs on, drawn with one seed.
* ``throughput``: ``NLIModel.predict`` against the plain ``transformers.pipeline``, in pairs/s.
* ``int8``: dynamic int8 quantization measured against an explicit ship rule, never applied to models/.
* ``scaling``: end-to-end checks at growing cluster sizes, each in a fresh process; the growth exponent.
* ``pruning``: the share of hand-labelled disagreements and agreements (real news events, seed articles)
  that candidate pruning keeps, with unrelated real articles added.
* ``batch``: ``crosscheck batch`` on real NeuS events, local engine against Ray, in events/hour.
* ``runner``: ``run_bench``, every part in order into eval/reports/bench.json.
* ``report``: the plain-text tables and progress lines; ``cli``: the options, ``run`` and ``main``.

``crosscheck/cli.py`` uses ``add_parser`` and ``run``; ``python -m crosscheck.eval.bench`` runs ``main``.
"""

from __future__ import annotations

from .cli import add_parser, main, run

__all__ = ["add_parser", "main", "run"]
