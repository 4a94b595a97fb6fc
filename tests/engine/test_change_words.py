"""Land take's refusals and warnings in the user's language (core/messages.py): the command line's
English word for word as before, French with ``lang="fr"`` / ``--lang fr``, the vintages and settings named
as the front end names them ({before_option}, {after_option}, {mmu_option}, {zone_field_option}), and the
report's warnings in the report's language."""
from __future__ import annotations

import os
from types import SimpleNamespace

import numpy as np
import pytest

from inference.change import run as change_run
from inference.change.params import ChangeParams
from inference.change.rule import read_rule
from inference.change.run import change
from inference.cli.main import main
from inference.core.errors import FlairError
from inference.core.messages import again
from tests.rasters import X0, Y0, write

HERB, BUILDING = 10, 1


def _pair(tmp_path, before_crs="EPSG:2154", after_x0=X0):
    os.makedirs(tmp_path / "out", exist_ok=True)
    b = np.full((80, 80), HERB, np.uint8)
    a = b.copy()
    a[10:20, 10:20] = BUILDING
    return (write(tmp_path / "before.tif", b, res=1.0, nodata=0, crs=before_crs),
            write(tmp_path / "after.tif", a, res=1.0, nodata=0, x0=after_x0))


def _refused(tmp_path, before, after, **kw) -> FlairError:
    kw.setdefault("window", 64)
    with pytest.raises(FlairError) as e:
        change(ChangeParams(before=before, after=after, output=str(tmp_path / "out" / "C.gpkg"), **kw))
    return e.value


def _zones(path, with_crs=True):
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = ds.CreateLayer("zones", srs if with_crs else None, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("INSEE", ogr.OFTString))
    for name, (x0, x1) in (("34001", (X0, X0 + 40)), ("34002", (X0 + 40, X0 + 80)), ("99999", (X0 + 900, X0 + 950))):
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetGeometry(ogr.CreateGeometryFromWkt(f"POLYGON(({x0} {Y0 - 80},{x1} {Y0 - 80},{x1} {Y0},{x0} {Y0},"
                                                f"{x0} {Y0 - 80}))"))
        f.SetField("INSEE", name)
        layer.CreateFeature(f)
    ds = None
    return str(path)


def test_the_command_line_says_land_takes_refusals_as_before(tmp_path):
    """The English the CLI printed when these were f-strings, word for word."""
    before, after = _pair(tmp_path, before_crs=None)
    assert str(_refused(tmp_path, before, after)) == (
        f"BEFORE {before} has no CRS: the two vintages cannot be placed on the map; assign it one")
    before, after = _pair(tmp_path, after_x0=X0 + 5000)
    assert str(_refused(tmp_path, before, after)) == (
        "BEFORE before.tif and AFTER after.tif do not overlap: give two maps of the same area")
    before, after = _pair(tmp_path)
    assert str(_refused(tmp_path, before, after, mmu_m2=-5.0)) == "--mmu -5.0: a minimum mapping unit is 0 or more m²"
    assert str(_refused(tmp_path, before, after, window=32)) == "window 32: at least 64 pixels"
    zones = _zones(tmp_path / "z.gpkg")
    assert str(_refused(tmp_path, before, after, zones=zones)) == (
        "zones need a field that names each zone (--zone-field)")
    assert str(_refused(tmp_path, before, after, zones=zones, zone_field="NOM")) == (
        f"the zones {zones} have no field 'NOM'; their fields: INSEE. Name the field that identifies each zone (e.g. "
        "the commune's INSEE code).")
    table = tmp_path / "artif.csv"
    table.write_text("code,artificialised,threshold_m2\n1,1,50\n3,x,5\n", encoding="utf-8")
    with pytest.raises(FlairError) as e:
        read_rule(str(table))
    assert str(e.value) == f"{table}, line 3: artificialised must be 1 or 0, not 'x'"
    fake = SimpleNamespace(encodings=("flair19", "flair19"), unknown=[{25, 30}, set()])
    [warning] = change_run._unknown_warnings(SimpleNamespace(before="/d/b.tif", after="/d/a.tif"), fake)
    assert warning == ("BEFORE b.tif holds values [25, 30] that are not classes of flair19: they were left out as "
                       "nodata (check the encoding)")


