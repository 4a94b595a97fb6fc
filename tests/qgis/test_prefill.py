"""Which loaded layer and band fills each input role, before the user touches anything."""
from __future__ import annotations

from flair_qgis.qgis_glue.layers.prefill import LayerDesc, kind, prefill

ROLES = ("R", "G", "B", "NIR", "NDSM")


def test_montpellier_files():
    layers = [
        LayerDesc("rgb", "ortho_rgb_20cm", "/data/ortho_rgb_20cm.tif", 3),
        LayerDesc("irc", "ortho_irc_20cm", "/data/ortho_irc_20cm.tif", 3),
        LayerDesc("dhm", "dhm_50cm", "/data/dhm_50cm.tif", 1),
        LayerDesc("dsm", "dsm_50cm", "/data/dsm_50cm.tif", 1),
        LayerDesc("dtm", "dtm_50cm", "/data/dtm_50cm.tif", 1),
    ]
    assert prefill(ROLES, layers) == {"R": ("rgb", 1), "G": ("rgb", 2), "B": ("rgb", 3), "NIR": ("irc", 1),
                                      "NDSM": ("dhm", 1)}
    # without the height layer, DSM and DTM stand for NDSM
    assert prefill(ROLES, [d for d in layers if d.id != "dhm"])["DSM"] == ("dsm", 1)
    assert prefill(ROLES, [d for d in layers if d.id != "dhm"])["DTM"] == ("dtm", 1)


def test_bd_ortho_wms_layers_named_by_source():
    url = "crs=EPSG:2154&format=image/jpeg&layers={}&styles=&url=https://data.geopf.fr/wms-r"
    layers = [
        LayerDesc("o", "Orthophoto", url.format("HR.ORTHOIMAGERY.ORTHOPHOTOS"), 3, web_colour=True),
        LayerDesc("i", "Infrared", url.format("ORTHOIMAGERY.ORTHOPHOTOS.IRC"), 3, web_colour=True),
        LayerDesc("h", "LiDAR HD", url.format("IGNF_LIDAR-HD_MNH"), 1),
    ]
    assert [kind(d) for d in layers] == ["rgb", "irc", "height"]
    assert prefill(ROLES, layers) == {"R": ("o", 1), "G": ("o", 2), "B": ("o", 3), "NIR": ("i", 1), "NDSM": ("h", 1)}
    mns = LayerDesc("s", "surface", url.format("ELEVATION.ELEVATIONGRIDCOVERAGE.HIGHRES.MNS"), 1)
    mnt = LayerDesc("t", "terrain", url.format("ELEVATION.ELEVATIONGRIDCOVERAGE.HIGHRES"), 1)
    assert (kind(mns), kind(mnt)) == ("dsm", "dtm")


def test_an_rgbi_file_fills_nir_from_band_4_and_an_rgb_model_ignores_the_rest():
    rgbi = LayerDesc("a", "D034_2021_rgbi", "/x/D034_2021_rgbi.tif", 4)
    assert prefill(ROLES, [rgbi])["NIR"] == ("a", 4)
    assert prefill(("R", "G", "B"), [rgbi]) == {"R": ("a", 1), "G": ("a", 2), "B": ("a", 3)}


def test_words_inside_other_words_do_not_count():
    assert kind(LayerDesc("c", "circuit_map", "/x/circuit.tif", 3)) == "rgb"
    assert kind(LayerDesc("d", "demography", "/x/demography.tif", 1)) == "other"
    assert prefill(ROLES, [LayerDesc("d", "demography", "/x/demography.tif", 1)]) == {}


def test_sentinel1_rows_are_guessed_from_the_orbit_the_names_say():
    from flair_qgis.inference.models.modalities import DEFAULTS
    from flair_qgis.qgis_glue.layers.prefill import prefill_modalities

    mods = [DEFAULTS["SENTINEL1-ASC_TS"], DEFAULTS["SENTINEL1-DESC_TS"]]

    def guess(*names):
        layers = [LayerDesc(n, n, f"/data/{n}.tif", 60, res=10.0) for n in names]
        return {m: lid for m, (lid, _) in prefill_modalities(mods, layers).items()}

    # the repository's sample and the dock's own row names
    assert guess("s1d", "s1a") == {"SENTINEL1-ASC_TS": "s1a", "SENTINEL1-DESC_TS": "s1d"}
    assert guess("S1-A_2021", "s1d_2021") == {"SENTINEL1-ASC_TS": "S1-A_2021", "SENTINEL1-DESC_TS": "s1d_2021"}
    assert guess("montpellier_ascendant", "orbite_descendante") == {
        "SENTINEL1-ASC_TS": "montpellier_ascendant", "SENTINEL1-DESC_TS": "orbite_descendante"}
    # ESA's product names say the satellite (Sentinel-1A), not the orbit: never guessed
    assert guess("S1A_IW_GRDH_1SDV_20210101", "sentinel1_vv_vh") == {}
