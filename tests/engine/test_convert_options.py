"""--bands / --norm on multi-source conversions (the card facts IGN's sources leave open) and
cancelling a multi-source conversion: what the card records, what a run is then fed, the
refusals, and that a cancel leaves nothing behind."""
from __future__ import annotations

import json
import os

import numpy as np
import onnx
import pytest
import utt_models
from leftovers import dead_pid, staged
from multisource_data import ORIGIN
from multisource_models import TILE, encoder_args, ign_state, random_model, save_safetensors, shapes

from inference.cli.main import main
from inference.convert.multisource import run as ms_run
from inference.convert.multisource.export import Parity
from inference.convert.multisource.options import ConvertOptionError, parse_options
from inference.convert.multisource.run import MultiSourceConvertError, build_card, convert_multisource
from inference.convert.multisource.utt_convert import utt_card
from inference.core.cancel import Cancelled, CancelToken
from inference.models.card import CARD_KEY
from inference.segment.modalities.tile import image_input, read_tile

SPOT_NORM = "433.26,508.75,467.77:312.76,284.61,226.02"
USER_NORM = ((1137.03, 433.26, 508.75), (543.11, 312.76, 284.61))  # NIR, R, G by name


def lpis_card(bands=None, norms=None):
    spec = shapes()["LPIS-I"]  # SPOT + S2 + S1 x 2: no export needed to build its card
    return build_card(spec, "lpis", 32, options=parse_options(bands, norms))



def test_default_spot_is_ign_s_current_train_config_and_the_card_says_so():
    """IGN's configs/train/config_modalities.yaml feeds SPOT_RGBI [4,1,2] since bcc16fa (2025-11-06),
    its means by position; --bands SPOT=1,2,3 still gives the older order, and the card says which."""
    card = lpis_card()
    spot = card.modality("SPOT_RGBI")
    assert spot.bands == ("NIR", "R", "G") and spot.source_bands == (4, 1, 2)
    assert spot.mean == (433.26, 508.75, 467.77) and spot.set_at_conversion == ()
    assert "(verify)" in spot.note and "set at conversion" not in spot.note and "[4,1,2]" in spot.note
    assert "bands NIR, R, G (file bands [4, 1, 2])" in card.summary()
    older = lpis_card(["SPOT=1,2,3"]).modality("SPOT_RGBI")
    assert older.bands == ("R", "G", "B") and older.source_bands == (1, 2, 3) and "bands set at conversion" in older.note


def test_bands_and_norm_are_recorded_and_info_says_set_at_conversion(capsys):
    n = ",".join(map(str, USER_NORM[0])) + ":" + ",".join(map(str, USER_NORM[1]))
    card = lpis_card(["SPOT=4,1,2"], [f"SPOT={n}", "S2=scale:10000"])
    spot, s2 = card.modality("SPOT_RGBI"), card.modality("SENTINEL2_TS")
    assert spot.bands == ("NIR", "R", "G") and spot.source_bands == (4, 1, 2)
    assert (spot.mean, spot.std) == USER_NORM
    assert spot.set_at_conversion == ("bands", "normalisation")
    assert "verify" not in spot.note and "bands and normalisation set at conversion" in spot.note
    assert s2.mean == (0.0,) * 10 and s2.std == (10000.0,) * 10 and s2.set_at_conversion == ("normalisation",)
    assert "band order presumed" in s2.note  # what --norm does not settle still says verify
    text = card.summary()
    assert "bands NIR, R, G (file bands [4, 1, 2])" in text and "set at conversion" in text
    # the card carries it through the ONNX metadata round trip
    again = type(card).from_dict(json.loads(card.to_json()))
    assert again.modality("SPOT_RGBI").set_at_conversion == ("bands", "normalisation")


def test_bands_alone_keep_the_means_by_position_and_still_say_verify():
    spot = lpis_card(["SPOT=1,2,3"]).modality("SPOT_RGBI")
    assert spot.mean == (433.26, 508.75, 467.77)  # applied by position, as IGN's training code does
    assert spot.set_at_conversion == ("bands",)
    assert "bands set at conversion" in spot.note and "means/stds" in spot.note and "(verify)" in spot.note


