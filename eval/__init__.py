"""Evaluation harness: labelled data in, report.json / report.md / report.html out.

It sits beside the product, not inside it: it calls the same public API a user would
(``NLIModel``, ``CrossChecker``), and nothing in models/ or inference/ imports it.
Layout: ``config`` (configs/eval.yaml), ``data`` (loaders), ``metrics/`` (local evaluate
modules), ``scoring`` (shared per-dataset numbers), ``suites/`` (seeds, nli, crosssource),
``report`` (``run_eval``), ``render`` + ``plots`` (Markdown/HTML), ``cli`` (``crosscheck eval``)
and ``calibrate`` (temperature fitting).
"""
