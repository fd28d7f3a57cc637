"""What a suite gets to run with: the config, the model (loaded once, on first use) and the data-file log."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..inference.checker import CrossChecker
from ..models.loading import SHIPPED_NLI, display_name
from ..models.nli import NLIModel
from .config import EvalConfig
from .data import DataFiles, sha256_file


@dataclass
class EvalContext:
    config: EvalConfig
    files: DataFiles
    model_spec: str
    """``default`` (the shipped model) or a local folder / hub id."""
    limit: int | None = None
    """At most this many pairs per dataset: for quick checks, never for reported numbers."""
    _model: NLIModel | None = field(default=None, repr=False)

    @property
    def model(self) -> NLIModel:
        """Loaded lazily, so a run whose suites all lack data never pays for (or fails on) the model."""
        if self._model is None:
            settings = self.config.model
            self._model = NLIModel.from_pretrained(
                self.model_path,
                device=settings.device,
                batch_size=settings.batch_size,
                max_length=settings.max_length,
                int8=settings.int8,
            )
        return self._model

    @cached_property
    def checker(self) -> CrossChecker:
        """The checker a user would run (default settings), with this evaluation's NLI model."""
        return CrossChecker(nli=self.model)

    @property
    def model_path(self) -> str:
        return str(SHIPPED_NLI) if self.model_spec == "default" else self.model_spec

    def model_info(self) -> dict:
        """What report.json says about the model: its id, temperature and the sha256 of its weights."""
        info: dict = {"id": self.model_spec, "name": display_name(self.model_path), "loaded": self._model is not None}
        if self._model is not None:
            info["temperature"] = self._model.temperature
        folder = Path(self.model_path)
        if folder.is_dir():
            info["weights_sha256"] = {f.name: sha256_file(f) for f in sorted(folder.glob("*.safetensors"))}
        return info
