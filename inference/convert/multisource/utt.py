"""FLAIR#2 U-T&T ("U-Net + U-TAE, Texture and Time") checkpoints: what their keys say.

IGN released no U-T&T weights; users bring their own, trained with IGNF/FLAIR-2 (MULTISOURCE.md §3).
Its Lightning module wraps ``TimeTexture_flair`` as ``model``, so the keys are:

    model.arch_vhr.{encoder,decoder,segmentation_head}.*   smp U-Net (ResNet-34) on 5-band aerial
    model.arch_hr.*                                        U-TAE on the Sentinel-2 crop (k4 s2 p1)
    model.fm_utae_featmap_cropped.conv_list.{i}.*          1x1 convs, one per U-Net encoder feature
    model.fm_utae_featmap_collapsed.mlps.{i}.{0,3,6}.*     3-layer MLPs, one per U-Net encoder feature
    model.mtd_mlp.enc_mlp.{0,3,6}.*                        aerial metadata MLP (only when trained with it)
    model.reshape_utae_output.1.*                          auxiliary U-TAE head: training-only, dropped

The shapes give the U-TAE widths, the decoder widths, the classes and the metadata size; what they
cannot give comes from F2's ``flair-2-config.yml`` (40 px Sentinel crop, reference 2021-05-15).
Torch-free: the torch modules are in utt_torch.py.
"""
from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, replace

from ...core.messages import say
from ..checkpoint import CheckpointError, infer_encoder
from .fused import SeriesSpec
from .keys import _series_spec, is_utt, load_checked
from .keys import strip as strip_prefix

_PREFIX = re.compile(r"^(?:model\.)?(arch_vhr|arch_hr|fm_utae_featmap_cropped|fm_utae_featmap_collapsed|mtd_mlp|"
                     r"reshape_utae_output)\.(.*)$")
TRAINING_ONLY = ("reshape_utae_output",)
# the encoder's first convolution (its in-channels are the aerial bands): smp ResNet, then timm stems
_STEMS = ("encoder.conv1.weight", "encoder.model.conv1.weight", "encoder.model.conv1.0.weight",
          "encoder.model.conv_stem.weight", "encoder.model.stem_0.weight", "encoder.model.stem.conv.weight",
          "encoder.model.patch_embed.proj.weight", "encoder.patch_embed1.proj.weight")
SERIES = "SENTINEL2_TS"
SAT_PX = 40  # F2 config sat_patch_size: the Sentinel-2 crop around the patch centroid
CROP_PX = 10  # CenterCrop((10, 10)) in TimeTexture_flair.forward: the aerial patch's footprint
S2_RES_M = 10.0  # FLAIR#2 super-areas are at Sentinel-2's native 10 m
REF_YEAR, REF_DATE = 2021, "05-15"  # F2 config ref_year / ref_date
METADATA_VALUES = 45  # F2 load_data.adding_encoded_metadata with geo_enc_size 32


@dataclass(frozen=True)
class UttSpec:
    encoder: str  # smp encoder of the U-Net (resnet34 in F2)
    aerial_channels: int
    decoder_channels: tuple[int, ...]
    classes: int
    series: SeriesSpec  # the U-TAE; patch_px = the Sentinel crop
    metadata: int = 0  # values fed to mtd_mlp (45 in F2), 0 = trained without metadata
    metadata_rows: int = 0  # mtd_mlp output = rows of the deepest U-Net feature it is added to
    tile: int = 512
    crop_px: int = CROP_PX
    encoder_kwargs: tuple = ()

    @property
    def input_names(self) -> tuple[str, ...]:
        names = ("AERIAL_RGBI", SERIES, "SENTINEL2_DATES")
        return names + (("AERIAL_METADATA",) if self.metadata else ())

    output_names = ("FLAIR2_LABEL",)


def strip(state) -> OrderedDict:
    """Keys without the Lightning ``model.`` prefix."""
    return strip_prefix(state, _PREFIX)


def _sub(state, prefix: str) -> OrderedDict:
    return OrderedDict((k[len(prefix):], v) for k, v in state.items() if k.startswith(prefix))