@pytest.mark.parametrize("bands, norms, message", [
    (["SPOT=1,2,3,4"], [], r"--bands SPOT \(SPOT_RGBI\): the weights take 3 bands, --bands gives 4 \(R, G, B, NIR\)"),
    (["SPOT=1,2,3,4"], ["SPOT=1,2,3,4:1,1,1,1"], r"the weights take 3 bands, --bands gives 4"),
    (["SPOT=1,2,5"], [], r"its file holds 4 bands \(R, G, B, NIR\); there is no band 5"),
    (["S2=1,2"], [], r"--bands S2 \(SENTINEL2_TS\): a time series is read as stored"),
    ([], ["SPOT=1,2:3,4"], r"2 means/stds for the 3 bands fed"),
    ([], ["SPOT=none"], r"an image modality is always normalised; give scale:1"),
    ([], ["DEM=1,1:1,1"], r"DEM \(DEM_ELEV\), which this model does not read; it reads SPOT, S2, S1A, S1D"),
    (["AERIAL=1,2,3"], [], r"AERIAL \(AERIAL_RGBI\), which this model does not read"),
])
def test_what_cannot_apply_is_refused_naming_the_modality(bands, norms, message):
    with pytest.raises((ConvertOptionError, MultiSourceConvertError), match=message):
        lpis_card(bands, norms)


@pytest.mark.parametrize("bands, norms, message", [
    ([], ["SPOT=1,2,3:1,0,1"], r"every std must be positive"),
    ([], ["SPOT=1,2,3:1,1"], r"3 means but 2 stds"),
    ([], ["SPOT=1,a,3:1,1,1"], r"not a comma-separated list of numbers"),
    ([], ["S2=scale:0"], r"the scale must be one positive number"),
    ([], ["SPOT"], r"write MODALITY=VALUE"),
    ([], ["NIRVANA=none"], r"NIRVANA: unknown modality; use one of AERIAL, DEM, SPOT, S2, S1A, S1D"),
    (["SPOT=0,1,2"], [], r"bands are numbered from 1"),
    (["SPOT=1,2,3", "spot=1,2,3"], [], r"SPOT is given twice"),
])
def test_nonsense_values_are_refused(bands, norms, message):
    with pytest.raises(ConvertOptionError, match=message):
        parse_options(bands, norms)


def test_refusals_are_said_in_french_too(tmp_path):
    """A French user (QGIS's "Get FLAIR models…", the command line's --lang fr) reads the conversion's
    refusals in French, the command-line options as typed; a refusal's problems and the exporter's
    reason inside a refusal too."""
    from dataclasses import replace

    from inference.convert.multisource.export import ExportError
    from inference.convert.multisource.keys import infer_hub_spec
    from inference.core.errors import FlairError

    def french(call, *args, **kw):
        with pytest.raises(FlairError) as e:
            call(*args, **kw)
        return e.value.text("fr")

    assert french(parse_options, None, ["SPOT=1,2,3:1,1"]) == (
        "--norm SPOT=1,2,3:1,1 : 3 moyennes mais 2 écarts-types ; donnez-en un de chaque par bande")
    assert "les moyennes '1,a,3' : ce n’est pas une liste" in french(parse_options, None, ["SPOT=1,a,3:1,1,1"])
    assert french(infer_hub_spec, {"encoders.NIRVANA.w": np.zeros(1)}, name="m.ckpt").startswith(
        "m.ckpt : modalité inconnue NIRVANA ; connues : ")
    spec = shapes()["LPIS-I"]
    five = replace(spec, monos=(replace(spec.monos[0], in_channels=5),))
    assert french(build_card, five, "lpis", 32) == ("impossible de décrire ce modèle : SPOT_RGBI : les poids "
                                                    "prennent 5 bandes, la modalité de l’IGN en a 3 (NIR, R, G)")

    def failing(model, spec, path, torch):
        raise ExportError.say("the ONNX exporter failed: {kind}: {reason}", kind="RuntimeError", reason="simulated")

    assert french(ms_run.export_checked, None, spec, lpis_card(), str(tmp_path / "x.onnx"), None, failing, None,
                  (), None, print, "m.ckpt") == ("m.ckpt : l’export ONNX a échoué : RuntimeError : simulated. "
                                                 "Rien n’a été écrit.")


