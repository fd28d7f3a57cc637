"""The ``crosscheck`` command: nli, check, brief, verify, batch, eval, bench.

Every failure a user can cause ends in one line on stderr and a non-zero exit (2), never
a traceback; Ctrl-C exits 130 and leaves no partial output file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from . import __version__
from .config import CheckConfig, load
from .errors import CrosscheckError


def positive_int(text: str) -> int:
    """argparse type: a whole number above zero (batch sizes, word counts)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


FORMATS = {".json": "json", ".md": "md", ".html": "html", ".htm": "html"}


def _model_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", help="NLI model: a local folder or hub id (default: the shipped model)")
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], help="where to run the models (default: auto)")
    p.add_argument("--batch-size", type=positive_int, help="pairs per NLI batch")
    p.add_argument(
        "--threads", type=positive_int, help="CPU threads for torch (default: from the config, else one per core)"
    )
    p.add_argument(
        "--int8", action=argparse.BooleanOptionalAction, help="int8-quantized NLI on CPU (default: from the config)"
    )
    p.add_argument(
        "--allow-pickle",
        action="store_true",
        help="allow loading pickle (.bin) weights, which can run code: only for trusted models",
    )


def _run_options(p: argparse.ArgumentParser) -> None:
    _model_options(p)
    p.add_argument("--config", default="default", help="YAML config (default: configs/default.yaml)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--max-chars",
        type=positive_int,
        help="refuse a source longer than this many characters (default: limits.max_source_chars, 1,000,000)",
    )


def _name_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--name",
        action="append",
        default=[],
        metavar="TAG=LABEL",
        help="name a source in the report, repeatable: A=Reuters names the first source (tags A, B, ... follow "
        "the order of the files), or FILE=LABEL by file name; unnamed sources keep their file name",
    )


