"""French versions of the engine's user messages (see messages.py), keyed by the English template.
Same placeholders; a message missing here is shown in English."""
from __future__ import annotations

FRENCH = {
    # output files (segment/sink.py, segment/commit.py)
    "output folder does not exist: {folder}": "le dossier de sortie n’existe pas : {folder}",
    "cannot write in {folder}: choose another output path":
        "impossible d’écrire dans {folder} : choisissez un autre fichier de sortie",
    "output path is a folder: {path}": "la sortie est un dossier : {path}",
    "{path} exists and is read-only; make it writable or choose another output path":
        "{path} existe et est en lecture seule ; rendez-le modifiable ou choisissez un autre fichier de sortie",
    "{output}: the result needs about {need:.1f} MB ({width} x {height} px) and only {free:.1f} MB is free in "
    "{folder}. Free some space, choose another folder, or cover a smaller area (--extent).":
        "{output} : le résultat demande environ {need:.1f} Mo ({width} x {height} px) et seuls {free:.1f} Mo "
        "sont libres dans {folder}. Libérez de la place, choisissez un autre dossier ou une zone plus petite "
        "(--extent).",
    "{output}: the result needs about {need:.1f} MB ({width} x {height} px plus the confidence raster) and only "
    "{free:.1f} MB is free in {folder}. Free some space, choose another folder, or cover a smaller area (--extent).":
        "{output} : le résultat demande environ {need:.1f} Mo ({width} x {height} px et le raster de confiance) "
        "et seuls {free:.1f} Mo sont libres dans {folder}. Libérez de la place, choisissez un autre dossier ou "
        "une zone plus petite (--extent).",
    # multi-source inputs against the area (multisource/modalities.py)
    "{label}: {path} does not cover the whole area{around}: it misses {gaps}; give a file that covers it":
        "{label} : {path} ne couvre pas toute la zone{around} : il manque {gaps} ; donnez un fichier qui la couvre",
    "{label}: {path} lies outside the area{around}; give a file that covers it":
        "{label} : {path} est en dehors de la zone{around} ; donnez un fichier qui la couvre",
    " plus {metres:.0f} m around it (the model's {context:g} m context square around each tile)":
        " et {metres:.0f} m autour (le carré de contexte de {context:g} m du modèle autour de chaque tuile)",
    "{label}: {path} has {res:.4g} m pixels, far from the {expected:g} m the model was trained on; give the "
    "right product":
        "{label} : {path} a des pixels de {res:.4g} m, loin des {expected:g} m sur lesquels le modèle a été "
        "entraîné ; donnez le bon produit",
    "{label}: {path} has {res:.4g} m pixels, the model expects {expected:g} m: it is resampled, results may suffer":
        "{label} : {path} a des pixels de {res:.4g} m, le modèle attend {expected:g} m : il est rééchantillonné, "
        "les résultats peuvent en pâtir",
    "{metres:.1f} m on the west": "{metres:.1f} m à l’ouest",
    "{metres:.1f} m on the east": "{metres:.1f} m à l’est",
    "{metres:.1f} m on the south": "{metres:.1f} m au sud",
    "{metres:.1f} m on the north": "{metres:.1f} m au nord",
}
