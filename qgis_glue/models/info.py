"""Models the dock offers: the built-in baseline (built once into the QGIS profile), recent files,
and a readable description of a model's card or of what is missing from it."""
from __future__ import annotations

import html
import os

from qgis.core import QgsApplication, QgsSettings

from ...inference.models.card import CardOverrides
from ...inference.segment.report import class_name
from ..engine_words import BASELINE_NAME, band, description
from ..engine_words import words as card_words
from ..errors import EXPECTED, user_message
from ..help import docs_url
from ..i18n import language, number, tr

BASELINE_FILE = "flair-baseline-spectral-height.onnx"
RECENT_KEY = "flair/recent_models"
MAX_RECENT = 8


def models_folder() -> str:
    folder = os.path.join(QgsApplication.qgisSettingsDirPath(), "flair", "models")
    os.makedirs(folder, exist_ok=True)
    return folder


def builtin_model_path(folder: str | None = None) -> str:
    """The built-in baseline model, written on first use (and again when the plugin's copy of
    the baseline is newer than the cached file)."""
    from ...inference.models import baseline
    from ...inference.segment.commit import OutputSet

    path = os.path.join(folder or models_folder(), BASELINE_FILE)
    if not os.path.isfile(path) or os.path.getmtime(path) < os.path.getmtime(baseline.__file__):
        with OutputSet([path]) as out:  # hidden, the process id in its name: two QGIS do not clobber
            baseline.build_baseline_model(out.temp(path))
            out.commit()
    return path


def is_builtin(path: str) -> bool:
    return os.path.basename(path or "") == BASELINE_FILE


def recent_models() -> list[str]:
    value = QgsSettings().value(RECENT_KEY, [])
    if isinstance(value, str):
        value = [value] if value else []
    return [p for p in value if p and os.path.isfile(p) and not is_builtin(p)]


def remember_model(path: str) -> None:
    if not path or is_builtin(path):
        return
    paths = [path] + [p for p in recent_models() if os.path.normcase(p) != os.path.normcase(path)]
    QgsSettings().setValue(RECENT_KEY, paths[:MAX_RECENT])


def read_info(path: str, overrides: CardOverrides | None = None, any_model: bool = False,
              words: dict[str, str] | None = None):
    """(ModelInfo, None) or (None, the reason it cannot be used, as plain text, naming settings with
    ``words``: the dock's by default, qgis_glue/errors.py); a multi-source model is refused unless
    ``any_model``."""
    from ...inference.models.session import read_model_info

    try:
        return read_model_info(path, overrides, any_model=any_model), None
    except EXPECTED as e:  # ModelError, CardError (ValueError), an unreadable file (OSError)
        return None, user_message(e, words)


def card_html(info) -> str:
    """Any model's card as a compact HTML block, one paragraph per field (not a table): it wraps in
    a 300 px dock. A multi-source model says what each modality needs."""
    card = info.card
    e = html.escape
    rows = [(tr("Model"), f"<b>{e(card_words(card.name))}</b>" + (f" <span style='color:#555'>v{e(card.version)}</span>"
                                                                  if card.version else ""))]
    rows += _multi_rows(card) if card.is_multisource else _single_rows(card, info.height or card.tile)
    rows.append((tr("Licence"), e(card.licence or tr("not stated"))))
    if card.source_url:
        rows.append((tr("Source"), f'<a href="{e(card.source_url)}">{e(card.source_url)}</a>'))
    if card.description:
        about = e(description(card_words(card.description)))
        if card.name == BASELINE_NAME:  # the built-in model: how its rules work, on the plugin's pages
            how = tr("How it works")
            about += f' <a href="{docs_url("baseline.md")}">{how}</a>'
        rows.append((tr("About"), about))
    label = tr("{field}:")  # "{field} :" in French
    return "".join(f'<p style="margin:0 0 3px 0"><span style="color:#555">{label.format(field=k)}</span> {v}</p>'
                   for k, v in rows)


def _single_rows(card, tile: int) -> list[tuple[str, str]]:
    classes = ", ".join(class_name(c, card.class_names, language()) for c in card.class_codes)
    steps = " " + tr("(height, 0.2 m steps)")
    inputs = ", ".join(band(i.role) + (steps if i.encoding == "height_0.2m_uint8" else "") for i in card.inputs)
    return [
        (tr("Inputs"), html.escape(inputs)),
        (tr("Classes"), f"{card.n_classes}: {html.escape(classes)}"),
        (tr("Resolution"), tr("{res} m, tiles of {tile} px").format(res=number(card.resolution_m, None), tile=tile)
         if card.resolution_m is not None else  # a model that states none runs on the imagery's grid
         tr("the imagery's own grid, tiles of {tile} px").format(tile=tile)),
    ]


def _multi_rows(card) -> list[tuple[str, str]]:
    from ...inference.models.modalities import NOMENCLATURES, short_name
    from ...inference.segment.modalities.metadata import needs as metadata_needs

    e = html.escape

    def needs(m) -> str:
        bands = (tr("{n} bands per date").format(n=len(m.bands)) if m.is_series else ", ".join(band(b) for b in m.bands))
        return f"<b>{e(short_name(m.name))}</b>{' *' if m.required else ''} ({e(bands)}, {number(m.resolution_m, None)} m)"

    return [
        (tr("Inputs"), "; ".join(needs(m) for m in card.modalities) + " " + tr("(* required)")
         + (" " + tr("+ the aerial acquisition: {values}").format(values=", ".join(tr(k) for k in meta["needs"]))
            if (meta := metadata_needs(card)) else "")),
        (tr("Outputs"), e(", ".join(card_words(NOMENCLATURES.get(t.nomenclature, t.nomenclature))
                                    for t in card.tasks))),
        (tr("Resolution"), tr("{res} m, tiles of {tile} px").format(res=number(card.resolution_m, None), tile=card.tile)),
    ]


def problem_html(reason: str) -> str:
    head = tr("This model cannot run yet:")
    return f'<span style="color:#b00020"><b>{head}</b> {html.escape(reason)}</span>'
