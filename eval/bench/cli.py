"""The ``crosscheck bench`` command line: its options, ``run`` for the CLI, and ``main`` for ``python -m``.

Why apart: ``crosscheck`` builds every subcommand's parser at start-up, so importing this must stay
cheap. No module of the package imports torch, transformers, numpy or pysbd at the top; they load
inside the functions that measure, once a run starts.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ...config import load
from ...errors import CrosscheckError
from ..config import from_repo
from .report import render, say
from .runner import run_bench
from .settings import BenchConfig

HELP = "NLI throughput, end-to-end scaling, pruning-recall and batch benchmark"


def _options(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p.add_argument("--sizes", type=int, nargs="+", metavar="N", help="articles per cluster (default: bench.yaml)")
    p.add_argument("--pairs", type=int, metavar="N", help="pairs for the throughput runs (default: bench.yaml)")
    p.add_argument("--model", help="NLI model folder (default: the shipped models/nli-minilm)")
    p.add_argument("--out", type=Path, help="JSON report, written atomically (default: eval/reports/bench.json)")
    p.add_argument("--quick", action="store_true", help="a small smoke run (the quick section of bench.yaml)")
    p.add_argument("--config", default="bench", help="bench settings (default: configs/bench.yaml)")
    return p


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``bench`` to the ``crosscheck`` subcommands; the CLI dispatches it to ``run``."""
    return _options(subparsers.add_parser("bench", help=HELP, description=HELP))


def use_omp_wait_policy(policy: str | None) -> str | None:
    """Set OMP_WAIT_POLICY for this run and its child processes, unless the environment already sets it.

    Why: with OpenMP's default, idle threads spin; on cores shared with other work that cost us 3-7x
    (README, Performance). OpenMP reads the variable when torch loads, so it is set only if torch has not
    loaded yet (the CLI loads it lazily); the value in force is returned and recorded in the report.
    """
    if policy is not None and "OMP_WAIT_POLICY" not in os.environ:
        if "torch" in sys.modules:
            say(f"OMP_WAIT_POLICY={policy} not applied: torch is already loaded")
        else:
            os.environ["OMP_WAIT_POLICY"] = policy
    return os.environ.get("OMP_WAIT_POLICY")


def run(args: argparse.Namespace) -> int:
    config = load(BenchConfig, args.config)
    if args.quick:
        config = config.quick_run()
    use_omp_wait_policy(config.omp_wait_policy)
    out = args.out or from_repo(config.report)
    result = run_bench(config, args.model, sizes=args.sizes, out=out, nli_pairs=args.pairs)
    sys.stdout.write(render(result))
    print(f"wrote {out}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m crosscheck.eval.bench [options]``, with the CLI's one-line errors."""
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    args = _options(argparse.ArgumentParser(prog="python -m crosscheck.eval.bench", description=HELP)).parse_args(argv)
    try:
        return run(args)
    except CrosscheckError as exc:
        print(f"crosscheck bench: error: {exc}", file=sys.stderr)
        return 2
