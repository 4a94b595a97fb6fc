"""Checks made before a run reads a pixel (inference.segment.checks)."""
import numpy as np
import pytest
from rasters import write

from inference.core.errors import InputError
from inference.segment.checks import (
    check_numbers,
    check_output_path,
    metric_crs,
    output_crs,
    parse_source_arg,
)
from inference.segment.modalities.values import role_factor


def test_numbers():
    check_numbers(tile=512, margin=128, batch=4, resolution=0.2, threads=0, cores=8)
    for kw, says in [({"tile": 0}, "--tile 0"), ({"batch": -1}, "--batch -1"), ({"resolution": 0.0}, "--resolution 0"),
                     ({"margin": -3}, "--margin -3"), ({"threads": 9}, "at most 8"),
                     ({"tile": 64, "margin": 32}, "at most 31")]:
        with pytest.raises(InputError, match=says):
            check_numbers(cores=8, **kw)


def test_source_arguments(tmp_path):
    assert parse_source_arg("NIR=irc.tif:1") == ("NIR", "irc.tif", 1)
    assert parse_source_arg("ortho.tif") == (None, "ortho.tif", None)
    with pytest.raises(InputError, match="unknown role 'NRI'.*R, G, B, NIR"):
        parse_source_arg("NRI=irc.tif")
    with pytest.raises(InputError, match="band 0"):
        parse_source_arg("R=rgb.tif:0")
    odd = tmp_path / "a=b.tif"
    odd.write_bytes(b"")
    assert parse_source_arg(str(odd)) == (None, str(odd), None)


def test_output_path_against_inputs_and_model(tmp_path):
    src = write(tmp_path / "in.tif", np.zeros((1, 4, 4), np.uint8))
    check_output_path(str(tmp_path / "out.tif"), [src], str(tmp_path / "m.onnx"))
    with pytest.raises(InputError, match="the input raster"):
        check_output_path(src, [src], None)
    conf = write(tmp_path / "x_confidence.tif", np.zeros((1, 4, 4), np.uint8))
    with pytest.raises(InputError, match="x_confidence.tif.*writes x_confidence.tif"):
        check_output_path(str(tmp_path / "x.tif"), [conf], None)
    with pytest.raises(InputError, match="the model"):
        check_output_path(str(tmp_path / "m.onnx"), [src], str(tmp_path / "m.onnx"))


def test_metric_crs():
    assert metric_crs("EPSG:4326", (3.8, 43.6, 3.9, 43.7)) == ("EPSG:2154", "Lambert-93")
    assert metric_crs("EPSG:4326", (36.8, -1.3, 36.9, -1.2)) == ("EPSG:32737", "UTM zone 37S")
    assert metric_crs("EPSG:4326", (-74.0, 40.7, -73.9, 40.8)) == ("EPSG:32618", "UTM zone 18N")


def test_output_crs_is_decided_once_for_every_front_end():
    """The user's choice (never in degrees or Web Mercator), else the first input's in ground
    metres, else the fallback (QGIS: the project's), else Lambert-93 / UTM for the imagery."""
    montpellier = (3.8, 43.6, 3.9, 43.7)
    assert output_crs("EPSG:2154", "EPSG:4326", montpellier) == "EPSG:2154"
    for chosen, says in (("EPSG:4326", "in degrees"), ("EPSG:3857", "Web Mercator")):
        with pytest.raises(InputError, match=f"^the output CRS {chosen} is .*{says}"):
            output_crs(chosen, "EPSG:2154", (0, 0, 1, 1), option="the output CRS")
    assert output_crs(None, "EPSG:32631", montpellier, fallback="EPSG:2154") == "EPSG:32631"
    assert output_crs(None, "EPSG:4326", montpellier, fallback="EPSG:32631") == "EPSG:32631"
    assert output_crs(None, "", (0, 0, 1, 1), fallback="EPSG:2154") == "EPSG:2154"
    assert output_crs(None, "", (0, 0, 1, 1)) == ""
    notes: list[str] = []
    assert output_crs(None, "EPSG:4326", montpellier, fallback="EPSG:4326", name="deg.tif", notes=notes) == "EPSG:2154"
    assert notes and notes[0].startswith("deg.tif is in degrees")
    web = (420000.0, 5400000.0, 430000.0, 5410000.0)  # Montpellier in Web Mercator metres
    assert output_crs(None, "EPSG:3857", web, notes=notes) == "EPSG:2154" and "Web Mercator" in notes[-1]
    # the front ends say the notes again in their user's language (QGIS's Show more, Processing's log)
    from inference.core.messages import again

    assert again(notes[0], "fr").startswith("deg.tif est en degrés, pas en mètres : la sortie est en EPSG:2154")
    assert "est en Web Mercator, pas en mètres au sol" in again(notes[-1], "fr")
    # naming their own field where the command line says --crs
    assert notes[0].endswith("Choose another output CRS if need be (--crs).")
    assert again(notes[0], "fr", crs_option="le SCR du projet").endswith("si besoin (le SCR du projet).")


def test_values(tmp_path):
    u8 = write(tmp_path / "u8.tif", np.arange(256, dtype=np.uint8).reshape(1, 16, 16))
    assert role_factor("R", u8, 1, "R", "uint8") == 1.0
    u16 = write(tmp_path / "u16.tif", (np.arange(256, dtype=np.uint16) * 16).reshape(1, 16, 16))
    with pytest.raises(InputError, match="12-bit.*--rescale"):
        role_factor("R: u16.tif band 1", u16, 1, "R", "uint8")
    assert role_factor("R", u16, 1, "R", "uint8", rescale=True) == pytest.approx(255 / 4095)
    unit = write(tmp_path / "f.tif", np.linspace(0, 1, 256, dtype=np.float32).reshape(1, 16, 16))
    with pytest.raises(InputError, match="floats between 0 and 1"):
        role_factor("R", unit, 1, "R", "uint8")
    assert role_factor("R", unit, 1, "R", "uint8", rescale=True) == 255.0
    dsm = write(tmp_path / "dsm.tif", np.full((1, 16, 16), 300.0, np.float32))
    with pytest.raises(InputError, match="altitudes"):
        role_factor("NDSM", dsm, 1, "NDSM", "metres")