def test_land_takes_refusals_in_french_name_the_front_ends_fields(tmp_path):
    before, after = _pair(tmp_path, before_crs=None)
    e = _refused(tmp_path, before, after)
    assert e.text("fr") == (f"{before} (BEFORE) n’a pas de SCR : les deux millésimes ne peuvent pas être placés sur la "
                            "carte ; attribuez-lui un SCR")
    assert e.text("fr", before_option="Avant", after_option="Après") == (
        f"{before} (Avant) n’a pas de SCR : les deux millésimes ne peuvent pas être placés sur la carte ; "
        "attribuez-lui un SCR")
    before, after = _pair(tmp_path)
    e = _refused(tmp_path, before, after, mmu_m2=-5.0)
    assert e.text("fr", mmu_option="Plus petit polygone") == (
        "Plus petit polygone = -5,0 : une unité minimale de collecte vaut 0 m² ou plus")
    zones = _zones(tmp_path / "z.gpkg")
    assert _refused(tmp_path, before, after, zones=zones).text("fr", zone_field_option="Champ qui nomme chaque zone") \
        == "les zones demandent un champ qui nomme chaque zone (Champ qui nomme chaque zone)"
    fr = _refused(tmp_path, before, after, zones=zones, zone_field="NOM").text("fr")
    assert fr == (f"les zones {zones} n’ont pas de champ 'NOM' ; leurs champs : INSEE. Donnez le champ qui identifie "
                  "chaque zone (p. ex. le code INSEE de la commune).")
    table = tmp_path / "artif.csv"
    table.write_text("code,artificialised,threshold_m2\n1,1,50\n1,0,0\n", encoding="utf-8")
    with pytest.raises(FlairError) as e:
        read_rule(str(table))
    assert e.value.text("fr") == f"{table}, ligne 3 : le code 1 figure deux fois"


def test_the_command_line_says_them_in_its_language(tmp_path, capsys):
    before, after = _pair(tmp_path, before_crs=None)
    out = str(tmp_path / "out" / "C.gpkg")
    assert main(["change", before, after, "-o", out, "--lang", "en"]) == 2
    assert f"error: BEFORE {before} has no CRS: the two" in capsys.readouterr().err
    assert main(["change", before, after, "-o", out, "--lang", "fr"]) == 2
    err = capsys.readouterr().err
    assert f"{before} (BEFORE) n’a pas de SCR : les deux millésimes" in err and "has no CRS" not in err


def test_a_french_reports_warnings_are_french(tmp_path, monkeypatch):
    """The report's headings were French and its warnings English."""
    before, after = _pair(tmp_path)
    zones = _zones(tmp_path / "z.gpkg", with_crs=False)
    unknown = change_run._unknown_warnings(SimpleNamespace(before=before, after=after), SimpleNamespace(
        encodings=("flair19", "flair19"), unknown=[set(), {25}]))
    monkeypatch.setattr(change_run, "_unknown_warnings", lambda p, v: unknown)
    params = dict(before=before, after=after, zones=zones, zone_field="INSEE", window=64)
    r = change(ChangeParams(output=str(tmp_path / "out" / "fr.gpkg"), lang="fr", **params))
    assert [str(w) for w in r.warnings] == [  # the engine's English, for the log; the front end says them again
        f"the zones {zones} have no CRS: taken to be the rasters' CRS",
        "1 zone(s) lie outside the area both vintages cover (0 ha): 99999",
        "AFTER after.tif holds values [25] that are not classes of flair19: they were left out as nodata (check the "
        "encoding)"]
    with open(r.files["report"], encoding="utf-8") as f:
        html = f.read()
    assert "<h2>Avertissements</h2>" in html
    assert f"les zones {zones} n’ont pas de SCR : leurs coordonnées sont lues dans le SCR des rasters" in html
    assert "1 zone(s) hors de la surface que couvrent les deux millésimes (0 ha) : 99999" in html
    # the vintages as the report names them (its grid line: AVANT / APRÈS)
    assert ("after.tif (APRÈS) contient les valeurs [25], qui ne sont pas des classes de flair19 : elles ont été "
            "écartées comme sans donnée (vérifiez le codage)") in html
    assert "no CRS" not in html and "holds values" not in html and "AFTER" not in html
    assert again(r.warnings[2], "fr", after_option="Après").startswith("after.tif (Après) contient")
    r = change(ChangeParams(output=str(tmp_path / "out" / "en.gpkg"), lang="en", **params))
    with open(r.files["report"], encoding="utf-8") as f:
        html = f.read()
    assert "<h2>Warnings</h2>" in html and "have no CRS: taken to be the rasters" in html
    assert "AFTER after.tif holds values [25]" in html
