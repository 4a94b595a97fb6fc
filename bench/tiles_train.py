"""A small U-Net trained for a few minutes on the bundled Montpellier sample against the
baseline's labels, exported to ONNX with our card.

``python -m bench.tiles_train OUT_DIR [SECONDS]``: torch runs only here, in a process of its
own. The network is not a good land-cover model (one 50 m square, minutes of CPU); what the
tile measurement needs is a network whose convolutions carry real, trained features over its
whole receptive field, so that cutting the image into tiles changes what it predicts the way
it does for a real model. Random weights would not show that honestly.

The network: a plain U-Net of six levels (8 to 128 channels, two 3x3 convolutions with batch
norm per level, five 2x poolings like the ResNet encoders of FLAIR-INC), 0.93 M parameters, a
theoretical receptive field of about 380 px. The FLAIR-INC U-Net/ResNet-34 (24 M parameters)
trains about 10 s a step here, too slow for minutes of CPU; its receptive field is larger, so
its seams could reach further than this network's (say so wherever these figures are quoted).
"""
from __future__ import annotations

import json
import os
import sys
import time

import numpy as np

from .model import card_dict

NAME = "bench_small_unet_trained_on_sample.onnx"
VERSION = "trained-1"


def sample_inputs_and_labels(out_dir: str):
    """(x normalised as the engine feeds it (5, H, W), class index (H, W), -1 where nodata)."""
    import rasterio

    from inference.cli.main import SAMPLE_DIR
    from inference.models.baseline import build_baseline_model
    from inference.models.card import ModelCard
    from inference.segment.params import SegmentParams
    from inference.segment.pipeline import segment
    from inference.segment.plan import plan_grid
    from inference.segment.sources import FileSource
    from inference.segment.stack import StackReader, build_stack

    s = SAMPLE_DIR
    rgb, irc, dhm = FileSource(f"{s}/ortho_rgb_20cm.tif"), FileSource(f"{s}/ortho_irc_20cm.tif"), FileSource(f"{s}/dhm_50cm.tif")
    entries = [("R", rgb, 1), ("G", rgb, 2), ("B", rgb, 3), ("NIR", irc, 1), ("NDSM", dhm, None)]
    baseline = build_baseline_model(os.path.join(out_dir, "baseline.onnx"))
    labels_path = os.path.join(out_dir, "sample_baseline_labels.tif")
    segment(SegmentParams(model=baseline, sources=entries, output=labels_path, report=False))
    card = ModelCard.from_dict(card_dict())
    stack = build_stack(card, entries)
    grid = plan_grid(SegmentParams(model="", sources=entries, output=""), card, stack)
    reader = StackReader(stack, card, grid)
    x, valid = reader.read((0, grid.height), (0, grid.width))
    reader.close()
    with rasterio.open(labels_path) as ds:
        codes = ds.read(1)
    y = codes.astype(np.int64) - 1  # codes 1..19 -> indices 0..18; nodata 0 -> -1 (ignored)
    y[~valid] = -1
    return x, y, grid


def small_unet(cin: int = 5, classes: int = 19, widths=(8, 16, 32, 64, 96, 128)):
    import torch
    from torch import nn

    def block(a, b):
        return nn.Sequential(nn.Conv2d(a, b, 3, padding=1, bias=False), nn.BatchNorm2d(b), nn.ReLU(inplace=True),
                             nn.Conv2d(b, b, 3, padding=1, bias=False), nn.BatchNorm2d(b), nn.ReLU(inplace=True))

    class UNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.down = nn.ModuleList([block(a, b) for a, b in zip((cin,) + widths[:-1], widths)])
            self.up = nn.ModuleList([block(widths[i + 1] + widths[i], widths[i]) for i in range(len(widths) - 1)])
            self.head = nn.Conv2d(widths[0], classes, 1)

        def forward(self, x):
            skips = []
            for i, d in enumerate(self.down):
                x = d(x if i == 0 else nn.functional.max_pool2d(x, 2))
                skips.append(x)
            for i in reversed(range(len(self.up))):
                x = nn.functional.interpolate(x, scale_factor=2.0, mode="nearest")
                x = self.up[i](torch.cat([x, skips[i]], 1))
            return self.head(x)

    return UNet()


def train(out_dir: str, seconds: float = 180.0) -> str:
    import warnings

    import onnx
    import torch

    path = os.path.join(out_dir, NAME)
    x, y, _ = sample_inputs_and_labels(out_dir)
    torch.manual_seed(0)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    net = small_unet()
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-1)
    rng = np.random.default_rng(0)
    crop, batch = 96, 6
    X, Y = torch.from_numpy(x), torch.from_numpy(y)
    t0, step, losses = time.perf_counter(), 0, []
    net.train()
    while time.perf_counter() - t0 < seconds:
        xs, ys = [], []
        for _ in range(batch):
            r, c = rng.integers(0, x.shape[1] - crop), rng.integers(0, x.shape[2] - crop)
            xb, yb = X[:, r : r + crop, c : c + crop], Y[r : r + crop, c : c + crop]
            k = int(rng.integers(0, 4))
            xb, yb = torch.rot90(xb, k, (1, 2)), torch.rot90(yb, k, (0, 1))
            if rng.integers(0, 2):
                xb, yb = torch.flip(xb, (2,)), torch.flip(yb, (1,))
            xs.append(xb)
            ys.append(yb)
        loss = loss_fn(net(torch.stack(xs)), torch.stack(ys))
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(float(loss.detach()))
        step += 1
    net.eval()
    with torch.no_grad():
        pad = (-x.shape[1]) % 32, (-x.shape[2]) % 32
        xp = torch.nn.functional.pad(X[None], (0, pad[1], 0, pad[0]), mode="reflect")
        pred = net(xp)[0, :, : x.shape[1], : x.shape[2]].argmax(0).numpy()
    fit = float((pred == y)[y >= 0].mean())
    card = card_dict()
    card.update(name="small U-Net trained briefly on the Montpellier sample (benchmark only)",
                version=f"bench-{VERSION}",
                description=f"{step} steps of {batch}x{crop}px crops in {seconds:.0f} s against the baseline's "
                            f"labels; final loss {np.mean(losses[-20:]):.3f}, {fit:.1%} agreement with them on the sample")
    tmp = path + ".part"
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(net, (torch.zeros(1, 5, 256, 256),), tmp, opset_version=17, input_names=["image"],
                          output_names=["logits"], dynamo=False,
                          dynamic_axes={"image": {0: "N", 2: "H", 3: "W"}, "logits": {0: "N", 2: "H", 3: "W"}})
    proto = onnx.load(tmp)
    prop = proto.metadata_props.add()
    prop.key, prop.value = "flair_card", json.dumps(card)
    onnx.save(proto, tmp)
    os.replace(tmp, path)
    print(json.dumps({"model": path, "steps": step, "seconds": round(time.perf_counter() - t0, 1),
                      "loss_first": round(float(np.mean(losses[:10])), 3),
                      "loss_last": round(float(np.mean(losses[-20:])), 3), "fit_on_sample": round(fit, 4)}))
    return path


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "bench_output"
    os.makedirs(out, exist_ok=True)
    train(out, float(sys.argv[2]) if len(sys.argv) > 2 else 180.0)
