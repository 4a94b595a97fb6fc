"""The FLAIR-INC architecture (smp Unet, resnet34 encoder, 5 inputs, 19 classes) with random
weights, exported to ONNX (opset 17, dynamic N/H/W) with our model card; cached on disk."""
from __future__ import annotations

import json
import os
import sys
import types

# FLAIR-INC "custom" normalisation, raw 0..255 units (R, G, B, NIR, E) - shared/FLAIR.md section 3.
FLAIR_INC_MEAN = (105.08, 110.87, 101.82, 106.38, 53.26)
FLAIR_INC_STD = (52.17, 45.38, 44.00, 39.69, 79.30)
MODEL_NAME = "bench_flair-inc_rgbie_resnet34-unet_random.onnx"
# Bump when the export below changes, so a cached file from an older bench is rebuilt.
EXPORT_VERSION = "1"


def card_dict() -> dict:
    from inference.models.card import InputSpec, ModelCard

    card = ModelCard(
        name="FLAIR-INC rgbie resnet34-unet (random weights, benchmark only)",
        inputs=(
            InputSpec("R"),
            InputSpec("G"),
            InputSpec("B"),
            InputSpec("NIR"),
            InputSpec("NDSM", "height_0.2m_uint8"),
        ),
        class_codes=tuple(range(1, 20)),
        mean=FLAIR_INC_MEAN,
        std=FLAIR_INC_STD,
        resolution_m=0.2,
        tile=512,
        margin=128,
        output="logits",
        version=f"bench-{EXPORT_VERSION}",
        description="smp.Unet(resnet34, in_channels=5, classes=19) with random weights: "
        "the FLAIR-INC architecture, for timing only; its predictions mean nothing.",
    ).validate()
    return json.loads(card.to_json())


def import_smp():
    """segmentation_models_pytorch, working around a CUDA-built torchvision next to CPU torch.

    smp and timm import torchvision, whose C ops fail to register against the CPU wheel of torch
    (``operator torchvision::nms does not exist``). They only use its pure-Python parts, so when
    the normal import fails we stub the two modules that register the C ops and import again.
    """
    try:
        import segmentation_models_pytorch as smp

        return smp
    except RuntimeError as e:
        if "torchvision" not in str(e):
            raise
    for name in [m for m in sys.modules if m.split(".")[0] in ("torchvision", "timm", "segmentation_models_pytorch")]:
        del sys.modules[name]
    for name in ("torchvision._meta_registrations", "torchvision._autograd_registrations"):
        sys.modules[name] = types.ModuleType(name)
    import segmentation_models_pytorch as smp

    return smp


def _is_current(path: str) -> bool:
    if not os.path.isfile(path):
        return False
    import onnx
    from google.protobuf.message import DecodeError

    try:
        meta = {p.key: p.value for p in onnx.load(path, load_external_data=False).metadata_props}
        return json.loads(meta.get("flair_card", "{}")).get("version") == f"bench-{EXPORT_VERSION}"
    except (OSError, ValueError, DecodeError):  # missing or unreadable: built again
        return False


def ensure_model(out_dir: str, log=print) -> str:
    """Path of the benchmark model, exporting it on first use (about 10 s)."""
    path = os.path.join(out_dir, MODEL_NAME)
    if _is_current(path):
        return path
    log(f"exporting the FLAIR-INC U-Net/ResNet34 (random weights) to {path}")
    import warnings

    import onnx
    import torch

    smp = import_smp()
    torch.manual_seed(0)
    net = smp.Unet(encoder_name="resnet34", encoder_weights=None, in_channels=5, classes=19).eval()
    tmp = path + ".part"
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            net,
            (torch.zeros(1, 5, 512, 512),),
            tmp,
            opset_version=17,
            input_names=["image"],
            output_names=["logits"],
            dynamic_axes={"image": {0: "N", 2: "H", 3: "W"}, "logits": {0: "N", 2: "H", 3: "W"}},
            dynamo=False,
        )
    proto = onnx.load(tmp)
    prop = proto.metadata_props.add()
    prop.key, prop.value = "flair_card", json.dumps(card_dict())
    onnx.save(proto, tmp)
    os.replace(tmp, path)
    return path


if __name__ == "__main__":  # python -m bench.model OUT_DIR: export in a process of its own
    print(ensure_model(sys.argv[1] if len(sys.argv) > 1 else "bench_output"))
