"""``crosscheck eval``: run evaluation suites and write reports.

Wire it into crosscheck/cli.py with ``add_parser(subparsers)``; the parser's ``func`` is
``run``, which returns the exit code. ``python -m crosscheck.eval.cli`` works standalone.
Heavy modules (datasets, torch, matplotlib) are imported inside ``run``, so building the
parser costs nothing for the other ``crosscheck`` commands.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import CrosscheckError
from .config import SUITE_NAMES

DEFAULT_OUT = Path("eval/reports/latest")


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "eval",
        help="evaluate the NLI model and the checker on labelled data",
        description="Run evaluation suites and write report.json, report.md and "
        "report.html. Data is read from data_root in configs/eval.yaml.",
    )
    parser.add_argument(
        "--suite",
        action="append",
        choices=SUITE_NAMES,
        metavar="NAME",
        help=f"suite to run, repeatable: {', '.join(SUITE_NAMES)} (default: the config's list)",
    )
    parser.add_argument("--model", help="NLI model folder or hub id (default: the shipped model)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"report folder (default: {DEFAULT_OUT})")
    parser.add_argument("--limit", type=int, help="at most N pairs per dataset, for a quick check")
    parser.add_argument("--config", default="eval", help="evaluation config (default: configs/eval.yaml)")
    parser.add_argument(
        "--rerender",
        action="store_true",
        help="run no suite: write report.md and report.html again from the report.json in --out",
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run the suites, print the targets and summary tables and where the reports are.

    0 when at least one suite ran, even if others failed or missed their targets (the tables say which);
    when none could run, ``run_eval`` raises a one-line error (exit 2 from the CLI) and writes nothing.
    """
    from .config import load_eval_config
    from .render import HEADLINE_COLUMNS, headline_rows, summary_rows, text_table

    config = load_eval_config(args.config)
    if args.rerender:
        from .report import rerender

        report = rerender(args.out, config)
        targets = None if report.get("config", {}).get("targets") else config.targets
        print(text_table(headline_rows(report, targets), HEADLINE_COLUMNS))
        print(f"\nrewrote {args.out / 'report.md'} and {args.out / 'report.html'} from {args.out / 'report.json'}")
        return 0

    import datasets

    from .report import run_eval

    datasets.disable_progress_bars()
    report = run_eval(args.suite, args.model, args.out, args.limit, config=config)
    print(text_table(headline_rows(report), HEADLINE_COLUMNS))
    print()
    print(text_table(summary_rows(report)))
    print(f"\nreports: {args.out / 'report.md'}, {args.out / 'report.html'}, {args.out / 'report.json'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="crosscheck")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CrosscheckError as exc:
        print(f"crosscheck: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
