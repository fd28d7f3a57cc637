"""The CUDA path gives the CPU's answers. Skipped where torch sees no GPU (CI has none); run it on a GPU machine.

Both sides embed with the shipped NLI folder's own encoder rather than the packaged all-MiniLM-L6-v2, so the test
needs nothing beyond the repository's files: what it checks is the device code (fp16 autocast for NLI, fp32
embeddings moved to and from the GPU), which is the same for any encoder.
"""

from __future__ import annotations

import pytest
import torch
from conftest import SEEDS

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="torch sees no CUDA GPU")


def _nli(device: str):
    """fp16 autocast on the GPU; fp32 on the CPU, the reference (bf16 weights there would differ by more)."""
    from crosscheck import NLIModel
    from crosscheck.models.loading import SHIPPED_NLI

    return NLIModel.from_pretrained(SHIPPED_NLI, device=device, dtype=None if device == "cpu" else "auto")


def _checker(device: str):
    from crosscheck import CrossChecker
    from crosscheck.config import CheckConfig
    from crosscheck.models.embedder import Embedder
    from crosscheck.models.loading import SHIPPED_NLI

    return CrossChecker(CheckConfig.default(), nli=_nli(device), embedder=Embedder(SHIPPED_NLI, device=device))


def test_the_seed_report_on_cuda_is_the_fp32_cpu_report():
    from crosscheck.inference.render import brief_to_markdown

    on_gpu, on_cpu = _checker("cuda"), _checker("cpu")
    gpu, cpu = on_gpu.check(SEEDS), on_cpu.check(SEEDS)
    assert [c.text for c in gpu.claims] == [c.text for c in cpu.claims]
    assert [(p.a.id, p.b.id) for p in gpu.pairs] == [(p.a.id, p.b.id) for p in cpu.pairs]
    differ = sum(x.relation != y.relation for x, y in zip(gpu.pairs, cpu.pairs))
    assert differ <= len(cpu.pairs) // 100, f"{differ} of {len(cpu.pairs)} relations differ"
    assert [(p.a.id, p.b.id) for p in gpu.contradictions] == [(p.a.id, p.b.id) for p in cpu.contradictions]
    assert [sorted(c.id for c in g.claims) for g in gpu.consensus] == [
        sorted(c.id for c in g.claims) for g in cpu.consensus
    ]
    assert brief_to_markdown(gpu.brief, gpu.tags) == brief_to_markdown(cpu.brief, cpu.tags)

    assert on_gpu.nli.uses_autocast
    pairs = [(p.a.text, p.b.text) for p in cpu.pairs]
    half, full = on_gpu.nli.predict_proba(pairs), on_cpu.nli.predict_proba(pairs)
    assert float((half - full).abs().max()) < 0.01
    assert bool((half.argmax(1) == full.argmax(1)).all())
