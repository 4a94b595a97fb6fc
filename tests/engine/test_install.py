"""`pip install .` puts the engine in a fresh virtual environment as flair_landcover, with a `flair`
command that maps the bundled sample like `python -m inference` (a Dask worker or a notebook with
no QGIS and no repository on PYTHONPATH). Needs pip to reach PyPI or its cache for onnxruntime."""
from __future__ import annotations

import os
import shutil
import subprocess

import numpy as np
import rasterio

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "data", "montpellier")
SOURCES = ("pyproject.toml", "setup.py", "README.md", "LICENSE", "requirements", "inference")


def _run(cmd, **kw):
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=280, **kw)
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout}\n{proc.stderr}"
    return proc


def test_pip_install_gives_a_flair_command_that_maps_the_sample(tmp_path):
    # a copy of what the package is built from: the build leaves nothing in the checkout
    src = tmp_path / "src"
    src.mkdir()
    for name in SOURCES:
        copy = shutil.copytree if os.path.isdir(os.path.join(ROOT, name)) else shutil.copy
        kw = {"ignore": shutil.ignore_patterns("__pycache__")} if copy is shutil.copytree else {}
        copy(os.path.join(ROOT, name), src / name, **kw)
    venv = tmp_path / "venv"
    # Debian's rasterio and GDAL (built against numpy 1.x) are seen through the system site-packages
    _run(["/usr/bin/python3", "-m", "venv", "--system-site-packages", str(venv)])
    _run([str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check",
          "-c", os.path.join(ROOT, "requirements", "constraints.txt"), str(src)])

    work = tmp_path / "work"  # neither the repository nor its folders are importable from here
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    py = str(venv / "bin" / "python")
    where = _run([py, "-c", "import flair_landcover, importlib.util as u; print(flair_landcover.__file__); "
                  "print(u.find_spec('inference'))"], cwd=work, env=env).stdout.split()
    assert where[0].startswith(str(venv)) and where[1] == "None"
    _run([py, "-c", "from flair_landcover.models.baseline import build_baseline_model as b; b('baseline.onnx')"],
         cwd=work, env=env)
    s = SAMPLE
    out = _run([str(venv / "bin" / "flair"), "segment", "-m", "baseline.onnx", "-o", "map.tif",
                f"R={s}/ortho_rgb_20cm.tif:1", f"G={s}/ortho_rgb_20cm.tif:2", f"B={s}/ortho_rgb_20cm.tif:3",
                f"NIR={s}/ortho_irc_20cm.tif:1", f"NDSM={s}/dhm_50cm.tif"], cwd=work, env=env)
    assert "map.tif" in out.stdout + out.stderr

    # the styled GeoTIFF the repository's command writes: FLAIR codes, colour table, class names, .qml
    with rasterio.open(work / "map.tif") as got, rasterio.open(f"{s}/ortho_rgb_20cm.tif") as ortho:
        assert got.crs.to_epsg() == 2154 and got.shape == ortho.shape
        codes = set(np.unique(got.read(1)).tolist())
        assert codes and codes <= set(range(1, 20)) | {0, 255}
        assert got.colormap(1)[1][:3] == (219, 14, 154)  # building, FLAIR's own magenta
    assert (work / "map.qml").exists()

    usage = _run([str(venv / "bin" / "flair"), "--help"], cwd=work, env=env).stdout
    assert usage.startswith("usage: flair ")
    extras = _run([py, "-c", "import importlib.metadata as m; print(*m.metadata('flair-landcover').get_all('Provides-Extra'))"],
                  cwd=work, env=env).stdout.split()
    assert sorted(extras) == ["convert", "dask"]  # pip install "flair-landcover[dask]" on a worker
    refused = subprocess.run([str(venv / "bin" / "flair"), "demo"], cwd=work, env=env, capture_output=True, text=True)
    assert refused.returncode != 0 and "data/montpellier" in refused.stderr and "Traceback" not in refused.stderr