def infer_utt_spec(state, tile: int = 512, encoder: str | None = None, encoder_kwargs: tuple = (),
                   sat_px: int = SAT_PX, name: str = "checkpoint") -> UttSpec:
    """The U-T&T architecture the weights describe, at aerial tile ``tile`` (F2 trains at 512).

    ``encoder`` names the smp encoder when its keys cannot tell (tests use a tiny timm one)."""
    state = strip(state)
    vhr = _sub(state, "arch_vhr.")
    enc = encoder or infer_encoder(OrderedDict((k, v) for k, v in vhr.items() if k.startswith("encoder.")),
                                   f"{name} (arch_vhr)")
    first = next((k for k in _STEMS if k in vhr), None)
    head = vhr.get("segmentation_head.0.weight")
    blocks = sorted({int(m.group(1)) for k in vhr if (m := re.match(r"decoder\.blocks\.(\d+)\.conv2\.0\.weight", k))})
    if first is None or head is None or not blocks:
        raise CheckpointError.say("{name}: the aerial U-Net (arch_vhr) lacks its encoder, decoder blocks or "
                                  "segmentation head; is this an IGN FLAIR#2 U-T&T checkpoint?", name=name)
    decoder = tuple(int(vhr[f"decoder.blocks.{i}.conv2.0.weight"].shape[0]) for i in blocks)
    # FLAIR-HUB's key reader, on the U-TAE renamed into its layout (same module names)
    hub_like = OrderedDict((f"encoders.{SERIES}.{k}", v) for k, v in _sub(state, "arch_hr.").items())
    series = replace(_series_spec(hub_like, SERIES, tile, True, name), patch_px=sat_px)
    if series.str_conv != (4, 2, 1):
        raise CheckpointError.say("{name}: its U-TAE convolutions have kernel {kernel}; FLAIR#2 trains k4 s2 p1 "
                                  "(flair-2-config.yml)", name=name, kernel=series.str_conv[0])
    if series.decoder_widths[0] != series.encoder_widths[0]:
        raise CheckpointError.say("{name}: U-TAE decoder width {decoder} differs from its encoder width {encoder}; "
                                  "FLAIR#2's fusion needs them equal", name=name, decoder=series.decoder_widths[0],
                                  encoder=series.encoder_widths[0])
    mtd, rows = 0, 0
    if "mtd_mlp.enc_mlp.0.weight" in state:
        mtd = int(state["mtd_mlp.enc_mlp.0.weight"].shape[1])
        rows = int(state["mtd_mlp.enc_mlp.6.weight"].shape[0])
        if mtd != METADATA_VALUES:
            raise CheckpointError.say("{name}: its metadata MLP takes {values} values; FLAIR#2 encodes {known} "
                                      "(geo_enc_size 32 + 13) and no other encoding is known here", name=name,
                                      values=mtd, known=METADATA_VALUES)
        if rows * 32 != tile:
            raise CheckpointError.say("{name}: its metadata MLP gives {rows} rows, which fits a {fit} px tile, not "
                                      "{tile}; convert with {tile_option:{fit}}", name=name, rows=rows,
                                      fit=rows * 32, tile=tile, tile_option="--tile")
    if sat_px < 2 * CROP_PX or sat_px % 8:  # the Python API's argument (neither the CLI nor QGIS sets it): English
        raise CheckpointError(f"{name}: a Sentinel crop of {sat_px} px cannot be used (F2: a multiple of 8, "
                              f"at least {2 * CROP_PX})")
    return UttSpec(enc, int(vhr[first].shape[1]), decoder, int(head.shape[0]), series, mtd, rows, tile,
                   encoder_kwargs=tuple(encoder_kwargs))


def load_utt_weights(model, state, name: str = "checkpoint") -> list[str]:
    """Copy the weights into ``model`` (utt_torch.UttModel); returns the groups left out."""
    state = strip(state)
    dropped = sorted({k.split(".")[0] for k in state if k.split(".")[0] in TRAINING_ONLY})
    load_checked(model, state, TRAINING_ONLY, say("{name} does not fit the FLAIR#2 U-T&T model its keys describe:",
                                                  name=name))
    return dropped


__all__ = ["CROP_PX", "REF_DATE", "REF_YEAR", "S2_RES_M", "SAT_PX", "SERIES", "UttSpec", "infer_utt_spec",
           "is_utt", "load_utt_weights", "strip"]
