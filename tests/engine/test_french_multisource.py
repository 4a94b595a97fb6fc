"""Multi-source inputs (a series' dates, the aerial acquisition's values, a modality's bands) and run
safety (the staged files read back, opening the inputs, styling) are said with ``say()``: the command
line prints the same English as before, word for word, and ``lang="fr"`` says them in French, the
command line's syntax (``S2.dates=FILE``, ``META.date=...``) being a ``{NAME_option}`` value."""
from __future__ import annotations

import os

import numpy as np
import pytest
from rasterio.transform import from_origin

from inference.core.errors import FlairError
from inference.models.modalities import default_modality

rasterio = pytest.importorskip("rasterio")


def _refused(call, *args, **kw) -> FlairError:
    with pytest.raises(FlairError) as e:
        call(*args, **kw)
    return e.value


def _stack(path: str, count: int, descriptions: bool = False) -> str:
    with rasterio.open(path, "w", driver="GTiff", width=8, height=8, count=count, dtype="uint16", crs="EPSG:2154",
                       transform=from_origin(770000, 6280000, 10.24, 10.24)) as ds:
        ds.write(np.ones((count, 8, 8), np.uint16))
        if descriptions:
            for b in range(count):
                ds.set_band_description(b + 1, f"202101{b // 10 + 1:02d} B{b % 10}")
    return path


def test_a_series_refusal_is_the_same_english_on_the_command_line_and_french_with_lang_fr(tmp_path):
    from inference.segment.modalities.tile import series_input
    from inference.segment.modalities.timeseries import read_dates_file

    s2 = default_modality("SENTINEL2_TS", 512)
    undated = _stack(str(tmp_path / "s2.tif"), 20)
    e = _refused(series_input, s2, undated)
    assert str(e) == (f"S2 (SENTINEL2_TS): the dates of {undated} are unknown: give a dates file (S2.dates=FILE, "
                      "one YYYYMMDD per line), or put them in the band descriptions")
    assert e.text("fr") == (f"S2 (SENTINEL2_TS) : les dates de {undated} sont inconnues : donnez un fichier de dates "
                            "(S2.dates=FILE, une date AAAAMMJJ par ligne) ou écrivez-les dans les descriptions des "
                            "bandes")
    dates = tmp_path / "dates.txt"
    dates.write_text("20210101\n2021-01-01\n", encoding="utf-8")
    e = _refused(read_dates_file, str(dates), "SENTINEL2_TS")
    assert str(e) == (f"SENTINEL2_TS: 2021-01-01 is in {dates} twice (lines 1 and 2); each date of imagery needs its "
                      "own date")
    assert e.text("fr") == (f"SENTINEL2_TS : 2021-01-01 figure deux fois dans {dates} (lignes 1 et 2) ; chaque image "
                            "doit avoir sa propre date")
    # dates that contradict the band descriptions: where each comes from, in French too
    dated = _stack(str(tmp_path / "dated.tif"), 20, descriptions=True)
    dates.write_text("20210101\n20210203\n", encoding="utf-8")
    e = _refused(series_input, s2, dated, str(dates))
    assert str(e) == ("S2 (SENTINEL2_TS): dates.txt says 2021-02-03 but band 11's description says 2021-01-02; fix "
                      "whichever is wrong so each image gets its own date")
    assert e.text("fr") == ("S2 (SENTINEL2_TS) : dates.txt indique 2021-02-03 mais la description de la bande 11 "
                            "indique 2021-01-02 ; corrigez celui qui se trompe pour que chaque image ait sa propre date")
    e = _refused(series_input, s2, _stack(str(tmp_path / "odd.tif"), 15, descriptions=True))
    assert str(e).endswith("odd.tif has 15 bands, not a multiple of the model's 10 bands per date (dates must be "
                           "stacked date-major, 10 bands each)")
    assert "--" not in e.text("fr") and "pas un multiple des 10 bandes par date" in e.text("fr")