def _output_options(p: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    p.add_argument(
        "--format", choices=formats, help=f"output format (default: from --out's extension, else {formats[0]})"
    )
    p.add_argument("--out", type=Path, help="write to this file (atomically) instead of stdout")
    p.add_argument("--force", action="store_true", help="overwrite --out if it exists")


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors on one line, like every other crosscheck error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"crosscheck: error: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="crosscheck", description="Compare news articles about one event.")
    parser.add_argument("--version", action="version", version=f"crosscheck {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    nli = sub.add_parser("nli", help="score premise/hypothesis pairs from a JSON Lines file")
    nli.add_argument("--pairs", required=True, help='JSON Lines {"id", "premise", "hypothesis"}; - for stdin')
    _model_options(nli)

    check = sub.add_parser("check", help="agreements, contradictions and unique claims across sources")
    check.add_argument("sources", nargs="+", type=Path, help="two or more article files (.txt or .md)")
    check.add_argument(
        "--show-possible",
        action="store_true",
        help="also list contradictions the model sees one way only (hidden by default: mostly false on real news)",
    )
    _name_option(check)
    _run_options(check)
    _output_options(check, ["md", "json", "html"])

    brief = sub.add_parser("brief", help="a short merged brief that cites its sources")
    brief.add_argument("sources", nargs="+", type=Path)
    brief.add_argument("--max-words", type=positive_int, help="length of the brief in words")
    brief.add_argument("--strict", action="store_true", help="fail if a brief sentence is not entailed by a source")
    _name_option(brief)
    _run_options(brief)
    _output_options(brief, ["md", "json"])

    verify = sub.add_parser("verify", help="is a claim supported, contradicted or not mentioned by each source?")
    verify.add_argument("--claim", required=True)
    verify.add_argument("sources", nargs="+", type=Path)
    _run_options(verify)
    _output_options(verify, ["md", "json"])

    batch = sub.add_parser("batch", help="check many events from a JSON Lines file, one result line each (resumable)")
    batch.add_argument(
        "events", type=Path, help='JSON Lines, one event a line: {"id": ..., "sources": {"name": "text or a.txt", ...}}'
    )
    batch.add_argument(
        "--out", type=Path, required=True, help="JSON Lines results; if it exists, events already in it are skipped"
    )
    batch.add_argument("--engine", choices=["local", "ray"], default="local", help="where to run (default: local)")
    batch.add_argument(
        "--concurrency", type=positive_int, default=1, help="Ray actors, each with its own models (--engine ray)"
    )
    _run_options(batch)

    schema = sub.add_parser("schema", help="the JSON Schema of the JSON report or of the config")
    schema.add_argument("what", choices=["report", "config"])

    from .eval import bench
    from .eval import cli as eval_cli

    eval_cli.add_parser(sub)
    bench.add_parser(sub)
    return parser


def _config(args: argparse.Namespace) -> CheckConfig:
    config = load(CheckConfig, args.config)
    changes: dict[str, Any] = {
        k: v
        for k, v in {
            "model": args.model,
            "device": args.device,
            "batch_size": args.batch_size,
            "int8": args.int8,
            "threads": args.threads,
        }.items()
        if v is not None
    }
    if args.allow_pickle:
        changes["allow_pickle"] = True
    config = config.replace("nli", **changes) if changes else config
    if getattr(args, "show_possible", False):
        config = config.replace("disputes", show_possible=True)
    if getattr(args, "max_chars", None):  # one source may then be that long, so the total limit may not be lower
        total = max(config.limits.max_total_chars, args.max_chars)
        config = config.replace("limits", max_source_chars=args.max_chars, max_total_chars=total)
    return config


def _refuse_overwrite(args: argparse.Namespace) -> None:
    """Fail before the slow part, not after it, when --out exists and --force is absent."""
    if args.out and args.out.exists() and not args.force:
        raise CrosscheckError(f"{args.out}: already exists; pass --force to overwrite it")


def _emit(args: argparse.Namespace, render: dict[str, Any]) -> None:
    """Render in the chosen format and write to --out atomically, or print to stdout."""
    fmt = args.format or (FORMATS.get(args.out.suffix.lower()) if args.out else None) or next(iter(render))
    if fmt not in render:
        raise CrosscheckError(f"format {fmt!r} is not available here; use one of {', '.join(render)}")
    text = render[fmt]()
    if args.out:
        from .io import atomic_write

        atomic_write(args.out, text, force=args.force)
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)


def _progress(args: argparse.Namespace) -> bool:
    return not args.quiet and sys.stderr.isatty()


def cmd_nli(args: argparse.Namespace) -> int:
    from .models.loading import SHIPPED_NLI
    from .models.nli import NLIModel
    from .pairs_io import parse_pairs

    if args.pairs == "-":
        records = parse_pairs(sys.stdin, "stdin")
    else:
        from .inference.ingest import read_file

        records = parse_pairs(read_file(args.pairs).splitlines(), args.pairs)
    kwargs: dict[str, Any] = {
        "device": args.device or "auto",
        "allow_pickle": args.allow_pickle,
        "int8": bool(args.int8),
    }
    if args.batch_size:
        kwargs["batch_size"] = args.batch_size
    _use_threads(args.threads)
    model = NLIModel.from_pretrained(args.model or SHIPPED_NLI, **kwargs)
    scores = model.predict([(r.premise, r.hypothesis) for r in records])
    out = "".join(
        json.dumps({"id": r.id, "label": s.label, "scores": s.as_dict()}, ensure_ascii=False) + "\n"
        for r, s in zip(records, scores)
    )
    sys.stdout.write(out)
    return 0


def _use_threads(threads: int | None) -> None:
    """Process-wide, so the CLI sets it and the library never does behind a caller's back."""
    if threads is None:
        return
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise CrosscheckError(f"nli.threads must be a positive whole number or null, not {threads!r}")
    import torch

    torch.set_num_threads(threads)


def _check_paths(paths: Sequence[Path]) -> None:
    """A missing or unreadable source fails at once, before torch and the models load (seconds)."""
    for path in paths:
        if not path.is_file():
            raise CrosscheckError(
                f"{path}: no such file" if not path.exists() else f"{path}: is a folder, not an article file"
            )
        if not os.access(path, os.R_OK):
            raise CrosscheckError(f"{path}: not readable")


def _named_sources(args: argparse.Namespace) -> Sequence[Path] | dict[str, str]:
    """The files as given, or {label: text} in the same order when --name labels some of them.

    A label's key is a source's tag (A, B, ... in the order of the files, as the report assigns them)
    or its file (the path as given, its file name or its stem). Unnamed sources keep the name
    ``check`` gives a file (its stem, or folder/stem when two stems are equal).
    """
    if not args.name:
        return args.sources
    from .inference.ingest import read_file, source_tags

    paths: list[Path] = list(args.sources)
    stems = [p.stem for p in paths]
    names = [f"{p.parent.name}/{p.stem}" if stems.count(p.stem) > 1 else p.stem for p in paths]
    tags = list(source_tags([str(k) for k in range(len(paths))]).values())
    labels: dict[int, str] = {}
    for spec in args.name:
        key, sep, label = (part.strip() for part in spec.partition("="))
        if not sep or not key or not label:
            raise CrosscheckError(f"--name {spec!r}: expected TAG=LABEL or FILE=LABEL, e.g. --name A=Reuters")
        hits = [k for k, p in enumerate(paths) if key in (tags[k], str(p), p.name, p.stem, names[k])]
        if not hits:
            raise CrosscheckError(
                f"--name {spec!r}: {key!r} is neither a source tag ({', '.join(tags)}) nor one of the files given"
            )
        if len(set(hits)) > 1:
            raise CrosscheckError(f"--name {spec!r}: {key!r} matches more than one source; use its tag")
        if hits[0] in labels:
            raise CrosscheckError(f"--name {spec!r}: source {tags[hits[0]]} is already named {labels[hits[0]]!r}")
        labels[hits[0]] = label
    final = [labels.get(k, names[k]) for k in range(len(paths))]
    twice = sorted({n for n in final if final.count(n) > 1})
    if twice:
        raise CrosscheckError(f"--name: two sources would both be named {twice[0]!r}; give each a unique name")
    return {name: read_file(p) for name, p in zip(final, paths)}


def _checker(args: argparse.Namespace, claim: str | None = None) -> tuple[Any, list[Any]]:
    """The checker and the loaded sources, once they (and the claim to verify) are known to be good input.

    Why first: reading and cleaning the input takes milliseconds, loading torch and the models seconds,
    and a user who mistyped should hear so at once. The checker then takes the sources as loaded.
    """
    _check_paths(args.sources)
    config = _config(args)
    from .inference.ingest import claim_text, load_sources

    if claim is None:
        sources = load_sources(_named_sources(args), config.limits, config.segment)
    else:  # verify: one source is enough, and sources carry no --name
        claim_text(claim, config.limits, config.segment)
        sources = load_sources(args.sources, config.limits, config.segment, minimum=1)
    from .inference.checker import CrossChecker

    _use_threads(config.nli.threads)
    return CrossChecker(config, progress=_progress(args)), sources


def _warn(report_warnings: list[str]) -> None:
    for w in report_warnings:
        print(f"crosscheck: warning: {w}", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    _refuse_overwrite(args)
    checker, sources = _checker(args)
    report = checker.check(sources)
    _warn(report.warnings)
    _emit(args, {"md": report.to_markdown, "json": report.to_json, "html": report.to_html})
    return 0


def cmd_brief(args: argparse.Namespace) -> int:
    from .inference.render import brief_to_markdown
    from .inference.report import brief_dict

    _refuse_overwrite(args)
    checker, sources = _checker(args)
    report = checker.check(sources, max_words=args.max_words, strict=args.strict)
    _warn(report.warnings)
    _emit(
        args,
        {
            "md": lambda: brief_to_markdown(report.brief, report.tags),
            "json": lambda: (
                json.dumps(
                    {"tags": report.tags, **brief_dict(report.brief)}, ensure_ascii=False, indent=2, sort_keys=True
                )
                + "\n"
            ),
        },
    )
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from .inference.render import verdict_to_markdown
    from .inference.report import verdict_dict

    _refuse_overwrite(args)
    checker, sources = _checker(args, claim=args.claim)
    verdict = checker.verify(args.claim, sources)
    _emit(
        args,
        {
            "md": lambda: verdict_to_markdown(verdict),
            "json": lambda: json.dumps(verdict_dict(verdict), ensure_ascii=False, indent=2, sort_keys=True) + "\n",
        },
    )
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    """Resumable: Ctrl-C or a kill keeps every finished event's line, and the same command goes on from there."""
    if not args.events.is_file():
        raise CrosscheckError(
            f"{args.events}: no such file" if not args.events.exists() else f"{args.events}: is a folder"
        )
    config = _config(args)
    from .inference.batch import run_batch

    _use_threads(config.nli.threads)
    try:
        summary = run_batch(
            args.events, args.out, config, engine=args.engine, concurrency=args.concurrency, progress=_progress(args)
        )
    except KeyboardInterrupt:
        print(f"crosscheck: interrupted; finished events are in {args.out}, rerun to resume", file=sys.stderr)
        return 130
    print(f"crosscheck: {summary.line()}; wrote {args.out}", file=sys.stderr)  # also with --quiet: the run's record
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """JSON Schemas generated from the pydantic models, so they cannot drift from the code."""
    from .config import json_schema

    if args.what == "report":
        from .inference.schema import ReportOut

        schema = ReportOut.model_json_schema()
    else:
        schema = json_schema(CheckConfig)
    sys.stdout.write(json.dumps(schema, indent=2, sort_keys=True) + "\n")
    return 0


def _need_eval_extra(command: str) -> None:
    """The evaluation packages are an extra: say how to get them instead of an ImportError traceback."""
    import importlib.util

    missing = [
        m
        for m in ("datasets", "evaluate", "sklearn", "scipy", "matplotlib", "networkx", "rouge_score")
        if importlib.util.find_spec(m) is None
    ]
    if missing:
        raise CrosscheckError(
            f"crosscheck {command} needs the eval extra ({', '.join(missing)} missing): pip install 'crosscheck[eval]'"
        )


def cmd_eval(args: argparse.Namespace) -> int:
    from .eval import cli as eval_cli

    _need_eval_extra("eval")
    return eval_cli.run(args)


def cmd_bench(args: argparse.Namespace) -> int:
    from .eval import bench

    _need_eval_extra("bench")
    return bench.run(args)


COMMANDS = {
    "nli": cmd_nli,
    "check": cmd_check,
    "brief": cmd_brief,
    "verify": cmd_verify,
    "batch": cmd_batch,
    "schema": cmd_schema,
    "eval": cmd_eval,
    "bench": cmd_bench,
}


def main(argv: Sequence[str] | None = None) -> int:
    # Library chatter (weight-loading bars, advisory warnings) would bury our one-line errors.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    # OpenMP threads spin while they wait; on a machine where anything else runs (a laptop, a shared
    # server) they fight that work for the cores. One NeuS check took 27 s spinning and 14 s passive
    # beside an evaluation run (README "Performance"). Set before torch loads; a user's own value wins.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    args = build_parser().parse_args(argv)
    handler = COMMANDS[args.command]
    try:
        return int(handler(args))
    except CrosscheckError as exc:
        print(f"crosscheck: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("crosscheck: interrupted; no output file was written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
