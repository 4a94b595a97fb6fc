"""make package: the zip plugins.qgis.org takes (scripts/package.py), and make security's scanners
(scripts/security_scan.py) finding what would block an upload."""
import os
import subprocess
import sys
import zipfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import package  # noqa: E402

TOOLS_PYTHON = os.path.join(ROOT, ".toolsvenv", "bin", "python")
BUILT = os.path.isfile(os.path.join(ROOT, "resources.py"))


@pytest.mark.skipif(not BUILT, reason="resources.py is built by make setup / make package")
def test_the_zip_holds_the_plugin_and_its_built_files_not_the_workshop(tmp_path):
    out = tmp_path / "flair_qgis.zip"
    run = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "package.py"), str(out)], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    names = zipfile.ZipFile(out).namelist()
    assert {n.split("/")[0] for n in names} == {"flair_qgis"}
    for needed in ("metadata.txt", "__init__.py", "LICENSE", "resources.py", "i18n/flair_fr.qm",
                   "inference/models/catalogue.json", "icons/flair.svg"):
        assert f"flair_qgis/{needed}" in names
    tops = {n.split("/")[1] for n in names}
    assert not tops & {"tests", "bench", "scripts", "data", "requirements", "Makefile", "setup.py", ".ci"}


def test_what_the_repository_validator_refuses():
    good = {"metadata.txt": open(os.path.join(ROOT, "metadata.txt"), "rb").read(), "LICENSE": b"GPL",
            "__init__.py": b"def classFactory(iface):\n    pass\n"}
    assert package.problems(good, 1000) == []
    bad = {**good, "ui/__pycache__/x.cpython-311.pyc": b"", ".env": b"", "metadata.txt": b"[general]\nname=x\n"}
    del bad["LICENSE"]
    found = "\n".join(package.problems(bad, 30 * 1024 * 1024))
    for reason in ("no email", "no LICENSE", "compiled Python", ".env: a hidden file", "over the repository's 25 MB"):
        assert reason in found


@pytest.mark.skipif(not os.path.exists(TOOLS_PYTHON), reason="no .toolsvenv: `make security` creates it")
def test_the_scanners_catch_a_planted_secret_and_an_unchecked_urlopen(tmp_path):
    plugin = {"flair_qgis/metadata.txt": "[general]\nname=x\n", "flair_qgis/inference/models/catalogue.json": "{}",
              "flair_qgis/ui/planted.py": 'import urllib.request\n\n\ndef fetch(u):\n    return urllib.request.urlopen(u)\n\n\n'
                                          'TOKEN = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"\n'}
    zpath = tmp_path / "planted.zip"
    with zipfile.ZipFile(zpath, "w") as z:
        for name, text in plugin.items():
            z.writestr(name, text)
    run = subprocess.run([TOOLS_PYTHON, os.path.join(ROOT, "scripts", "security_scan.py"), str(zpath)],
                         capture_output=True, text=True)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "ui/planted.py:5: B310 MEDIUM" in run.stdout
    assert "ui/planted.py:8: GitHub Token" in run.stdout
