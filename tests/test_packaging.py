"""The installed tool: a wheel built from this checkout runs `crosscheck check` from another folder.

Why: the top-level folders reach the package through pyproject.toml's package-dir, not symlinks; only
an installed wheel shows that the mapping, the package data (model, templates, configs) and the entry
point are right, and that seeds and reports stay out of it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile

from conftest import ROOT, SEEDS


def _run(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=600, cwd=cwd)


def test_a_built_wheel_installs_and_checks_the_seeds_outside_the_repository(tmp_path):
    built = _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(ROOT)
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("crosscheck-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "crosscheck/models/nli-minilm/model.safetensors" in names
    assert "crosscheck/configs/default.yaml" in names and "crosscheck/inference/templates/report.html.j2" in names
    assert not [n for n in names if "/reports/" in n or n.startswith("seeds/") or "/seeds/" in n], "no reports or seeds"
    assert wheel.stat().st_size < 60_000_000

    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=False)  # torch and friends come from this machine
    python = env_dir / "bin" / "python"
    installed = _run(sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", str(wheel))
    assert installed.returncode == 0, installed.stderr[-2000:]

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _run(str(python), "-c", "import crosscheck.models.nli as m; print(m.__file__)", cwd=elsewhere)
    assert str(env_dir) in where.stdout, where.stdout + where.stderr  # the wheel, not this checkout
    report = _run(str(env_dir / "bin" / "crosscheck"), "check", *map(str, SEEDS), "--format", "json", cwd=elsewhere)
    assert report.returncode == 0, report.stderr[-2000:]
    assert json.loads(report.stdout)["schema_version"] == 4