def test_a_run_is_fed_the_bands_and_normalisation_set(sample):
    """read_tile, the arrays ONNX Runtime gets: the default feeds NIR first (IGN's current config);
    with --bands SPOT=1,2,3 and its norm, R comes first, each normalised with the values set."""
    n = ",".join(map(str, USER_NORM[0])) + ":" + ",".join(map(str, USER_NORM[1]))
    x0, y0 = ORIGIN[0], ORIGIN[1]
    fed = {}
    for key, card in (("older", lpis_card(["SPOT=1,2,3"])), ("user", lpis_card(None, [f"SPOT={n}"]))):
        mod = card.modality("SPOT_RGBI")
        fed[key] = read_tile(card, {mod.name: image_input(mod, sample["spot"])}, "EPSG:2154", x0, y0)
    a, b = fed["older"].inputs["SPOT_RGBI"][0], fed["user"].inputs["SPOT_RGBI"][0]
    assert a.shape == b.shape == (3, TILE // 8, TILE // 8)
    raw_r = a[0] * 312.76 + 433.26
    np.testing.assert_allclose(b[1] * USER_NORM[1][1] + USER_NORM[0][1], raw_r, rtol=1e-4)
    raw_nir = b[0] * USER_NORM[1][0] + USER_NORM[0][0]
    assert np.abs(raw_nir - raw_r).mean() > 10  # NIR, not red, comes first now


def test_utt_s2_scaling_set_at_conversion():
    spec = utt_models.spec()
    default = utt_card(spec, "utt", 32).modality("SENTINEL2_TS")
    assert default.mean is None and "/65535 when trained without" in default.note and "(verify)" in default.note
    card = utt_card(spec, "utt", 32, options=parse_options(None, ["S2=scale:65535"]))
    s2 = card.modality("SENTINEL2_TS")
    assert s2.std == (65535.0,) * 10 and s2.set_at_conversion == ("normalisation",)
    assert "/65535 when trained without" not in s2.note and "normalisation set at conversion" in s2.note
    with pytest.raises(ConvertOptionError, match="SPOT .SPOT_RGBI., which this model does not read"):
        utt_card(spec, "utt", 32, options=parse_options(["SPOT=1,2,3"]))


def _lcg_checkpoint(folder) -> str:
    spec = shapes()["LC-G"]
    ckpt = os.path.join(folder, "FLAIR-HUB_LC-G_utae.safetensors")
    save_safetensors(ign_state(random_model(spec), spec), ckpt)
    return ckpt


def test_cli_convert_with_norm_writes_it_into_the_card(tmp_path, capsys):
    ckpt, out = _lcg_checkpoint(tmp_path), tmp_path / "lcg.onnx"
    assert main(["convert", ckpt, "-o", str(out), "--no-check", "--norm", "S2=scale:10000"]) == 0
    card = json.loads({p.key: p.value for p in onnx.load(str(out)).metadata_props}[CARD_KEY])
    (s2,) = card["modalities"]
    assert s2["std"] == [10000.0] * 10 and s2["set_at_conversion"] == ["normalisation"]
    capsys.readouterr()
    assert main(["info", str(out)]) == 0
    assert "normalisation set at conversion" in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["--bands", "S2=1,2"], "a time series is read as stored"),
    (["--norm", "SPOT=" + SPOT_NORM], "SPOT (SPOT_RGBI), which this model does not read; it reads S2"),
    (["--norm", "S2=1:0"], "every std must be positive"),
])
def test_cli_refuses_before_any_export_and_writes_nothing(tmp_path, capsys, args, message):
    ckpt, out = _lcg_checkpoint(tmp_path), tmp_path / "lcg.onnx"
    assert main(["convert", ckpt, "-o", str(out), *args]) == 2
    assert message in capsys.readouterr().err
    assert sorted(os.listdir(tmp_path)) == [os.path.basename(ckpt)]


def test_cli_refuses_options_on_a_single_source_checkpoint(tmp_path, capsys):
    from safetensors.numpy import save_file

    ckpt = tmp_path / "single.safetensors"  # a single-source key layout: one aerial encoder
    save_file({"model.encoder.conv1.weight": np.zeros((8, 3, 3, 3), np.float32)}, str(ckpt))
    assert main(["convert", str(ckpt), "-o", str(tmp_path / "x.onnx"), "--bands", "AERIAL=1,2,3"]) == 2
    assert "--bands/--norm apply to multi-source conversions" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["single.safetensors"]


# --- cancel ------------------------------------------------------------------------------------

def _tiny_onnx(path: str, *_args, **_kw) -> None:
    """Stands in for the minutes of dynamo export: a valid ONNX file where the export writes."""
    from onnx import TensorProto, helper

    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])
    graph = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "g", [x],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])])
    onnx.save(helper.make_model(graph), path)


def _cancel_at(n: int) -> tuple[CancelToken, list]:
    """A token whose n-th check (1-based) finds the cancel; ``calls`` counts them."""
    calls: list = []

    def poll() -> bool:
        calls.append(1)
        return len(calls) >= n
    return CancelToken(poll=poll), calls