def test_an_aerial_value_is_the_same_english_on_the_command_line_and_french_with_lang_fr():
    from inference.segment.modalities.metadata import parse_metadata, value_problem

    needs = ("date", "time", "camera", "altitude")
    given = {"date": "2021-06-15", "time": "10:30", "camera": "UCE-M3", "altitude": "120"}
    e = _refused(parse_metadata, dict(given, altitude="-500"), needs)
    assert str(e) == ("META.altitude='-500': no ground lies at -500 m (the Dead Sea shore is at -430 m, Everest 8849 "
                      "m); give the ground altitude of the area in metres, e.g. 120")
    assert e.text("fr") == ("META.altitude='-500' : aucun sol ne se trouve à -500 m (la rive de la mer Morte est à "
                            "-430 m, l’Everest à 8849 m) ; donnez l’altitude du sol de la zone en mètres, par ex. 120")
    # a front end names its field, with the value as typed
    e = _refused(parse_metadata, dict(given, date="2024-06-15"), needs)
    assert str(e).startswith("META.date='2024-06-15': the model encodes the year as one of 2018..2021")
    assert e.text("fr", metadate_option="Date") == (
        "Date = 2024-06-15 : le modèle code l’année parmi 2018..2021 (les années d’entraînement de l’IGN) ; donnez "
        "la date avec la plus proche de ces années")
    e = _refused(parse_metadata, {"date": "2021-06-15"}, needs)
    assert str(e) == ("the model was trained with aerial metadata and needs META.time= (time it was taken, HH:MM (IGN "
                      "writes 9h08)); META.camera= (camera name, e.g. UCE-M3-f100-s06 (only whether it contains UCE "
                      "matters)); META.altitude= (ground altitude of the area in metres (IGN's patch_centroid_z))")
    assert e.text("fr").startswith("le modèle a été entraîné avec des métadonnées de prise de vue aérienne et demande "
                                   "META.time= (heure de la prise de vue, HH:MM (l’IGN écrit 9h08)) ; META.camera= ")
    assert value_problem("time", "25:00") == "write the time the image was taken as HH:MM, e.g. 10:30"
    assert value_problem("date", "2021-06-15") == ""


def test_the_run_safety_messages_are_the_same_english_and_french_with_lang_fr(tmp_path, monkeypatch):
    from inference.labels.style import check_label_band
    from inference.segment import commit
    from inference.segment.sources import FileSource

    path = str(tmp_path / "map.tif")
    with rasterio.open(path, "w", driver="GTiff", width=8, height=8, count=1, dtype="uint8", crs="EPSG:2154",
                       transform=from_origin(770000, 6280000, 1, 1)) as ds:
        ds.write(np.ones((1, 8, 8), np.uint8))
    e = _refused(commit.verify_raster, path, (8, 8), {2: 64}, label="out.tif")
    assert str(e) == "out.tif read back differs from what was written; is the disk failing? The previous files were kept."
    assert e.text("fr") == ("out.tif relu diffère de ce qui a été écrit ; le disque est-il défaillant ? Les fichiers "
                            "précédents ont été gardés.")
    e = _refused(commit.verify_raster, path, (4, 8))
    assert str(e) == f"{path} came back 8 x 8 px instead of 8 x 4"
    assert e.text("fr") == f"{path} relu fait 8 x 8 px au lieu de 8 x 4"
    staged = commit.OutputSet([str(tmp_path / "o.tif")])

    def full(*args, **kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("builtins.open", full)
    e = _refused(staged.write_text, str(tmp_path / "o.json"), "{}")
    monkeypatch.undo()
    assert str(e) == (f"could not write {tmp_path / 'o.json'}: No space left on device. Nothing was replaced; free "
                      "some space or choose another folder.")
    assert e.text("fr") == (f"impossible d’écrire {tmp_path / 'o.json'} : No space left on device. Rien n’a été "
                            "remplacé ; libérez de la place ou choisissez un autre dossier.")
    empty = tmp_path / "empty.tif"
    empty.write_bytes(b"")
    e = _refused(FileSource, str(empty))
    assert str(e) == f"{empty} is empty (0 bytes); was it copied completely? Export it again."
    assert e.text("fr") == f"{empty} est vide (0 octet) ; a-t-il été copié entièrement ? Exportez-le à nouveau."
    with rasterio.open(path) as ds:
        e = _refused(check_label_band, path, ds, 2)
    assert str(e) == f"{path} has 1 band(s), there is no band 2"
    assert e.text("fr") == f"{path} a 1 bande(s), il n’y a pas de bande 2"
    assert os.path.isfile(path)


def test_an_elevation_in_other_units_is_the_same_english_and_french_with_lang_fr(tmp_path):
    from inference.core.messages import again
    from inference.segment.modalities.values import ValueSample, elevation_problem

    path = str(tmp_path / "dem.tif")
    with rasterio.open(path, "w", driver="GTiff", width=8, height=8, count=1, dtype="float32", crs="EPSG:2154",
                       transform=from_origin(770000, 6280000, 1, 1)) as ds:
        ds.write(np.ones((1, 8, 8), np.float32))
    fill = ValueSample("float32", -9999.0, 10.0, 10.0, -9999.0, 64)
    said = elevation_problem("DEM (DEM_ELEV): dem.tif band 1", path, 1, fill)
    assert said == ("DEM (DEM_ELEV): dem.tif band 1 holds -9999, which is no altitude: a fill value for missing data, "
                    "and the file sets no nodata value, so it would be read as a pit 9999 m deep. Declare it as nodata "
                    "(gdal_edit.py -a_nodata -9999 dem.tif) and run again.")
    assert again(said, "fr") == (
        "DEM (DEM_ELEV): dem.tif band 1 contient -9999, qui n’est pas une altitude : une valeur de remplissage des "
        "données manquantes, et le fichier ne déclare aucune valeur sans donnée, elle serait donc lue comme un trou "
        "de 9999 m de profondeur. Déclarez-la comme sans donnée (gdal_edit.py -a_nodata -9999 dem.tif) et relancez.")
