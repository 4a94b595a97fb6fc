"""U-TAE and its L-TAE temporal attention, rebuilt from the public description (MULTISOURCE.md §3).

Module and parameter names follow IGN's FLAIR-HUB code (itself from U-TAE, MIT), so a
FLAIR-HUB state dict loads as is under ``encoders.<TS>.``. Written here, not copied.

Each module has two forwards, chosen by ``export_mode`` (see :func:`set_export_mode`):

- ``False``: IGN's computation, data-dependent branches included (``pad_mask.any()``, boolean
  indexing of non-padded frames, in-place sin/cos). This is the reference the parity tests use.
- ``True``: the exact rewrites of MULTISOURCE.md §4, which give the same numbers in eval mode
  (every op is per sample) but trace to a static graph with a dynamic date axis T.

The torch modules are in utae_torch.py, imported only by the converter once torch is there, so
importing the engine never imports torch.
"""
from __future__ import annotations


def set_export_mode(module, on: bool = True) -> None:
    """Switch every U-TAE part inside ``module`` between IGN's forward and the exportable one."""
    for m in module.modules():
        if hasattr(m, "export_mode"):
            m.export_mode = on


__all__ = ["set_export_mode"]