@pytest.mark.parametrize("at, parities", [(1, 0), (2, 0), (3, 0), (4, 1), (6, 3)])
def test_cancel_between_steps_leaves_nothing(tmp_path, monkeypatch, at, parities):
    """Checks: 1 before export, 2 after it, then one before each parity T (3..6), 7 before the
    move into place. Cancelled at any of them, the folder holds only the checkpoint."""
    ckpt = _lcg_checkpoint(tmp_path)
    done = []
    monkeypatch.setattr(ms_run, "export_hub", lambda model, spec, path, torch: _tiny_onnx(path))
    monkeypatch.setattr(ms_run, "parity", lambda model, spec, path, torch, ts: done.extend(ts)
                        or [Parity("AERIAL_LABEL-COSIA", ts[0], 0.0, 1.0, 1)])
    token, calls = _cancel_at(at)
    with pytest.raises(Cancelled, match="nothing was written"):
        convert_multisource(ckpt, str(tmp_path / "lcg.onnx"), TILE, 32, say=lambda _: None, cancel=token,
                            **encoder_args(shapes()["LC-G"]))
    assert len(calls) == at and len(done) == parities
    assert sorted(os.listdir(tmp_path)) == [os.path.basename(ckpt)]


def test_uncancelled_conversion_with_the_stand_ins_writes_the_model(tmp_path, monkeypatch):
    """The counterpart of the cancel test: same stand-ins, no cancel, the model is in place."""
    ckpt = _lcg_checkpoint(tmp_path)
    monkeypatch.setattr(ms_run, "export_hub", lambda model, spec, path, torch: _tiny_onnx(path))
    monkeypatch.setattr(ms_run, "parity", lambda model, spec, path, torch, ts: [Parity("x", ts[0], 0.0, 1.0, 1)])
    token, calls = _cancel_at(99)
    convert_multisource(ckpt, str(tmp_path / "lcg.onnx"), TILE, 32, say=lambda _: None, cancel=token)
    assert len(calls) == 7 and (tmp_path / "lcg.onnx").is_file()


def test_catalogue_install_passes_the_cancel_on(tmp_path, monkeypatch):
    from inference.convert.install import install_multisource
    from inference.models.catalogue import load_catalogue

    ckpt = _lcg_checkpoint(tmp_path)
    monkeypatch.setattr(ms_run, "export_hub", lambda model, spec, path, torch: _tiny_onnx(path))
    entry = load_catalogue(None).get("hub-lc-g")
    token, _ = _cancel_at(2)  # after the export
    cache = tmp_path / "cache"
    with pytest.raises(Cancelled):
        install_multisource(entry, ckpt, str(cache / "hub-lc-g.onnx"), TILE, 32, say=lambda _: None, cancel=token)
    assert list(cache.iterdir()) == []


@pytest.mark.parametrize("model, args, message", [
    ("flair-inc-rgbie-15cl-resnet34-unet", ["--norm", "AERIAL=1,1,1:2,2,2"],
     "flair-inc-rgbie-15cl-resnet34-unet is not a multi-source checkpoint"),
    ("hub-lc-g", ["--bands", "NIRVANA=1"], "NIRVANA: unknown modality"),
])
def test_models_convert_refuses_before_downloading(tmp_path, capsys, model, args, message):
    assert main(["models", "convert", model, "--cache", str(tmp_path), *args]) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # nothing downloaded (there is no network here either)


def test_cli_convert_into_a_read_only_folder_is_refused_by_name(tmp_path, capsys):
    from test_faults import read_only_folder

    ckpt = _lcg_checkpoint(tmp_path)
    ro = tmp_path / "ro"
    ro.mkdir()
    with read_only_folder(ro):
        assert main(["convert", ckpt, "-o", str(ro / "lcg.onnx"), "--no-check"]) == 2
        err = capsys.readouterr().err
        assert f"cannot write in {ro}" in err and "unexpected" not in err
        assert os.listdir(ro) == []


def test_a_killed_conversions_file_is_removed_by_the_next_and_a_running_ones_kept(tmp_path, monkeypatch):
    """The model is staged under a hidden name with the process id in it (as segment's outputs): the
    file of a conversion killed midway is removed by the next conversion to that output, the one of a
    conversion still going (two conversions to one cache) is left alone."""

    ckpt = _lcg_checkpoint(tmp_path)
    monkeypatch.setattr(ms_run, "export_hub", lambda model, spec, path, torch: _tiny_onnx(path))
    monkeypatch.setattr(ms_run, "parity", lambda model, spec, path, torch, ts: [Parity("x", ts[0], 0.0, 1.0, 1)])
    stale, going = staged(tmp_path / "lcg.onnx", dead_pid()), staged(tmp_path / "lcg.onnx", 1)
    stale.write_bytes(b"half a model")
    going.write_bytes(b"another conversion, still going")
    convert_multisource(ckpt, str(tmp_path / "lcg.onnx"), TILE, 32, say=lambda _: None)
    assert sorted(os.listdir(tmp_path)) == sorted([going.name, "lcg.onnx", os.path.basename(ckpt)])
    assert going.read_bytes() == b"another conversion, still going"
