"""Class names follow the language (FLAIR.md §1: IGN names them in French): rasters, .qml and
reports written in French when asked, the command line following LANG / LC_MESSAGES."""
from __future__ import annotations

import numpy as np
import rasterio
from rasterio.transform import from_origin

from inference.cli.main import env_lang, main
from inference.core.classes import category_names, code_names
from inference.labels.guess import guess_encoding
from inference.labels.style import classes_for, classes_for_encoding, pam_xml


def test_french_names_are_ign_s():
    fr = {code: name for code, name, _ in classes_for(lang="fr")}
    assert fr[1] == "bâtiment" and fr[10] == "surface herbacée" and fr[19] == "autre"
    assert {code: name for code, name, _ in classes_for()}[1] == "building"
    assert category_names("fr")[0] == "sans donnée" and "<Category>sans donnée</Category>" in pam_xml(
        classes_for(lang="fr"), "fr")
    assert code_names("flair", "fr")[13] == "piscine"
    assert classes_for_encoding("flair13", "fr")[12][1] == "autre (codes 13-19)"
    # a model's own class names are its own, in any language
    assert classes_for(("a", "b"), lang="fr")[0][1] == "a"


def test_the_command_line_follows_the_locale():
    assert env_lang({"LANG": "fr_FR.UTF-8"}) == "fr"
    assert env_lang({"LANG": "fr_FR.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}) == "en"
    assert env_lang({"LC_ALL": "fr_CA.UTF-8", "LANG": "en_US.UTF-8"}) == "fr"
    assert env_lang({}) == "en"


def test_style_lang_fr_writes_french_names_into_the_file_and_qml(tmp_path):
    path = str(tmp_path / "labels.tif")
    data = np.array([[1, 5], [10, 13]], np.uint8)
    with rasterio.open(path, "w", driver="GTiff", width=2, height=2, count=1, dtype="uint8",
                       crs="EPSG:2154", transform=from_origin(700000, 6600000, 0.2, 0.2)) as ds:
        ds.write(data, 1)
    assert main(["style", path, "--encoding", "flair19", "--lang", "fr"]) == 0
    qml = open(str(tmp_path / "labels.qml"), encoding="utf-8").read()
    assert 'label="bâtiment"' in qml and 'label="piscine"' in qml and "building" not in qml
    with rasterio.open(path) as ds:
        assert ds.tags(1)["CLASS_1"] == "bâtiment"
    # a raster named in French is still recognised as FLAIR codes
    assert guess_encoding(path).encoding == "flair19"


def test_the_converters_refusals_follow_the_locale_too(tmp_path, monkeypatch, capsys):
    """`convert` and `models` printed their errors as str(e): English whatever LANG said."""
    import zipfile

    junk = tmp_path / "weights.pth"
    with zipfile.ZipFile(junk, "w") as z:
        z.writestr("notes.txt", "no weights here")
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert main(["convert", str(junk), "-o", str(tmp_path / "m.onnx")]) == 2
    err = capsys.readouterr().err
    assert "weights.pth est un fichier zip mais pas un checkpoint PyTorch" in err, err
    assert not (tmp_path / "m.onnx").exists()
