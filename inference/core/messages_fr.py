"""French versions of the engine's user messages (see messages.py), keyed by the English template.
Same placeholders; a message missing here is shown in English."""
from __future__ import annotations

FRENCH = {
    # converting checkpoints (convert/)
    "checkpoint not found: {path}": "checkpoint introuvable : {path}",
    "reading a .safetensors checkpoint needs the safetensors package. Install it with:\n{commands}":
        "lire un checkpoint .safetensors demande le paquet safetensors. Installez-le avec :\n{commands}",
    "{name} is not a readable safetensors file: {error}": "{name} n’est pas un fichier safetensors lisible : {error}",
    "{name} is neither a safetensors file nor a PyTorch checkpoint: {error}":
        "{name} n’est ni un fichier safetensors ni un checkpoint PyTorch : {error}",
    "cannot read {name} as data (weights only): {error}":
        "impossible de lire {name} comme des données (poids seuls) : {error}",
    "{name} holds no state dict of tensors (top-level entries: {keys}); expected a plain "
    "state dict, a Lightning checkpoint with 'state_dict', or a FLAIR-HUB .safetensors file":
        "{name} ne contient pas de dictionnaire d’état de tenseurs (entrées de premier niveau : {keys}) ; attendu : "
        "un dictionnaire d’état simple, un checkpoint Lightning avec 'state_dict', ou un fichier .safetensors "
        "FLAIR-HUB",
    "{name} holds no tensors": "{name} ne contient aucun tenseur",
    "{name}: no smp 'encoder.*' and 'segmentation_head.*' keys (even after removing the "
    "prefixes {prefixes}); its keys start like: {keys}":
        "{name} : pas de clés smp 'encoder.*' et 'segmentation_head.*' (même après avoir retiré les préfixes "
        "{prefixes}) ; ses clés commencent ainsi : {keys}",
    "{name}: FLAIR-HUB layout but no 'encoders.<MODALITY>.seg_model.*' keys":
        "{name} : organisation FLAIR-HUB mais aucune clé 'encoders.<MODALITY>.seg_model.*'",
    "{name} fuses several modalities ({modalities}); only single-modality "
    "aerial FLAIR-HUB models (LC-A: AERIAL_RGBI) can be converted":
        "{name} fusionne plusieurs modalités ({modalities}) ; seuls les modèles FLAIR-HUB aériens à une seule "
        "modalité (LC-A : AERIAL_RGBI) peuvent être convertis",
    "{name}: its encoder reads the {modality} modality; only aerial (AERIAL_RGBI) FLAIR-HUB "
    "models can be converted":
        "{name} : son encodeur lit la modalité {modality} ; seuls les modèles FLAIR-HUB aériens (AERIAL_RGBI) "
        "peuvent être convertis",
    "{name}: FLAIR-HUB layout but no 'main_decoders.<TASK>.seg_model.*' keys":
        "{name} : organisation FLAIR-HUB mais aucune clé 'main_decoders.<TASK>.seg_model.*'",
    "{name}: its decoder predicts {tasks}; only land-cover (AERIAL_LABEL-COSIA) "
    "models map to FLAIR codes (crop-type LPIS models have their own 23-class nomenclature)":
        "{name} : son décodeur prédit {tasks} ; seuls les modèles d’occupation du sol (AERIAL_LABEL-COSIA) "
        "correspondent aux codes FLAIR (les modèles de cultures LPIS ont leur propre nomenclature de 23 classes)",
    "{name}: unexpected decoder key {key}": "{name} : clé de décodeur inattendue {key}",
    "{name}: cannot tell the architecture from its decoder keys ({keys}); "
    "pass --arch (unet, fpn, deeplabv3, deeplabv3plus, upernet)":
        "{name} : impossible de déduire l’architecture des clés de son décodeur ({keys}) ; "
        "indiquez --arch (unet, fpn, deeplabv3, deeplabv3plus, upernet)",
    "{name}: a ResNet with {blocks} blocks per layer is not one smp knows; pass --encoder":
        "{name} : smp ne connaît pas de ResNet à {blocks} blocs par couche ; indiquez --encoder",
    "{name}: a MiT encoder with width {dim} and blocks {blocks} is unknown; pass --encoder":
        "{name} : encodeur MiT de largeur {dim} et de blocs {blocks} inconnu ; indiquez --encoder",
    "{name}: a Swin with width {dim}, depths {depths} and window {window} is unknown; pass --encoder":
        "{name} : Swin de largeur {dim}, de profondeurs {depths} et de fenêtre {window} inconnu ; indiquez --encoder",
    "{name}: a {encoder} with width {dim} and depths {depths} is unknown; pass --encoder":
        "{name} : {encoder} de largeur {dim} et de profondeurs {depths} inconnu ; indiquez --encoder",
    "{name}: cannot tell the encoder from its keys ({keys}); pass --encoder "
    "(e.g. resnet34, mit_b5, tu-swin_base_patch4_window12_384, tu-convnextv2_base)":
        "{name} : impossible de déduire l’encodeur de ses clés ({keys}) ; indiquez --encoder "
        "(par ex. resnet34, mit_b5, tu-swin_base_patch4_window12_384, tu-convnextv2_base)",
    "no convolution weight in the encoder, so its input channel count is unknown":
        "aucun poids de convolution dans l’encodeur : son nombre de canaux d’entrée est inconnu",
    "{name}: no {key} key, so the number of classes is unknown":
        "{name} : pas de clé {key} : le nombre de classes est inconnu",
    "{name} does not fit {model}:": "{name} ne correspond pas à {model} :",
    "  {key}: checkpoint {got}, model {want}": "  {key} : checkpoint {got}, modèle {want}",
    "    (a Swin's attention window shrinks when the tile is too small: its last stage is "
    "tile/32 pixels wide and must hold a whole window; use a larger {tile_option}, e.g. 512)":
        "    (la fenêtre d’attention d’un Swin rétrécit quand la tuile est trop petite : son dernier étage fait "
        "tuile/32 pixels de large et doit contenir une fenêtre entière ; augmentez {tile_option}, "
        "par ex. 512)",
    "  missing from the checkpoint ({count}): {keys}": "  absentes du checkpoint ({count}) : {keys}",
    "  not in the model ({count}): {keys}": "  absentes du modèle ({count}) : {keys}",
    "  check --arch/--encoder/--inputs, or that this is a FLAIR-INC/FLAIR-HUB checkpoint":
        "  vérifiez --arch/--encoder/--inputs, ou qu’il s’agit bien d’un checkpoint FLAIR-INC/FLAIR-HUB",
    "--inputs {text!r}: use one of {names} or a comma-separated list of roles ({roles})":
        "--inputs {text!r} : utilisez l’un de {names} ou une liste de rôles séparés par des virgules ({roles})",
    "{name}: its first convolution ({key}) takes {n} channels, which could be R,G,B or NIR,R,G "
    "(FLAIR-HUB 'RGB' and 'IR' models); say which with --inputs (rgb, ir, rgbi, rgbie or R,G,B,...)":
        "{name} : sa première convolution ({key}) prend {n} canaux, qui peuvent être R,G,B ou NIR,R,G "
        "(modèles FLAIR-HUB 'RGB' et 'IR') ; précisez lesquels avec --inputs (rgb, ir, rgbi, rgbie ou R,G,B,...)",
    "{name}: its first convolution ({key}) takes {n} channels, which could be several band sets; say which "
    "with --inputs (rgb, ir, rgbi, rgbie or R,G,B,...)":
        "{name} : sa première convolution ({key}) prend {n} canaux, qui peuvent correspondre à plusieurs jeux de "
        "bandes ; précisez lesquels avec --inputs (rgb, ir, rgbi, rgbie ou R,G,B,...)",
    "{name}: a FLAIR-HUB land-cover head has 19 outputs, this one has {n_outputs} "
    "(crop-type LPIS models use a different nomenclature and are not supported)":
        "{name} : une tête d’occupation du sol FLAIR-HUB a 19 sorties, celle-ci en a {n_outputs} "
        "(les modèles de cultures LPIS utilisent une autre nomenclature et ne sont pas pris en charge)",
    "{name}: a FLAIR-INC head has 19 (or 12/13) outputs, this one has {n_outputs} "
    "(segmentation_head.0.weight); it is not a FLAIR land-cover model we know how to map to codes":
        "{name} : une tête FLAIR-INC a 19 (ou 12/13) sorties, celle-ci en a {n_outputs} "
        "(segmentation_head.0.weight) ; ce n’est pas un modèle d’occupation du sol FLAIR dont on sait faire "
        "correspondre les sorties aux codes",
    "the {family} family has no normalisation for input {role}":
        "la famille {family} n’a pas de normalisation pour l’entrée {role}",
    "the ONNX exporter failed: {error}": "l’export ONNX a échoué : {error}",
    "the calibration imagery ({sources}) has no valid pixels":
        "l’imagerie de calibration ({sources}) n’a aucun pixel valide",
    "{name} holds {model}, which only the PyTorch converter handles (the torch-free one "
    "writes U-Net, FPN and DeepLabV3 on ResNet-34, and U-Net on MiT); use --converter auto or pytorch":
        "{name} contient {model}, que seul le convertisseur PyTorch prend en charge (celui sans PyTorch "
        "écrit U-Net, FPN et DeepLabV3 sur ResNet-34, et U-Net sur MiT) ; utilisez --converter auto ou pytorch",
    "--quantize {quantize!r}: only int8 is supported": "--quantize {quantize!r} : seul int8 est pris en charge",
    "--quantize/--fp16 need imagery to calibrate and check the variant on: add --calibrate SOURCE ... "
    "(the same sources as for `segment`, e.g. R=ortho.tif:1 ... or ortho.tif)":
        "--quantize/--fp16 demandent une imagerie sur laquelle calibrer et vérifier la variante : ajoutez "
        "--calibrate SOURCE ... (les mêmes sources que pour `segment`, par ex. R=ortho.tif:1 ... ou ortho.tif)",
    "--converter {converter!r}: use one of {names}": "--converter {converter!r} : utilisez l’un de {names}",
    "the output folder {folder} does not exist": "le dossier de sortie {folder} n’existe pas",
    "--family {family!r}: use flair-inc or flair-hub": "--family {family!r} : utilisez flair-inc ou flair-hub",
    "{name} has FLAIR-HUB's key layout (encoders.*, main_decoders.*) but --family {family} was given":
        "{name} a l’organisation de clés de FLAIR-HUB (encoders.*, main_decoders.*) mais --family {family} a été "
        "donné",
    "{name}: its first convolution {key} has shape {shape}, i.e. {channels} input channels, but the inputs "
    "given are {count} ({roles})":
        "{name} : sa première convolution {key} a la forme {shape}, soit {channels} canaux d’entrée, mais les "
        "entrées données sont au nombre de {count} ({roles})",
    "{tile_option:{tile}}: the tile size must be a multiple of 32":
        "{tile_option:{tile}} : la taille de tuile doit être un multiple de 32",
    "cannot write in {folder} ({reason}): choose an output folder you can write in (-o)":
        "impossible d’écrire dans {folder} ({reason}) : choisissez un dossier de sortie où vous pouvez écrire (-o)",
    "the model written for Deepness fails its check: {error}; nothing was written":
        "le modèle écrit pour Deepness échoue à sa vérification : {error} ; rien n’a été écrit",
    "{name} holds {model}, which the torch-free converter cannot write (it writes U-Net, "
    "FPN and DeepLabV3 on ResNet-34, and U-Net on MiT), so this one needs the PyTorch converter: {error}":
        "{name} contient {model}, que le convertisseur sans PyTorch ne sait pas écrire (il écrit U-Net, "
        "FPN et DeepLabV3 sur ResNet-34, et U-Net sur MiT) : celui-ci demande donc le convertisseur PyTorch : {error}",
    "the output is not probabilities (range {low:.3g}..{high:.3g}, sums {least:.4f}..{most:.4f})":
        "la sortie n’est pas faite de probabilités (plage {low:.3g}..{high:.3g}, sommes {least:.4f}..{most:.4f})",
    "read as Deepness reads it (seg_thresh {threshold}), {differ} pixels change class":
        "lue comme Deepness la lit (seg_thresh {threshold}), {differ} pixels changent de classe",
    "segmentation-models-pytorch failed to import ({error})":
        "l’import de segmentation-models-pytorch a échoué ({error})",
    "converting a checkpoint needs {missing}, which this Python ({python}) does not have. Install the "
    "converter's dependencies with:\n{commands}\nthen restart QGIS (or re-run the command). The plugin never "
    "installs packages itself.":
        "convertir un checkpoint demande {missing}, que ce Python ({python}) n’a pas. Installez les dépendances "
        "du convertisseur avec :\n{commands}\npuis redémarrez QGIS (ou relancez la commande). L’extension "
        "n’installe jamais de paquets elle-même.",
    "unknown architecture {arch!r}; use one of {names}": "architecture inconnue {arch!r} ; utilisez l’une de {names}",
    "cannot build {model}: {error}": "impossible de construire {model} : {error}",
    "its weights read {modalities} where the catalogue lists {listed}":
        "ses poids lisent {modalities} là où le catalogue indique {listed}",
    "its weights output {outputs} where {model} is a {task} model":
        "ses poids produisent {outputs} alors que {model} est un modèle {task}",
    "{name} is not {model} as the catalogue describes it: {problems}. Nothing was converted.":
        "{name} n’est pas {model} tel que le catalogue le décrit : {problems}. Rien n’a été converti.",
    "{name} is neither a safetensors file nor a PyTorch checkpoint in zip form (a truncated "
    "download, or a file saved by PyTorch < 1.6); download it again, or convert it with the "
    "PyTorch converter":
        "{name} n’est ni un fichier safetensors ni un checkpoint PyTorch au format zip (un téléchargement "
        "tronqué, ou un fichier enregistré par PyTorch < 1.6) ; téléchargez-le à nouveau, ou convertissez-le avec "
        "le convertisseur PyTorch",
    "{name} is damaged ({error}); download it again": "{name} est endommagé ({error}) ; téléchargez-le à nouveau",
    "{name} is a .safetensors file, and reading it needs the safetensors package "
    "(pip install safetensors)":
        "{name} est un fichier .safetensors, et le lire demande le paquet safetensors (pip install safetensors)",
    "{name} is not a readable safetensors file ({error}); download it again":
        "{name} n’est pas un fichier safetensors lisible ({error}) ; téléchargez-le à nouveau",
    "{name} is a zip file but not a PyTorch checkpoint (no <name>/data.pkl)":
        "{name} est un fichier zip mais pas un checkpoint PyTorch (pas de <name>/data.pkl)",
    "{name}: its pickle holds something other than a state dict of tensors ({error}); "
    "only plain weights can be read. Use IGN's original file.":
        "{name} : son pickle contient autre chose qu’un dictionnaire d’état de tenseurs ({error}) ; "
        "seuls des poids simples peuvent être lus. Utilisez le fichier original de l’IGN.",
    "{name}: its state dict holds objects that are not tensors: {objects}. "
    "Nothing from it was run; use IGN's original file.":
        "{name} : son dictionnaire d’état contient des objets qui ne sont pas des tenseurs : {objects}. "
        "Rien n’en a été exécuté ; utilisez le fichier original de l’IGN.",
    "{name} holds no state dict of tensors (top level: {top}). It names {objects}, which were not run. "
    "Expected a plain state dict or a Lightning checkpoint with 'state_dict'; use IGN's original file.":
        "{name} ne contient pas de dictionnaire d’état de tenseurs (premier niveau : {top}). Il nomme {objects}, "
        "qui n’ont pas été exécutés. Attendu : un dictionnaire d’état simple ou un checkpoint Lightning avec "
        "'state_dict' ; utilisez le fichier original de l’IGN.",
    "{name} holds no state dict of tensors (top level: {top}). Expected a plain state dict "
    "or a Lightning checkpoint with 'state_dict'; use IGN's original file.":
        "{name} ne contient pas de dictionnaire d’état de tenseurs (premier niveau : {top}). Attendu : un "
        "dictionnaire d’état simple ou un checkpoint Lightning avec 'state_dict' ; utilisez le fichier original de "
        "l’IGN.",
    "{name}: tensor {key} points to {member}, which the archive lacks; download it again":
        "{name} : le tenseur {key} renvoie à {member}, absent de l’archive ; téléchargez le fichier à nouveau",
    "{name}: storage {member} is shorter than its {count} elements; download it again":
        "{name} : le stockage {member} est plus court que ses {count} éléments ; téléchargez le fichier à nouveau",
    "{name}: tensor {key} has an invalid shape/stride":
        "{name} : le tenseur {key} a une forme ou des pas (stride) invalides",
    "{name}: tensor {key} reaches past its storage; the file is damaged":
        "{name} : le tenseur {key} dépasse de son stockage ; le fichier est endommagé",
    "{name}: tensor {key} declares {count} elements ({gib:.3g} GiB) over a storage of {size}; no model weight "
    "is that large: the file is damaged or crafted. Use IGN's original file.":
        "{name} : le tenseur {key} déclare {count} éléments ({gib:.3g} Gio) sur un stockage de {size} ; aucun "
        "poids de modèle n’est si grand : le fichier est endommagé ou forgé. Utilisez le fichier original de l’IGN.",
    "{name}: {arch} / {encoder} cannot be converted without PyTorch (only U-Net, FPN and DeepLabV3 "
    "on ResNet-34, and U-Net on MiT); use the PyTorch converter":
        "{name} : {arch} / {encoder} ne peut pas être converti sans PyTorch (seulement U-Net, FPN et DeepLabV3 "
        "sur ResNet-34, et U-Net sur MiT) ; utilisez le convertisseur PyTorch",
    "{name} does not fit {arch} / {encoder}: it has no 4-D {key}; check that this is the "
    "catalogue's file":
        "{name} ne correspond pas à {arch} / {encoder} : il n’a pas de {key} en 4 dimensions ; vérifiez qu’il "
        "s’agit bien du fichier du catalogue",
    "{name} does not fit {model}: missing from the checkpoint: {key} (it has {near}). "
    "Check that the file is the catalogue's, or give --arch/--encoder":
        "{name} ne correspond pas à {model} : absent du checkpoint : {key} (il a {near}). "
        "Vérifiez qu’il s’agit bien du fichier du catalogue, ou indiquez --arch/--encoder",
    "{name} does not fit {model}: missing from the checkpoint: {key}. "
    "Check that the file is the catalogue's, or give --arch/--encoder":
        "{name} ne correspond pas à {model} : absent du checkpoint : {key}. "
        "Vérifiez qu’il s’agit bien du fichier du catalogue, ou indiquez --arch/--encoder",
    "{name} does not fit {model}: {key} has shape {shape}, the architecture needs {needed}. "
    "Check the file, --arch/--encoder and --inputs":
        "{name} ne correspond pas à {model} : {key} a la forme {shape}, l’architecture demande {needed}. "
        "Vérifiez le fichier, --arch/--encoder et --inputs",
    "{name} does not fit {model}: {count} weights are not part of it ({keys}). Check "
    "--arch/--encoder, or use the PyTorch converter":
        "{name} ne correspond pas à {model} : {count} poids n’en font pas partie ({keys}). Vérifiez "
        "--arch/--encoder, ou utilisez le convertisseur PyTorch",
    # models: opening, cards, catalogue, downloads (models/)
    "{path} is a folder, not a model file: give the .onnx file itself":
        "{path} est un dossier, pas un fichier de modèle : donnez le fichier .onnx lui-même",
    "model file not found: {path}": "fichier de modèle introuvable : {path}",
    "{path} is empty (0 bytes): the download or copy did not finish; fetch the model again":
        "{path} est vide (0 octet) : le téléchargement ou la copie n’a pas abouti ; récupérez le modèle à nouveau",
    "{path} is not an ONNX model ({error}). Pick a .onnx file, or convert a PyTorch checkpoint first with "
    "`python -m inference convert`.":
        "{path} n’est pas un modèle ONNX ({error}). Choisissez un fichier .onnx, ou convertissez d’abord un "
        "checkpoint PyTorch avec `python -m inference convert`.",
    "{name} has {inputs} inputs and {outputs} outputs; a segmentation model needs one image input (N, C, H, W) and "
    "a score output (N, classes, H, W)":
        "{name} a {inputs} entrées et {outputs} sorties ; un modèle de segmentation demande une entrée image "
        "(N, C, H, W) et une sortie de scores (N, classes, H, W)",
    "--model-output {output}: {name} has {count} output(s) ({names}); pick one of 1..{count}":
        "--model-output {output} : {name} a {count} sortie(s) ({names}) ; choisissez-en une de 1 à {count}",
    "{name}: input has rank {input_rank} and output rank {output_rank}; expected (N, C, H, W) for both (per-pixel "
    "class scores), or (N, H, W) for a binary output":
        "{name} : l’entrée est de rang {input_rank} et la sortie de rang {output_rank} ; attendu (N, C, H, W) pour "
        "les deux (scores des classes par pixel), ou (N, H, W) pour une sortie binaire",
    "{name}: its card names the output(s) {missing}, which the graph does not have ({names}); convert the model "
    "again":
        "{name} : sa fiche nomme la ou les sorties {missing}, que le graphe n’a pas ({names}) ; convertissez le "
        "modèle à nouveau",
    "{name} is a multi-source model ({card}): run it with {multisource_option}":
        "{name} est un modèle multi-source ({card}) : lancez-le avec {multisource_option}",
    "its sources as NAME=PATH (python -m inference info shows which)":
        "ses sources sous la forme NOM=CHEMIN (python -m inference info les indique)",
    "unknown device {device!r}: use auto, cpu or cuda":
        "périphérique inconnu {device!r} : utilisez auto, cpu ou cuda",
    "ONNX Runtime cannot load {name}: {reason}": "ONNX Runtime ne peut pas charger {name} : {reason}",
    "model card: {problems}": "fiche du modèle : {problems}",
    "model card: {error}": "fiche du modèle : {error}",
    "model card: a schema 2 (multi-source) card needs its modalities and tasks":
        "fiche du modèle : une fiche de schéma 2 (multi-source) demande ses modalités et ses tâches",
    "resolution must be positive": "la résolution doit être positive",
    "tile {tile} must be more than twice the margin {margin}":
        "la tuile {tile} doit faire plus du double de la marge {margin}",
    "input role {role!r} is not one of {roles} (or B5, B6, ...)":
        "le rôle d’entrée {role!r} n’est pas l’un de {roles} (ou B5, B6, …)",
    "input {role} encoding {encoding!r} is not one of {encodings}":
        "le codage {encoding!r} de l’entrée {role} n’est pas l’un de {encodings}",
    "no input roles": "aucun rôle d’entrée",
    "mean and std must both have {count} values (one per input)":
        "mean et std doivent avoir chacun {count} valeurs (une par entrée)",
    "std contains 0": "std contient 0",
    "no normalisation (mean/std or scale)": "aucune normalisation (mean/std ou scale)",
    "output must be one of {kinds}, not {output!r}": "output doit être l’un de {kinds}, pas {output!r}",
    "no output classes": "aucune classe de sortie",
    "class codes must fit in 0..255": "les codes de classe doivent tenir dans 0..255",
    "no modalities": "aucune modalité",
    "no tasks": "aucune tâche",
    "task {task}: nomenclature {nomenclature!r} is not one of {nomenclatures}":
        "tâche {task} : la nomenclature {nomenclature!r} n’est pas l’une de {nomenclatures}",
    "{name}: kind {kind!r} is not image or series": "{name} : le type {kind!r} n’est ni image ni series",
    "{name}: {bands} bands but {sources} source bands": "{name} : {bands} bandes mais {sources} bandes sources",
    "{name}: mean and std must both have {count} values": "{name} : mean et std doivent avoir chacun {count} valeurs",
    "{name}: std contains 0": "{name} : std contient 0",
    "{name}: mean and std must be finite numbers (not nan or inf)":
        "{name} : mean et std doivent être des nombres finis (ni nan ni inf)",
    "{name}: an image modality needs its normalisation (mean and std)":
        "{name} : une modalité image demande sa normalisation (mean et std)",
    "{name}: a time series needs dates_input and a date_rule ({rules})":
        "{name} : une série temporelle demande dates_input et une date_rule ({rules})",
    "{name}: resolution must be positive": "{name} : la résolution doit être positive",
    "{name}: a context square needs a positive width and a fixed px_at_tile":
        "{name} : un carré de contexte demande une largeur positive et un px_at_tile fixe",
    "the model's {key} metadata is not valid JSON: {error}":
        "les métadonnées {key} du modèle ne sont pas du JSON valide : {error}",
    "the model gives one score per pixel (an (N, H, W) output or a single channel), read as 2 classes (under or "
    "over the threshold), but its card describes {classes} classes":
        "le modèle donne un score par pixel (une sortie (N, H, W) ou un seul canal), lu comme 2 classes (sous ou "
        "au-dessus du seuil), mais sa fiche décrit {classes} classes",
    "the model has {outputs} output channels but its card describes {classes} classes":
        "le modèle a {outputs} canaux de sortie mais sa fiche décrit {classes} classes",
    "the model takes {inputs} input channels but its card names {count} roles ({roles})":
        "le modèle prend {inputs} canaux d’entrée mais sa fiche nomme {count} rôles ({roles})",
    "no model {model!r} in the catalogue; did you mean {close}?":
        "aucun modèle {model!r} dans le catalogue ; vouliez-vous dire {close} ?",
    "no model {model!r} in the catalogue; `python -m inference models list` shows them":
        "aucun modèle {model!r} dans le catalogue ; `python -m inference models list` les liste",
    "cannot read the model catalogue {path}: {error}": "impossible de lire le catalogue de modèles {path} : {error}",
    "catalogue {path}: model {model} lacks {key}": "catalogue {path} : il manque {key} au modèle {model}",
    "catalogue {path}: model {model} has converter {converter!r}; use one of {converters}":
        "catalogue {path} : le modèle {model} a le convertisseur {converter!r} ; utilisez l’un de {converters}",
    "{url}: models are downloaded over https only; correct the address in the catalogue":
        "{url} : les modèles ne se téléchargent qu’en https ; corrigez l’adresse dans le catalogue",
    "{name}: got {got} bytes, more than the expected {size}; the partial file was deleted, try again":
        "{name} : {got} octets reçus, plus que les {size} attendus ; le fichier partiel a été supprimé, réessayez",
    "{name}: the transfer stopped after {done} of {total}; run the download again to resume it":
        "{name} : le transfert s’est arrêté après {done} sur {total} ; relancez le téléchargement pour le reprendre",
    "{name}: checksum mismatch (SHA-256 {digest}, expected {expected}); the file is corrupt or not the released one "
    "and was deleted":
        "{name} : somme de contrôle différente (SHA-256 {digest}, attendu {expected}) ; le fichier est corrompu ou "
        "n’est pas celui publié, il a été supprimé",
    "{name}: {got} bytes where the released file has {size} (a truncated or different file)":
        "{name} : {got} octets alors que le fichier publié en a {size} (un fichier tronqué ou différent)",
    "{name}: checksum mismatch (SHA-256 {digest}, expected {expected}): not the released file":
        "{name} : somme de contrôle différente (SHA-256 {digest}, attendu {expected}) : ce n’est pas le fichier "
        "publié",
    "{url}: the server's answers to a resumed download are inconsistent; try again later":
        "{url} : les réponses du serveur à un téléchargement repris sont incohérentes ; réessayez plus tard",
    "the server {host} answered {code} {reason} for {url}": "le serveur {host} a répondu {code} {reason} pour {url}",
    "cannot reach {host} (redirected there by {origin}): {reason} (check the network or proxy settings)":
        "impossible de joindre {host} (redirection demandée par {origin}) : {reason} (vérifiez le réseau ou les "
        "réglages du proxy)",
    "cannot reach {host}: {reason} (check the network or proxy settings)":
        "impossible de joindre {host} : {reason} (vérifiez le réseau ou les réglages du proxy)",
    "{host} did not answer within {seconds:.0f} s": "{host} n’a pas répondu en {seconds:.0f} s",
    "bad download address {url!r}: {error}": "adresse de téléchargement incorrecte {url!r} : {error}",
    "{url}: the server offers {total} bytes but {size} are expected; not downloading":
        "{url} : le serveur propose {total} octets mais {size} sont attendus ; pas de téléchargement",
    "the transfer was interrupted after {done} of {total} ({error}); run the download again to resume it":
        "le transfert a été interrompu après {done} sur {total} ({error}) ; relancez le téléchargement pour le "
        "reprendre",
    "the transfer was interrupted after {done} of {total}; run the download again to resume it":
        "le transfert a été interrompu après {done} sur {total} ; relancez le téléchargement pour le reprendre",
    # the tiling grid (core/grid.py)
    "tile must be > 0 and margin >= 0 (got tile={tile}, margin={margin})":
        "la tuile doit être > 0 et la marge >= 0 (reçu tuile={tile}, marge={margin})",
    "margin {margin} is too large for tile {tile}: the tile must be more than twice the margin":
        "la marge {margin} est trop grande pour la tuile {tile} : la tuile doit faire plus du double de la marge",
    "empty extent {bounds}": "emprise vide {bounds}",
    "resolution must be positive (got {res})": "la résolution doit être positive (reçu {res})",
    # multi-source inputs and run safety (segment/, labels/)
    # a time series' dates and layout (segment/modalities/timeseries.py)
    "{modality}: cannot read its dates file {path}: {reason}":
        "{modality} : impossible de lire son fichier de dates {path} : {reason}",
    "{modality}: {path} is not a text file of dates; give one YYYYMMDD or YYYY-MM-DD per line":
        "{modality} : {path} n’est pas un fichier texte de dates ; donnez une date AAAAMMJJ ou AAAA-MM-JJ par ligne",
    "{modality}: line {line} of {path} ({text!r}) is not a date; write one YYYYMMDD or YYYY-MM-DD per line":
        "{modality} : la ligne {line} de {path} ({text!r}) n’est pas une date ; écrivez une date AAAAMMJJ ou "
        "AAAA-MM-JJ par ligne",
    "{modality}: {date} is in {path} twice (lines {first} and {line}); each date of imagery needs its own date":
        "{modality} : {date} figure deux fois dans {path} (lignes {first} et {line}) ; chaque image doit avoir sa "
        "propre date",
    "{modality}: cannot open {path}: {error}": "{modality} : impossible d’ouvrir {path} : {error}",
    "{modality}: {path} holds no raster whose name contains a date (YYYYMMDD)":
        "{modality} : {path} ne contient aucun raster dont le nom porte une date (AAAAMMJJ)",
    "{modality}: {path} has {count} bands; each date needs the model's {bands}":
        "{modality} : {path} a {count} bandes ; chaque date demande les {bands} bandes du modèle",
    "file names": "noms des fichiers",
    "{name}'s name": "le nom de {name}",
    "band descriptions": "descriptions des bandes",
    "band {band}'s description": "la description de la bande {band}",
    "{modality}: {path} has {count} bands, not a multiple of the model's {bands} bands per date (dates must be "
    "stacked date-major, {bands} bands each)":
        "{modality} : {path} a {count} bandes, pas un multiple des {bands} bandes par date du modèle (les dates "
        "doivent être empilées l’une après l’autre, {bands} bandes chacune)",
    "{modality}: the dates of {path} are unknown: give a dates file ({dates_option}, one YYYYMMDD per line), or put "
    "them in the band descriptions":
        "{modality} : les dates de {path} sont inconnues : donnez un fichier de dates ({dates_option}, une date "
        "AAAAMMJJ par ligne) ou écrivez-les dans les descriptions des bandes",
    "{modality}: {count} dates ({origin}) for {frames} dates of imagery in {path}":
        "{modality} : {count} dates ({origin}) pour {frames} dates d’imagerie dans {path}",
    "{modality}: date(s) {dates} appear twice ({origin}); each date of imagery needs its own date":
        "{modality} : date(s) {dates} en double ({origin}) ; chaque image doit avoir sa propre date",
    "{modality}: {origin} lists its dates out of chronological order ({first} first, {last} last) and {name} has no "
    "band descriptions to confirm them: line i must be the date of the i-th group of bands; if it is not, the map "
    "is wrong":
        "{modality} : {origin} donne ses dates hors de l’ordre chronologique ({first} en premier, {last} en dernier) "
        "et {name} n’a pas de descriptions de bandes pour les confirmer : la ligne i doit être la date du i-ème "
        "groupe de bandes ; sinon, la carte est fausse",
    "{modality}: its dates span {span} days ({first} -> {last}); the models were trained on one year of images: "
    "give at most a year":
        "{modality} : ses dates s’étendent sur {span} jours ({first} -> {last}) ; les modèles ont été entraînés sur "
        "un an d’images : donnez au plus une année",
    "{modality}: its mask {mask} has {count} bands; it needs 2 per date (snow, cloud), {needed} in all":
        "{modality} : son masque {mask} a {count} bandes ; il en faut 2 par date (neige, nuages), {needed} en tout",
    "{modality}: {origin} says {date} but {where} says {other}; fix whichever is wrong so each image gets its own "
    "date":
        "{modality} : {origin} indique {date} mais {where} indique {other} ; corrigez celui qui se trompe pour que "
        "chaque image ait sa propre date",
    "unknown date rule {rule!r}": "règle de dates inconnue {rule!r}",
    "unknown average {mode!r}; use one of {choices}": "moyenne inconnue {mode!r} ; utilisez l’une de celles-ci : {choices}",
    # a modality's files (segment/modalities/tile.py, named.py)
    "{label}: {error}": "{label} : {error}",
    "{label}: no file for band(s) {bands}; give {bands_option}":
        "{label} : aucun fichier pour la ou les bandes {bands} ; donnez {bands_option}",
    "{label}: {path}:{band}: bands are numbered from 1 (the file's first band is 1)":
        "{label} : {path}:{band} : les bandes sont numérotées à partir de 1 (la première bande du fichier est la 1)",
    "{label}: {path} has {count} band(s), there is no band {band} (the model reads {bands})":
        "{label} : {path} a {count} bande(s), il n’y a pas de bande {band} (le modèle lit {bands})",
    "{label}: {path} is in degrees ({crs}): reproject it to Lambert-93 (EPSG:2154)":
        "{label} : {path} est en degrés ({crs}) : reprojetez-le en Lambert-93 (EPSG:2154)",
    "{label}: {path}'s CRS cannot be brought to the area's ({error}); reproject it to the area's CRS":
        "{label} : le SCR de {path} ne peut pas être ramené à celui de la zone ({error}) ; reprojetez-le dans le SCR "
        "de la zone",
    "a geographic CRS": "un SCR géographique",
    "the model needs {names}; give {inputs_option}": "le modèle a besoin de {names} ; donnez {inputs_option}",
    "the area is in degrees ({crs}): reproject the reference modality's file to Lambert-93 (EPSG:2154)":
        "la zone est en degrés ({crs}) : reprojetez le fichier de la modalité de référence en Lambert-93 (EPSG:2154)",
    "{label}: {path} has NaN or infinite values in the model's {context:g} m context around the tile centred at x "
    "{x:.1f}, y {y:.1f}; fill them or declare them as nodata and give a series that covers the context":
        "{label} : {path} a des valeurs NaN ou infinies dans le contexte de {context:g} m du modèle autour de la "
        "tuile centrée en x {x:.1f}, y {y:.1f} ; remplissez-les ou déclarez-les sans donnée, et donnez une série qui "
        "couvre le contexte",
    "{label}: {path} does not cover the model's {context:g} m context around the tile centred at x {x:.1f}, y "
    "{y:.1f}; give a series that covers it":
        "{label} : {path} ne couvre pas le contexte de {context:g} m du modèle autour de la tuile centrée en x "
        "{x:.1f}, y {y:.1f} ; donnez une série qui le couvre",
    "{name}: this model reads {known}, not {name}": "{name} : ce modèle lit {known}, pas {name}",
    "{name} is a time series: give the series itself ({series_option})":
        "{name} est une série temporelle : donnez la série elle-même ({series_option})",
    "{name}: give either one file or its bands one by one, not both (a .dates or .mask is for a time series)":
        "{name} : donnez soit un fichier, soit ses bandes une à une, pas les deux (un .dates ou un .mask est pour "
        "une série temporelle)",
    "{label}: {path} has no CRS; assign it one first": "{label} : {path} n’a pas de SCR ; attribuez-lui-en un d’abord",
    "{options}: not available for a multi-source model ({name}), which runs at its card's tiles and grids; leave "
    "them out":
        "{options} : indisponibles pour un modèle multi-source ({name}), qui tourne avec les tuiles et les grilles "
        "de sa fiche ; retirez-les",
    "{options}: not available for a multi-source model ({name}), which runs at its card's tiles and grids; leave "
    "it out":
        "{options} : indisponible pour un modèle multi-source ({name}), qui tourne avec les tuiles et les grilles "
        "de sa fiche ; retirez-le",
    "{name} is a multi-source model: give each modality by its name ({inputs_option}), not bands by role":
        "{name} est un modèle multi-source : donnez chaque modalité par son nom ({inputs_option}), pas des bandes "
        "par rôle",
    # the aerial acquisition a FLAIR#2 U-T&T model needs (segment/modalities/metadata.py)
    "write the day as YYYY-MM-DD, e.g. 2021-06-15": "écrivez le jour sous la forme AAAA-MM-JJ, par ex. 2021-06-15",
    "the model encodes the year as one of {first}..{last} (IGN's training years); give the date with the nearest "
    "of those years":
        "le modèle code l’année parmi {first}..{last} (les années d’entraînement de l’IGN) ; donnez la date avec la "
        "plus proche de ces années",
    "write the time the image was taken as HH:MM, e.g. 10:30":
        "écrivez l’heure de la prise de vue sous la forme HH:MM, par ex. 10:30",
    "{time} is night in France: aerial images are taken in daylight; give the local time of the flight, e.g. 10:30":
        "{time}, c’est la nuit en France : les images aériennes sont prises de jour ; donnez l’heure locale du vol, "
        "par ex. 10:30",
    "give a number of metres, e.g. 120": "donnez un nombre de mètres, par ex. 120",
    "no ground lies at {altitude:g} m (the Dead Sea shore is at {lowest:g} m, Everest {highest:g} m); give the "
    "ground altitude of the area in metres, e.g. 120":
        "aucun sol ne se trouve à {altitude:g} m (la rive de la mer Morte est à {lowest:g} m, l’Everest à {highest:g} "
        "m) ; donnez l’altitude du sol de la zone en mètres, par ex. 120",
    "{metadate_option:{value}}: {problem}": "{metadate_option:{value}} : {problem}",
    "{metatime_option:{value}}: {problem}": "{metatime_option:{value}} : {problem}",
    "{metacamera_option:{value}}: {problem}": "{metacamera_option:{value}} : {problem}",
    "{metaaltitude_option:{value}}: {problem}": "{metaaltitude_option:{value}} : {problem}",
    "day the aerial image was taken, YYYY-MM-DD (IGN's years 2018..2021 only)":
        "jour de la prise de vue aérienne, AAAA-MM-JJ (années 2018..2021 de l’IGN seulement)",
    "time it was taken, HH:MM (IGN writes 9h08)": "heure de la prise de vue, HH:MM (l’IGN écrit 9h08)",
    "camera name, e.g. UCE-M3-f100-s06 (only whether it contains UCE matters)":
        "nom de la caméra, par ex. UCE-M3-f100-s06 (seul compte qu’il contienne UCE ou non)",
    "ground altitude of the area in metres (IGN's patch_centroid_z)":
        "altitude du sol de la zone en mètres (patch_centroid_z de l’IGN)",
    "unknown metadata {unknown}; this model reads {known}": "métadonnées inconnues {unknown} ; ce modèle lit {known}",
    "the model was trained with aerial metadata and needs {values}":
        "le modèle a été entraîné avec des métadonnées de prise de vue aérienne et demande {values}",
    "cannot place the tile in {crs} for the metadata: {error}":
        "impossible de placer la tuile dans {crs} pour les métadonnées : {error}",
    "this model takes no aerial metadata; leave out {given}":
        "ce modèle ne prend pas de métadonnées de prise de vue aérienne ; retirez {given}",
    "the model's metadata input is {encoding!r} with {values} values; this version knows only {known!r} (FLAIR#2's "
    "45 values): update the plugin":
        "l’entrée de métadonnées du modèle est {encoding!r} avec {values} valeurs ; cette version ne connaît que "
        "{known!r} (les 45 valeurs de FLAIR#2) : mettez à jour l’extension",
    # the run's files, read back before they replace the previous ones (segment/commit.py)
    "{name} came back {width} x {height} px instead of {want_width} x {want_height}":
        "{name} relu fait {width} x {height} px au lieu de {want_width} x {want_height}",
    "{name} could not be read back after writing ({error}); is the disk full? The previous files were kept.":
        "{name} n’a pas pu être relu après l’écriture ({error}) ; le disque est-il plein ? Les fichiers précédents "
        "ont été gardés.",
    "{name} read back differs from what was written; is the disk failing? The previous files were kept.":
        "{name} relu diffère de ce qui a été écrit ; le disque est-il défaillant ? Les fichiers précédents ont été "
        "gardés.",
    "could not write {final}: {reason}. Nothing was replaced; free some space or choose another folder.":
        "impossible d’écrire {final} : {reason}. Rien n’a été remplacé ; libérez de la place ou choisissez un autre "
        "dossier.",
    "{final} could not be read back: {error}": "{final} n’a pas pu être relu : {error}",
    "could not replace {final}: {reason}. It may be open in another program (a layer in QGIS, a viewer): close it "
    "or choose another file. Nothing was replaced.":
        "impossible de remplacer {final} : {reason}. Il est peut-être ouvert dans un autre programme (une couche "
        "dans QGIS, une visionneuse) : fermez-le ou choisissez un autre fichier. Rien n’a été remplacé.",
    "{final} came back different from what was written; is the disk full?":
        "{final} relu diffère de ce qui a été écrit ; le disque est-il plein ?",
    "the staged file for {final} disappeared; nothing was replaced":
        "le fichier préparé pour {final} a disparu ; rien n’a été remplacé",
    "could not finish the files in {folder}: {error}": "impossible de finaliser les fichiers dans {folder} : {error}",
    # opening the inputs (segment/sources.py, segment/stack.py, labels/style.py)
    "{path} is empty (0 bytes); was it copied completely? Export it again.":
        "{path} est vide (0 octet) ; a-t-il été copié entièrement ? Exportez-le à nouveau.",
    "{path} is a folder, not a raster; give a raster file (or a .vrt of the folder's tiles)":
        "{path} est un dossier, pas un raster ; donnez un fichier raster (ou un .vrt des dalles du dossier)",
    "{path} is rotated or sheared; warp it to a north-up grid first":
        "{path} est tourné ou cisaillé ; reprojetez-le d’abord sur une grille orientée au nord",
    "cannot open raster {path}: {error}. Is it a raster GDAL can read, and whole?":
        "impossible d’ouvrir le raster {path} : {error}. Est-ce un raster que GDAL sait lire, et est-il complet ?",
    "{path} has no CRS and is not on the output grid; assign it a CRS (gdal_edit.py -a_srs EPSG:2154 {name}) or "
    "pass {crs_option} with the CRS its coordinates are in":
        "{path} n’a pas de SCR et n’est pas sur la grille de sortie ; attribuez-lui un SCR (gdal_edit.py -a_srs "
        "EPSG:2154 {name}) ou indiquez dans {crs_option} le SCR de ses coordonnées",
    "cannot read {path} ({error}); is the file truncated or damaged? Check it with gdalinfo -checksum, or export it "
    "again.":
        "impossible de lire {path} ({error}) ; le fichier est-il tronqué ou endommagé ? Vérifiez-le avec gdalinfo "
        "-checksum ou exportez-le à nouveau.",
    "{role}: {name} has {count} band(s), there is no band {band}":
        "{role} : {name} a {count} bande(s), il n’y a pas de bande {band}",
    "the model has no {role} input (it takes {roles}); remove {role}=...":
        "le modèle n’a pas d’entrée {role} (il prend {roles}) ; retirez {role}=...",
    "{name} has {count} bands but only {left} input role(s) are left to fill ({free}); the model takes {inputs} "
    "inputs ({roles}). Pick bands explicitly with {roles_option}.":
        "{name} a {count} bandes mais il ne reste que {left} rôle(s) d’entrée à remplir ({free}) ; le modèle prend "
        "{inputs} entrées ({roles}). Choisissez les bandes explicitement avec {roles_option}.",
    "none": "aucun",
    "no source for input role(s) {missing}{hint}; the model takes {roles}. Add {sources_option}.":
        "aucune source pour le ou les rôles d’entrée {missing}{hint} ; le modèle prend {roles}. Ajoutez "
        "{sources_option}.",
    " (or DSM=... and DTM=...)": " (ou DSM=... et DTM=...)",
    "cannot open {path} as a raster ({error}); give a label GeoTIFF":
        "impossible d’ouvrir {path} comme raster ({error}) ; donnez un GeoTIFF de classes",
    "cannot write the style {qml}: a folder has that name; rename or move it and run again":
        "impossible d’écrire le style {qml} : un dossier porte ce nom ; renommez-le ou déplacez-le, puis relancez",
    "cannot write the style beside {path} ({reason}): the folder {folder} is read-only. Copy the raster to a folder "
    "you can write to and style it there.":
        "impossible d’écrire le style à côté de {path} ({reason}) : le dossier {folder} est en lecture seule. Copiez "
        "le raster dans un dossier où vous pouvez écrire et appliquez-y le style.",
    "{path} has {count} band(s), there is no band {band}": "{path} a {count} bande(s), il n’y a pas de bande {band}",
    "{path} holds {dtype} values: imagery or a continuous raster (heights, scores), not labels; a label raster holds "
    "integer class codes":
        "{path} contient des valeurs {dtype} : de l’imagerie ou un raster continu (hauteurs, scores), pas des "
        "classes ; un raster de classes contient des codes de classes entiers",
    # a multi-source model's values in the units it expects (segment/modalities/values.py)
    "{label} holds {fill}, which is no altitude: a fill value for missing data, and the file sets no nodata value, "
    "so it would be read as a pit {depth:g} m deep. Declare it as nodata (gdal_edit.py -a_nodata {fill} {name}) and "
    "run again.":
        "{label} contient {fill}, qui n’est pas une altitude : une valeur de remplissage des données manquantes, et "
        "le fichier ne déclare aucune valeur sans donnée, elle serait donc lue comme un trou de {depth:g} m de "
        "profondeur. Déclarez-la comme sans donnée (gdal_edit.py -a_nodata {fill} {name}) et relancez.",
    "{label} is in {unit!r} (the file's unit tag), the model expects metres; convert it (e.g. gdal_calc.py, x 0.3048 "
    "for feet, / 100 for centimetres) and give that file.":
        "{label} est en {unit!r} (l’unité déclarée par le fichier), le modèle attend des mètres ; convertissez-le "
        "(p. ex. gdal_calc.py, x 0.3048 pour des pieds, / 100 pour des centimètres) et donnez ce fichier.",
    "{label} has heights above ground up to {top:.0f} (99.5th percentile), beyond any building or tree in metres: "
    "centimetres or decimetres? Give the elevation in metres.":
        "{label} a des hauteurs au-dessus du sol jusqu’à {top:.0f} (99,5e centile), au-delà de tout bâtiment ou "
        "arbre en mètres : des centimètres ou des décimètres ? Donnez l’élévation en mètres.",
    "{label}: {path} band {band}": "{label} : {path} bande {band}",
    "values {min:g}..{max:g} ({dtype})": "des valeurs {min:g}..{max:g} ({dtype})",
    "floats between {min:g} and {max:g}": "des réels entre {min:g} et {max:g}",
    "{label} holds {what}; the model expects 8-bit digital numbers 0..255 and would give a plausible but wrong map. "
    "Give the 8-bit imagery (e.g. gdal_translate -ot Byte -scale for 16-bit, x 255 for 0..1).":
        "{label} contient {what} ; le modèle attend des comptes numériques sur 8 bits, 0..255, et donnerait une "
        "carte plausible mais fausse. Donnez l’imagerie sur 8 bits (p. ex. gdal_translate -ot Byte -scale pour du "
        "16 bits, x 255 pour du 0..1).",
    "{label} holds values {min:g}..{max:g}: reflectance as 0..1. The model was trained on {what}; multiply by 10000 "
    "(and keep integers) and give that file.":
        "{label} contient des valeurs {min:g}..{max:g} : une réflectance en 0..1. Le modèle a été entraîné sur "
        "{what} ; multipliez par 10000 (en gardant des entiers) et donnez ce fichier.",
    "{label} is 8-bit (values up to {max:g}); the model was trained on {what}, not on an 8-bit display product. "
    "Give the original product.":
        "{label} est sur 8 bits (valeurs jusqu’à {max:g}) ; le modèle a été entraîné sur {what}, pas sur un produit "
        "d’affichage sur 8 bits. Donnez le produit d’origine.",
    "SPOT 6-7 digital numbers (IGN's means 433..1137)":
        "des comptes numériques SPOT 6-7 (moyennes de l’IGN 433..1137)",
    "Sentinel-2 L2A reflectance x 10000": "la réflectance Sentinel-2 L2A x 10000",
    "{label} reaches {top:.0f}: not altitudes in metres (feet or centimetres?). Give the DSM and DTM in metres.":
        "{label} atteint {top:.0f} : ce ne sont pas des altitudes en mètres (des pieds ou des centimètres ?). "
        "Donnez le MNS et le MNT en mètres.",
    "heights above ground up to {top:.0f} (DSM - DTM, 99.5th percentile)":
        "des hauteurs au-dessus du sol jusqu’à {top:.0f} (MNS - MNT, 99,5e centile)",
    "a terrain rising {slope:.1f} per unit of distance between neighbouring pixels (median)":
        "un terrain qui monte de {slope:.1f} par unité de distance entre pixels voisins (médiane)",
    "{label}: {path} gives {what}: not metres (centimetres or decimetres?). Give the DSM and DTM in metres.":
        "{label} : {path} donne {what} : pas des mètres (des centimètres ou des décimètres ?). Donnez le MNS et le "
        "MNT en mètres.",
    "{label}: the DSM ({dsm_path} band {dsm_band}, {dsm_lo:.0f}..{dsm_hi:.0f} m) lies below the DTM ({dtm_path} band "
    "{dtm_band}, {dtm_lo:.0f}..{dtm_hi:.0f} m): are they swapped? The surface model (DSM, with buildings and trees) "
    "comes first.":
        "{label} : le MNS ({dsm_path} bande {dsm_band}, {dsm_lo:.0f}..{dsm_hi:.0f} m) est sous le MNT ({dtm_path} "
        "bande {dtm_band}, {dtm_lo:.0f}..{dtm_hi:.0f} m) : sont-ils inversés ? Le modèle de surface (MNS, avec "
        "bâtiments et arbres) vient en premier.",
    "{label}: values down to {lowest:.1f} look like backscatter in dB; whether IGN's models take dB or linear values "
    "is not verified (docs/multisource.md): check the map against what you know of the area":
        "{label} : des valeurs jusqu’à {lowest:.1f} ressemblent à une rétrodiffusion en dB ; il n’est pas vérifié "
        "que les modèles de l’IGN prennent des dB plutôt que des valeurs linéaires (docs/multisource.md) : comparez "
        "la carte à ce que vous savez de la zone",
    # what a run decided for the user (segment/plan.py, segment/checks.py: result.notes)
    "the extent reaches beyond the imagery{which}: the map covers only where there is imagery, {width} x {height} "
    "px of the {asked_width} x {asked_height} px asked (top left corner {x0:.2f}, {y0:.2f}); pass an extent "
    "within the imagery to choose the area yourself":
        "l’emprise dépasse l’imagerie{which} : la carte ne couvre que là où il y a de l’imagerie, {width} x "
        "{height} px des {asked_width} x {asked_height} px demandés (coin haut gauche {x0:.2f}, {y0:.2f}) ; "
        "donnez une emprise dans l’imagerie pour choisir la zone vous-même",
    "{name} has pixels of {res:.6g} x {yres:.6g} m (not square): the output's square {res:.6g} m pixels "
    "resample it in y ({rows} rows become {height}); choose another pixel size if need be ({res_option})":
        "{name} a des pixels de {res:.6g} x {yres:.6g} m (non carrés) : les pixels carrés de {res:.6g} m de la "
        "sortie le rééchantillonnent en y ({rows} lignes deviennent {height}) ; choisissez une autre taille de "
        "pixel si besoin ({res_option})",
    "{names} has no CRS: its coordinates are taken to be in {crs} ({crs_option})":
        "{names} n’a pas de SCR : ses coordonnées sont lues dans {crs} ({crs_option})",
    "{name} is in degrees, not metres: the output is in {crs} ({crs_name}) so that pixels and areas are in "
    "metres. Choose another output CRS if need be ({crs_option}).":
        "{name} est en degrés, pas en mètres : la sortie est en {crs} ({crs_name}) pour que pixels et surfaces "
        "soient en mètres. Choisissez un autre SCR pour la sortie si besoin ({crs_option}).",
    "{name} is in Web Mercator, not ground metres: the output is in {crs} ({crs_name}) so that pixels and "
    "areas are in metres. Choose another output CRS if need be ({crs_option}).":
        "{name} est en Web Mercator, pas en mètres au sol : la sortie est en {crs} ({crs_name}) pour que pixels "
        "et surfaces soient en mètres. Choisissez un autre SCR pour la sortie si besoin ({crs_option}).",
    # why a label raster's encoding was guessed, or could not be (labels/guess.py: EncodingGuess.reason)
    "the file carries the class names of {title}": "le fichier porte les noms de classes du codage « {title} »",
    "a FLAIR-HUB AERIAL_LABEL-COSIA file (0-based, FLAIR-HUB order)":
        "un fichier AERIAL_LABEL-COSIA de FLAIR-HUB (indices à partir de 0, ordre de FLAIR-HUB)",
    "a FLAIR-HUB ALL_LABEL-LPIS file (23 crop-type classes, 0-based)":
        "un fichier ALL_LABEL-LPIS de FLAIR-HUB (23 types de cultures RPG, indices à partir de 0)",
    "a FLAIR#1/#2 mask (MSK_*) holding codes 1..19": "un masque FLAIR#1/#2 (MSK_*) aux codes 1..19",
    "nodata is 0 and every value is a FLAIR code 1..19":
        "la valeur sans donnée est 0 et chaque valeur est un code FLAIR 1..19",
    "values {found} fit no label encoding (at most 0..22)":
        "les valeurs {found} ne correspondent à aucun codage de classes (0..22 au plus)",
    "only {title} has a class for every value": "seul le codage « {title} » a une classe pour chaque valeur",
    "no value 0, which suggests FLAIR codes 1..19, but 0-based indices fit too":
        "aucune valeur 0, ce qui suggère des codes FLAIR 1..19, mais des indices à partir de 0 conviennent aussi",
    "named like a FLAIR#1 baseline prediction (13 classes, 0-based), but other 0-based encodings fit too":
        "nommé comme une prédiction de référence FLAIR#1 (13 classes, indices à partir de 0), mais d’autres "
        "codages à partir de 0 conviennent aussi",
    "values {found} fit {count} encodings": "les valeurs {found} correspondent à {count} codages",
    # output files (segment/sink.py, segment/commit.py)
    "output folder does not exist: {folder}": "le dossier de sortie n’existe pas : {folder}",
    "cannot write in {folder}: choose another output path":
        "impossible d’écrire dans {folder} : choisissez un autre fichier de sortie",
    "output path is a folder: {path}": "la sortie est un dossier : {path}",
    "{path} exists and is read-only; make it writable or choose another output path":
        "{path} existe et est en lecture seule ; rendez-le modifiable ou choisissez un autre fichier de sortie",
    "{output}: the result needs about {need:.1f} MB ({width} x {height} px) and only {free:.1f} MB is free in "
    "{folder}. Free some space, choose another folder, or cover a smaller area ({extent_option}).":
        "{output} : le résultat demande environ {need:.1f} Mo ({width} x {height} px) et seuls {free:.1f} Mo "
        "sont libres dans {folder}. Libérez de la place, choisissez un autre dossier ou une zone plus petite "
        "({extent_option}).",
    "{output}: the result needs about {need:.1f} MB ({width} x {height} px plus the confidence raster) and only "
    "{free:.1f} MB is free in {folder}. Free some space, choose another folder, or cover a smaller area "
    "({extent_option}).":
        "{output} : le résultat demande environ {need:.1f} Mo ({width} x {height} px et le raster de confiance) "
        "et seuls {free:.1f} Mo sont libres dans {folder}. Libérez de la place, choisissez un autre dossier ou "
        "une zone plus petite ({extent_option}).",
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
    # the run's inputs and output (segment/checks.py, segment/plan.py, segment/pipeline.py)
    "the output {output} would replace {file}, the input raster; choose another output path":
        "la sortie {output} remplacerait {file}, le raster d’entrée ; choisissez un autre fichier de sortie",
    "the output {output} would replace {file}, the input raster; choose another output path (the run writes "
    "{written})":
        "la sortie {output} remplacerait {file}, le raster d’entrée ; choisissez un autre fichier de sortie "
        "(l’exécution écrit {written})",
    "the output {output} would replace {file}, a file that goes with the input {input}; choose another output "
    "path":
        "la sortie {output} remplacerait {file}, un fichier qui accompagne l’entrée {input} ; choisissez un autre "
        "fichier de sortie",
    "the output {output} would replace {file}, a file that goes with the input {input}; choose another output "
    "path (the run writes {written})":
        "la sortie {output} remplacerait {file}, un fichier qui accompagne l’entrée {input} ; choisissez un autre "
        "fichier de sortie (l’exécution écrit {written})",
    "the output {output} would replace the model {model}; choose another output path":
        "la sortie {output} remplacerait le modèle {model} ; choisissez un autre fichier de sortie",
    "{option} {crs}: write an EPSG code as EPSG: and digits only, e.g. EPSG:2154":
        "{option} {crs} : écrivez un code EPSG sous la forme EPSG: suivi de chiffres seulement, p. ex. EPSG:2154",
    "{option} {crs} is not a CRS that PROJ knows; give it as EPSG:NNNN (e.g. EPSG:2154 over France), as WKT or "
    "as a PROJ string":
        "{option} {crs} n’est pas un SCR que PROJ connaît ; donnez-le sous la forme EPSG:NNNN (p. ex. EPSG:2154 en "
        "France), en WKT ou en chaîne PROJ",
    "{option} {crs} is in degrees; the output needs a CRS in metres (e.g. EPSG:2154 over France, or the UTM "
    "zone: EPSG:326xx)":
        "{option} {crs} est en degrés ; la sortie demande un SCR en mètres (p. ex. EPSG:2154 en France, ou la "
        "zone UTM : EPSG:326xx)",
    "{option} {crs} is Web Mercator, whose metres are not ground metres (a pixel covers about 0.7 of its size "
    "over France); the output needs a projected CRS such as EPSG:2154 over France, or the UTM zone: EPSG:326xx":
        "{option} {crs} est en Web Mercator, dont les mètres ne sont pas ceux du terrain (un pixel y couvre environ "
        "0,7 fois sa taille en France) ; la sortie demande un SCR projeté comme EPSG:2154 en France, ou la zone "
        "UTM : EPSG:326xx",
    "{path}: no such file": "{path} : fichier introuvable",
    "{path} is a folder, not a raster": "{path} est un dossier, pas un raster",
    "{path} is empty (0 bytes); was it copied completely?": "{path} est vide (0 octet) ; a-t-il été copié en entier ?",
    "{path} cannot be read as a raster ({reason}); is it truncated or not a raster? Check the file (gdalinfo "
    "-checksum) or export it again.":
        "{path} ne peut pas être lu comme un raster ({reason}) ; est-il tronqué, ou n’est-ce pas un raster ? "
        "Vérifiez le fichier (gdalinfo -checksum) ou exportez-le à nouveau.",
    "{path} cannot be read ({reason}); is it truncated or damaged? Check it with gdalinfo -checksum, or export it "
    "again.":
        "{path} ne peut pas être lu ({reason}) ; est-il tronqué ou endommagé ? Vérifiez-le avec gdalinfo "
        "-checksum, ou exportez-le à nouveau.",
    "the extent {extent} lies outside every input ({name} covers {bounds} in {crs}); pick an extent over the "
    "imagery":
        "l’emprise {extent} est en dehors de toutes les entrées ({name} couvre {bounds} en {crs}) ; choisissez "
        "une emprise sur l’imagerie",
    "the inputs have no area in common over the output grid ({where}): an output pixel needs every input; give "
    "inputs that overlap, or an {extent_option} where they do":
        "les entrées n’ont aucune zone commune sur la grille de sortie ({where}) : un pixel de sortie demande "
        "toutes les entrées ; donnez des entrées qui se recouvrent, ou une emprise ({extent_option}) où elles se "
        "recouvrent",
    # the imagery's values (segment/modalities/values.py role_factor)
    "{label} holds negative values (down to {min:g}); the model expects 8-bit digital numbers 0..255. Give the "
    "raw 8-bit imagery.":
        "{label} contient des valeurs négatives (jusqu’à {min:g}) ; le modèle attend des comptes numériques sur "
        "8 bits, 0..255. Donnez l’imagerie brute sur 8 bits.",
    "{label} holds {bits}-bit values (up to {max:g}, {dtype}); the model expects 8-bit digital numbers 0..255 "
    "and would give a plausible but wrong map. Convert the imagery to 8 bits (e.g. gdal_translate -ot Byte "
    "-scale), or ask to rescale ({rescale_option}) 0..{top} onto 0..255.":
        "{label} contient des valeurs sur {bits} bits (jusqu’à {max:g}, {dtype}) ; le modèle attend des comptes "
        "numériques sur 8 bits, 0..255, et donnerait une carte plausible mais fausse. Convertissez l’imagerie "
        "en 8 bits (p. ex. gdal_translate -ot Byte -scale), ou demandez la remise à l’échelle ({rescale_option}) de "
        "0..{top} vers 0..255.",
    "{label} holds floats between {min:g} and {max:g}; the model expects 8-bit digital numbers 0..255 and would "
    "give a plausible but wrong map. Multiply by 255 (or give the 8-bit imagery), or ask to rescale "
    "({rescale_option}) here.":
        "{label} contient des réels entre {min:g} et {max:g} ; le modèle attend des comptes numériques sur 8 bits, "
        "0..255, et donnerait une carte plausible mais fausse. Multipliez par 255 (ou donnez l’imagerie sur "
        "8 bits), ou demandez la remise à l’échelle ({rescale_option}) ici.",
    "{label} rescaled to 0..255 (x {factor:.6g}) as asked ({rescale_option})":
        "{label} remis à l’échelle 0..255 (x {factor:.6g}) comme demandé ({rescale_option})",
    "{label} starts at {lo:.0f} m (values {lo:.0f}..{hi:.0f}): these look like altitudes (a DSM), not heights "
    "above the ground. Give DSM=<surface model> and DTM=<terrain model> (NDSM = DSM - DTM), or a height raster.":
        "{label} commence à {lo:.0f} m (valeurs {lo:.0f}..{hi:.0f}) : ce sont des altitudes (un MNS), pas des "
        "hauteurs au-dessus du sol. Donnez le MNS (DSM=<modèle de surface>) et le MNT (DTM=<modèle de terrain>) "
        "(MNH = MNS − MNT), ou un raster de hauteurs.",
    # polygons (vector/checks.py)
    "{output}: polygons are written to a GeoPackage; name the output NAME.gpkg":
        "{output} : les polygones sont écrits dans un GeoPackage ; nommez la sortie NOM.gpkg",
    "{path} has {count} bands: it looks like imagery, not a label raster (one band of class codes). Give the "
    "map the segmentation wrote, or segment this image first.":
        "{path} a {count} bandes : c’est une image, pas un raster de classes (une bande de codes de classes). "
        "Donnez la carte écrite par la segmentation, ou segmentez d’abord cette image.",
    "{path} holds {dtype} values: imagery or scores, not class codes. Give a label raster (integers, one class "
    "per value).":
        "{path} contient des valeurs {dtype} : une image ou des scores, pas des codes de classes. Donnez un raster "
        "de classes (entiers, une classe par valeur).",
    "{path} has no CRS: its polygons would lie nowhere. Give it one (e.g. gdal_edit.py -a_srs EPSG:2154) and try "
    "again.":
        "{path} n’a pas de SCR : ses polygones ne seraient nulle part. Donnez-lui en un (p. ex. gdal_edit.py "
        "-a_srs EPSG:2154) et réessayez.",
    "{path} is in degrees: areas in m^2 and a minimum mapping unit need a CRS in metres. Reproject it (gdalwarp "
    "-r near -t_srs EPSG:2154) first.":
        "{path} est en degrés : des surfaces en m² et une unité minimale de collecte demandent un SCR en mètres. "
        "Reprojetez-le d’abord (gdalwarp -r near -t_srs EPSG:2154).",
    "{path} holds values up to {high}: it looks like imagery, not a label raster (class codes go up to {most}). "
    "Give the map the segmentation wrote.":
        "{path} contient des valeurs jusqu’à {high} : c’est une image, pas un raster de classes (les codes de "
        "classes vont jusqu’à {most}). Donnez la carte écrite par la segmentation.",
    # land take (change/run.py, change/pair.py)
    "the output {output} must be a GeoPackage (.gpkg)": "la sortie {output} doit être un GeoPackage (.gpkg)",
    "the folder {folder} does not exist; create it or choose another output":
        "le dossier {folder} n’existe pas ; créez-le ou choisissez une autre sortie",
    "zones need a field that names each zone ({zone_field_option})":
        "les zones demandent un champ qui nomme chaque zone ({zone_field_option})",
    "{what} {path} holds floating-point values: a label raster holds class numbers (a FLAIR map written by "
    "segment). Is it imagery, heights or a confidence raster?":
        "{path} ({what}) contient des valeurs réelles : un raster de classes contient des numéros de classes (une "
        "carte FLAIR écrite par la segmentation). Est-ce une image, des hauteurs ou un raster de confiance ?",
    "{what} {path} holds values up to {high}: this looks like imagery, not a label raster. Give the land-cover "
    "map of that vintage (segment the imagery first).":
        "{path} ({what}) contient des valeurs jusqu’à {high} : c’est une image, pas un raster de classes. Donnez la "
        "carte d’occupation du sol de ce millésime (segmentez d’abord l’imagerie).",
    # settings a run refuses (segment/checks.py, segment/pipeline.py, segment/modalities/*.py)
    "{tile_option:{tile}}: the tile size must be a positive number of pixels (e.g. 512)":
        "{tile_option:{tile}} : la taille des tuiles doit être un nombre positif de pixels (p. ex. 512)",
    "{margin_option:{margin}}: the margin must be 0 or more pixels":
        "{margin_option:{margin}} : la marge doit être de 0 pixel ou plus",
    "{margin_option:{margin}} is too large for {tile_option:{tile}}: the tile must be more than twice the margin "
    "(at most {most})":
        "{margin_option:{margin}} est trop grande pour {tile_option:{tile}} : la tuile doit faire plus du double "
        "de la marge (au plus {most})",
    "{batch_option:{batch}}: the batch must be 1 or more tiles":
        "{batch_option:{batch}} : un lot compte 1 tuile ou plus",
    "{res_option:{resolution}}: the pixel size must be a positive number of metres (e.g. 0.2)":
        "{res_option:{resolution}} : la taille du pixel doit être un nombre positif de mètres (p. ex. 0,2)",
    "{threads_option:{threads}}: use 0 (all cores) or a number of threads up to {cores}":
        "{threads_option:{threads}} : utilisez 0 (tous les cœurs) ou un nombre de fils d’exécution jusqu’à {cores}",
    "{threads_option:{threads}}: this machine has {cores} cores and more threads than cores only slows ONNX "
    "Runtime down (hundreds of times at {threads}); use 0 (all cores) or at most {cores}":
        "{threads_option:{threads}} : cette machine a {cores} cœurs, et plus de fils d’exécution que de cœurs ne "
        "fait que ralentir ONNX Runtime (des centaines de fois à {threads}) ; utilisez 0 (tous les cœurs) ou "
        "{cores} au plus",
    "this model only takes {height}x{width} tiles; use {tile_option:{height}}":
        "ce modèle ne prend que des tuiles de {height}x{width} ; utilisez {tile_option:{height}}",
    "{name} gives {oh} x {ow} px for a {tile} px tile ({need} px lost on each side), so the margin "
    "({margin_option:{margin}}) must be at least {need}: use {margin_option:{need}} or more":
        "{name} donne {oh} x {ow} px pour une tuile de {tile} px ({need} px perdus de chaque côté) : la marge "
        "({margin_option:{margin}}) doit donc être d’au moins {need} ; utilisez {margin_option:{need}} ou plus",
    "{name} gives less than its input ({oh} x {ow} px for {tile} px); {stitch_option:blend} needs the whole tile: "
    "use {stitch_option:crop}":
        "{name} donne moins que son entrée ({oh} x {ow} px pour {tile} px) ; {stitch_option:blend} demande la "
        "tuile entière : utilisez {stitch_option:crop}",
    "{filter_option} must be one of {choices}, not {given!r}":
        "{filter_option} doit valoir {choices}, pas {given!r}",
    "{average_option} must be one of {choices}, not {given!r}":
        "{average_option} doit valoir {choices}, pas {given!r}",
    "{name} takes a series of any size, so its tiles are moved inside the series here instead of padded; blend "
    "stitching needs the regular tiles: use {stitch_option:crop}":
        "{name} prend une série de toute taille : ses tuiles sont ici déplacées dans la série au lieu d’être "
        "complétées ; le raccord par fondu demande les tuiles régulières : utilisez {stitch_option:crop}",
    "FLAIR#2 models were trained with monthly means or none, not {mode}: use {average_option:monthly} or none":
        "les modèles FLAIR#2 ont été entraînés avec des moyennes mensuelles ou sans moyenne, pas {mode} : "
        "utilisez {average_option:monthly} ou none",
    "{label}: every date is cloudy or snowy over the tile at x {x:.1f}, y {y:.1f} ({count} dates, mask {mask}); "
    "give clearer dates or {filter_option:off}":
        "{label} : toutes les dates sont nuageuses ou enneigées sur la tuile en x {x:.1f}, y {y:.1f} ({count} "
        "dates, masque {mask}) ; donnez des dates plus claires ou {filter_option:off}",
    # the model's run (models/session.py)
    "CUDA was asked for but this onnxruntime has no CUDA provider (available: {available}). Install "
    "onnxruntime-gpu with a matching CUDA, or use {device_option:auto/cpu}.":
        "CUDA a été demandé mais cet onnxruntime n’a pas de fournisseur CUDA (disponibles : {available}). "
        "Installez onnxruntime-gpu avec un CUDA qui lui correspond, ou utilisez {device_option:auto/cpu}.",
    "{name} gave NaN or infinite scores, so its classes cannot be trusted and the run stopped (nothing was "
    "written or replaced). The model may be broken, or fed values it was not made for: check its normalisation "
    "({mean_option}/{std_option} or {scale_option}, or the card's for a multi-source model: info) and the input "
    "ranges.":
        "{name} a donné des scores NaN ou infinis : ses classes ne sont pas fiables et l’exécution s’est arrêtée "
        "(rien n’a été écrit ni remplacé). Le modèle est peut-être abîmé, ou a reçu des valeurs pour lesquelles "
        "il n’est pas fait : vérifiez sa normalisation ({mean_option}/{std_option} ou {scale_option}, ou celle de "
        "la fiche pour un modèle multi-source : info) et les plages de valeurs des entrées.",
    "ONNX Runtime failed running {name} on {shapes} ({reason}). Check that the model file is whole and was "
    "converted by this plugin.":
        "ONNX Runtime a échoué en exécutant {name} sur {shapes} ({reason}). Vérifiez que le fichier du modèle est "
        "entier et a été converti par cette extension.",
    "ONNX Runtime failed running {name} on a {shape} input ({reason}). The card gives it {channels} input "
    "channel(s) ({roles}) in tiles of {tile} px: check these match the model ({roles_option}, {tile_option}), or "
    "that the model file is whole.":
        "ONNX Runtime a échoué en exécutant {name} sur une entrée {shape} ({reason}). La fiche lui donne {channels} "
        "canal(aux) d’entrée ({roles}) en tuiles de {tile} px : vérifiez qu’ils correspondent au modèle "
        "({roles_option}, {tile_option}), ou que le fichier du modèle est entier.",
    # block runs (scale/dask_run.py, scale/job.py)
    "{workers_option} and {scheduler_option} need dask and distributed, which are not installed: pip install -r "
    "requirements/scale.txt (or pip install 'dask[distributed]')":
        "{workers_option} et {scheduler_option} demandent dask et distributed, qui ne sont pas installés : pip "
        "install -r requirements/scale.txt (ou pip install 'dask[distributed]')",
    "{workers_option:{workers}}: give 1 or more worker processes, or leave {workers_option} out to run in this "
    "process":
        "{workers_option:{workers}} : donnez 1 processus de calcul ou plus, ou laissez {workers_option} de côté "
        "pour exécuter dans ce processus",
    "{workers_option} must be at least 1 (got {workers})": "{workers_option} doit valoir au moins 1 (reçu {workers})",
    "{scheduler_option:{scheduler}} is a folder, not a scheduler file (written by `dask scheduler --scheduler-file "
    "FILE`) nor an address like tcp://HOST:8786":
        "{scheduler_option:{scheduler}} est un dossier, ni un fichier d’ordonnanceur (écrit par `dask scheduler "
        "--scheduler-file FILE`) ni une adresse comme tcp://HÔTE:8786",
    "{scheduler_option:{scheduler}} does not exist; it is neither a scheduler file (written by `dask scheduler "
    "--scheduler-file FILE`) nor an address like tcp://HOST:8786":
        "{scheduler_option:{scheduler}} n’existe pas ; ce n’est ni un fichier d’ordonnanceur (écrit par `dask "
        "scheduler --scheduler-file FILE`) ni une adresse comme tcp://HÔTE:8786",
    "cannot find a Python to start Dask workers from {executable}: run without {workers_option} (in this "
    "process), or from a shell":
        "impossible de trouver un Python pour lancer les processus Dask depuis {executable} : exécutez sans "
        "{workers_option} (dans ce processus), ou depuis un terminal",
    "{name} takes a series of any size, so its tiles here are moved inside the series instead of padded, which "
    "blocks cannot follow: run it without {workers_option}, {scheduler_option} or {block_option}":
        "{name} prend une série de toute taille : ses tuiles sont ici déplacées dans la série au lieu d’être "
        "complétées, ce que les blocs ne peuvent pas suivre ; exécutez-le sans {workers_option}, "
        "{scheduler_option} ni {block_option}",
    # label encodings (labels/guess.py, vector/checks.py, change/pair.py)
    "none fits": "aucun ne convient",
    "cannot tell how {name} is encoded ({reason}); candidates: {candidates}. Say which with {encoding_option}.":
        "impossible de dire comment {name} est codé ({reason}) ; candidats : {candidates}. Dites lequel avec "
        "{encoding_option}.",
    "cannot tell the {what} encoding of {path} ({reason}); candidates: {candidates}. Say which with "
    "{encoding_option}.":
        "impossible de dire le codage de {path} ({what} ; {reason}) ; candidats : {candidates}. Dites lequel avec "
        "{encoding_option}.",
    "cannot tell the encoding of {path} ({reason}); candidates: {candidates}. Say which with {encoding_option}.":
        "impossible de dire le codage de {path} ({reason}) ; candidats : {candidates}. Dites lequel avec "
        "{encoding_option}.",
    "{path} holds values {extra} that are no classes of {title}; check {encoding_option}":
        "{path} contient les valeurs {extra}, qui ne sont pas des classes du codage « {title} » ; vérifiez "
        "{encoding_option}",
    "{what} {path} holds values {extra} that are not classes of {title}; check {encoding_option}":
        "{path} ({what}) contient les valeurs {extra}, qui ne sont pas des classes du codage « {title} » ; vérifiez "
        "{encoding_option}",
    "{before_option} looks like {before} and {after_option} like {after}. If that is right, say so: {both_option}; "
    "otherwise give the encoding both are in with {encoding_option}.":
        "La carte d’avant ({before_option}) ressemble à « {before} » et celle d’après ({after_option}) à « {after} ». "
        "Si c’est juste, dites-le : {both_option} ; sinon donnez le codage commun aux deux avec {encoding_option}.",
    # comparing a prediction with a reference (qa/compare.py)
    "the reference has no georeferencing: areas are in pixels, not m²":
        "la référence n’est pas géoréférencée : les surfaces sont en pixels, pas en m²",
    "the reference CRS is geographic: areas in m² are wrong; use a projected CRS":
        "le SCR de la référence est géographique : les surfaces en m² sont fausses ; utilisez un SCR projeté",
    "reference values {values} are not classes of {title}; they were counted as nodata (check the encoding)":
        "les valeurs {values} de la référence ne sont pas des classes du codage « {title} » ; elles ont été "
        "comptées comme sans donnée (vérifiez le codage)",
    "prediction values {values} are not classes of {title}: {pixels} pixels over the reference's classes hold "
    "them and were counted as errors (check {encoding_option})":
        "les valeurs {values} de la prédiction ne sont pas des classes du codage « {title} » : {pixels} pixels sur "
        "les classes de la référence les portent et ont été comptés comme erreurs (vérifiez {encoding_option})",
    # a block run resumed (scale/run.py)
    "resuming: {done} of {total} blocks already done in {folder}":
        "reprise : {done} blocs sur {total} déjà faits dans {folder}",
    # a model without our card (models/card.py)
    "this model has no FLAIR model card, so these must be given: {missing}":
        "ce modèle n’a pas de fiche de modèle FLAIR, il faut donc donner : {missing}",
    "input roles for its {count} input channels ({roles_option})":
        "les rôles de ses {count} canaux d’entrée ({roles_option})",
    "input roles for its unknown number of input channels ({roles_option})":
        "les rôles de ses canaux d’entrée, en nombre inconnu ({roles_option})",
    "what its outputs mean ({classes_option})": "ce que signifient ses sorties ({classes_option})",
    "its normalisation ({mean_option} and {std_option} in 0..255 units, or {scale_option})":
        "sa normalisation ({mean_option} et {std_option} en unités 0..255, ou {scale_option})",
    "started afresh: the {what} changed since the interrupted run, so its blocks were discarded":
        "nouveau départ : changement depuis l’exécution interrompue ({what}), ses blocs ont été écartés",
    "model": "modèle",
    "inputs": "entrées",
    "parameters ({keys})": "paramètres ({keys})",
    "the engine's manifest format": "format du manifeste du moteur",
    # land take (change/)
    "unknown encoding {given}; use one of {encodings}": "codage inconnu {given} ; utilisez l’un de ceux-ci : {encodings}",
    "crop types (lpis) say nothing about artificialisation: give land-cover maps":
        "les types de cultures (lpis) ne disent rien de l’artificialisation : donnez des cartes d’occupation du sol",
    "one vintage has 13 classes (pools, greenhouses, ... merged into 'other') and the other 19: every pool and "
    "greenhouse would show as a change. Compare maps of the same model family.":
        "un millésime a 13 classes (piscines, serres, ... fondues dans « autre ») et l’autre 19 : chaque piscine et "
        "chaque serre apparaîtrait comme un changement. Comparez des cartes de la même famille de modèles.",
    "{before_option} {path} has no CRS: the two vintages cannot be placed on the map; assign it one":
        "{path} ({before_option}) n’a pas de SCR : les deux millésimes ne peuvent pas être placés sur la carte ; "
        "attribuez-lui un SCR",
    "{after_option} {path} has no CRS: the two vintages cannot be placed on the map; assign it one":
        "{path} ({after_option}) n’a pas de SCR : les deux millésimes ne peuvent pas être placés sur la carte ; "
        "attribuez-lui un SCR",
    "{before_option} {path} is in degrees: areas would be wrong; warp it to a metric CRS (Lambert-93 in France)":
        "{path} ({before_option}) est en degrés : les surfaces seraient fausses ; reprojetez-le dans un SCR "
        "métrique (Lambert-93 en France)",
    "the CRSs of {before_option} and {after_option} cannot be related ({reason}); warp {after_option} into "
    "{before_option}'s CRS":
        "les SCR des cartes d’avant ({before_option}) et d’après ({after_option}) ne peuvent pas être reliés "
        "({reason}) ; reprojetez la carte d’après ({after_option}) dans le SCR de celle d’avant ({before_option})",
    "the CRSs of {before_option} and {after_option} cannot be related; warp {after_option} into {before_option}'s "
    "CRS":
        "les SCR des cartes d’avant ({before_option}) et d’après ({after_option}) ne peuvent pas être reliés ; "
        "reprojetez la carte d’après ({after_option}) dans le SCR de celle d’avant ({before_option})",
    "{before_option} {before} and {after_option} {after} do not overlap: give two maps of the same area":
        "{before} ({before_option}) et {after} ({after_option}) ne se recouvrent pas : donnez deux cartes de la même "
        "zone",
    "the output {output} would replace the input {input}; choose another output path":
        "la sortie {output} remplacerait l’entrée {input} ; choisissez un autre fichier de sortie",
    "cannot open the zones {path}: {reason}": "impossible d’ouvrir les zones {path} : {reason}",
    "cannot open the zones {path}: not a vector file OGR reads":
        "impossible d’ouvrir les zones {path} : ce n’est pas un fichier vecteur qu’OGR sait lire",
    "no layer {layer} in the zones {path}": "pas de couche {layer} dans les zones {path}",
    "the zones {path} have no field {field}; their fields: {fields}. Name the field that identifies each zone (e.g. "
    "the commune's INSEE code).":
        "les zones {path} n’ont pas de champ {field} ; leurs champs : {fields}. Donnez le champ qui identifie "
        "chaque zone (p. ex. le code INSEE de la commune).",
    "the zones {path} have no CRS: taken to be the rasters' CRS":
        "les zones {path} n’ont pas de SCR : leurs coordonnées sont lues dans le SCR des rasters",
    "the zones {path} cannot be reprojected into the rasters' CRS: {reason}":
        "les zones {path} ne peuvent pas être reprojetées dans le SCR des rasters : {reason}",
    "a zone could not be reprojected into the rasters' CRS": "une zone n’a pas pu être reprojetée dans le SCR des rasters",
    "{count} zones: at most {most} can be balanced at once; split the area":
        "{count} zones : on ne peut faire le bilan que de {most} zones au plus à la fois ; découpez le territoire",
    "the zones {path} hold no polygon": "les zones {path} ne contiennent aucun polygone",
    "the zones {path} miss the rasters: no zone lies over the area both vintages cover. Check that they are zones of "
    "this area (and their CRS).":
        "les zones {path} ne touchent pas les rasters : aucune zone ne se trouve sur la surface que couvrent les deux "
        "millésimes. Vérifiez que ce sont des zones de ce territoire (et leur SCR).",
    "cannot read the artificialisation table {path}: {reason}":
        "impossible de lire la table d’artificialisation {path} : {reason}",
    "{path}: the first line must be {header} (FLAIR code, 1 or 0, m²)":
        "{path} : la première ligne doit être {header} (code FLAIR, 1 ou 0, m²)",
    "{path}, line {line}: code {code} is listed twice": "{path}, ligne {line} : le code {code} figure deux fois",
    "{path}, line {line}: expected 3 values (code, artificialised, threshold_m2), got {count}":
        "{path}, ligne {line} : 3 valeurs attendues (code, artificialised, threshold_m2), il y en a {count}",
    "{path}, line {line}: code {code} is not a FLAIR code 1..19":
        "{path}, ligne {line} : le code {code} n’est pas un code FLAIR 1..19",
    "{path}, line {line}: artificialised must be 1 or 0, not {value}":
        "{path}, ligne {line} : artificialised doit valoir 1 ou 0, pas {value}",
    "{path}, line {line}: threshold_m2 {value} is not a number of m²":
        "{path}, ligne {line} : threshold_m2 {value} n’est pas un nombre de m²",
    "{path}, line {line}: threshold_m2 must be 0 or more m², not {value}":
        "{path}, ligne {line} : threshold_m2 doit valoir 0 m² ou plus, pas {value}",
    "more than {most} different (transition, zone) combinations: balance fewer zones at once":
        "plus de {most} combinaisons (transition, zone) différentes : faites le bilan de moins de zones à la fois",
    "measuring patches needs scipy; install it into this Python (pip install scipy, or your distribution's "
    "python3-scipy)":
        "mesurer les taches demande scipy ; installez-le dans ce Python (pip install scipy, ou le paquet "
        "python3-scipy de votre distribution)",
    "could not write the change polygons into {target}: {reason}. Nothing was replaced; is the disk full?":
        "impossible d’écrire les polygones de changement dans {target} : {reason}. Rien n’a été remplacé ; le disque "
        "est-il plein ?",
    "{mmu_option:{mmu}}: a minimum mapping unit is 0 or more m²":
        "{mmu_option:{mmu}} : une unité minimale de collecte vaut 0 m² ou plus",
    "window {window}: at least 64 pixels": "fenêtre {window} : 64 pixels au moins",
    "{what} {name} holds values {values} that are not classes of {encoding}: they were left out as nodata (check "
    "the encoding)":
        "{name} ({what}) contient les valeurs {values}, qui ne sont pas des classes de {encoding} : elles ont été "
        "écartées comme sans donnée (vérifiez le codage)",
    "{count} zone(s) lie outside the area both vintages cover (0 ha): {zones}":
        "{count} zone(s) hors de la surface que couvrent les deux millésimes (0 ha) : {zones}",
    # Dask and block runs (scale/)
    "cannot reach the Dask scheduler at {scheduler} ({error}). Is `dask scheduler` running there, and is its port "
    "open from this machine? Nothing was lost.":
        "impossible de joindre l’ordonnanceur Dask à {scheduler} ({error}). `dask scheduler` y tourne-t-il, et son "
        "port est-il ouvert depuis cette machine ? Rien n’a été perdu.",
    "the Dask scheduler at {scheduler} has no workers after {seconds} s; start some with `dask worker ADDRESS`":
        "l’ordonnanceur Dask à {scheduler} n’a aucun worker après {seconds} s ; démarrez-en avec "
        "`dask worker ADRESSE`",
    "{count} Dask worker(s) cannot use the run's files, e.g. {worker}: {problems}. Workers must see the model, the "
    "inputs and the output folder at the same paths (a shared filesystem).":
        "{count} worker(s) Dask ne peuvent pas utiliser les fichiers du calcul, par exemple {worker} : {problems}. "
        "Les workers doivent voir le modèle, les entrées et le dossier de sortie aux mêmes chemins (un système de "
        "fichiers partagé).",
    "block {index} made Dask workers die {times} times over (out of memory?). Finished blocks are kept: use a smaller "
    "{block_option} or {tile_option}, or workers with more memory, and run the same command again.":
        "le bloc {index} a fait mourir des workers Dask {times} fois (mémoire insuffisante ?). Les blocs terminés "
        "sont gardés : réduisez {block_option} ou {tile_option}, ou donnez plus de mémoire aux workers, et relancez "
        "la même commande.",
    "block {index} failed on a Dask worker: {error}; {kept}": "le bloc {index} a échoué sur un worker Dask : {error} ; "
                                                              "{kept}",
    "{finished} of the {blocks} blocks are finished and kept in {folder}; run the same command again to resume":
        "{finished} des {blocks} blocs sont terminés et gardés dans {folder} ; relancez la même commande pour "
        "reprendre",
    "lost the Dask scheduler ({where}) mid-run{detail}; {kept}":
        "l’ordonnanceur Dask ({where}) a été perdu en cours de calcul{detail} ; {kept}",
    "Dask runs crop tiles only; choose {stitch_option:crop}, or run without {workers_option}":
        "Dask ne calcule qu’en gardant le centre des tuiles ; choisissez {stitch_option:crop}, ou lancez sans "
        "{workers_option}",
    "{name} is not a raster file, so Dask workers cannot read it; save it as a GeoTIFF first, or run without "
    "{workers_option}":
        "{name} n’est pas un fichier raster, les workers Dask ne peuvent donc pas le lire ; enregistrez-le d’abord "
        "en GeoTIFF, ou lancez sans {workers_option}",
    "{block_option:{block}}: the block size must be a positive number of pixels (default {default})":
        "{block_option:{block}} : la taille des blocs doit être un nombre de pixels positif (par défaut {default})",
    "cannot read {path} to check it against an interrupted run ({error}); is it truncated or damaged?":
        "impossible de lire {path} pour le comparer au calcul interrompu ({error}) ; est-il tronqué ou abîmé ?",
    "cannot create {folder} beside the output: {error}. Choose an output folder you can write in.":
        "impossible de créer {folder} à côté du résultat : {error}. Choisissez un dossier de sortie où vous pouvez "
        "écrire.",
    "another run is writing {output}{holder}; wait for it to finish or stop it, or choose another output":
        "un autre calcul écrit {output}{holder} ; attendez qu’il finisse ou arrêtez-le, ou choisissez une autre "
        "sortie",
    "cannot read {path}": "impossible de lire {path}",
    "cannot write in {folder} ({reason})": "impossible d’écrire dans {folder} ({reason})",
    "GDAL could not build {path} from the blocks in {folder}":
        "GDAL n’a pas pu construire {path} à partir des blocs de {folder}",
    # QA, polygons, runs (qa/, vector/, segment/, scale/)
    "{root} holds neither a FLAIR#1 (D0xx_YYYY/Z*/img/IMG_*.tif) nor a FLAIR-HUB (<DOM>-<YEAR>_AERIAL_RGBI/...) "
    "dataset":
        "{root} ne contient ni un jeu de données FLAIR#1 (D0xx_YYYY/Z*/img/IMG_*.tif) ni un jeu FLAIR-HUB "
        "(<DOM>-<YEAR>_AERIAL_RGBI/...)",
    "{path} is not a FLAIR metadata JSON (an object keyed by IMG_<id>)":
        "{path} n’est pas un JSON de métadonnées FLAIR (un objet dont les clés sont IMG_<id>)",
    "{path} is not a two-band disagreement raster from 'evaluate'":
        "{path} n’est pas un raster de désaccords à deux bandes écrit par « evaluate »",
    "unknown reference encoding {encoding!r}; use one of {choices}":
        "codage de la référence inconnu : {encoding!r} ; utilisez l’un de ceux-ci : {choices}",
    "unknown prediction encoding {encoding!r}; use one of {choices}":
        "codage de la prédiction inconnu : {encoding!r} ; utilisez l’un de ceux-ci : {choices}",
    "cannot compare {reference} with {prediction}: crop types and land cover are different nomenclatures":
        "impossible de comparer « {reference} » avec « {prediction} » : les types de cultures et l’occupation du "
        "sol sont des nomenclatures différentes",
    "{path} is not a north-up raster; warp it to a north-up grid first":
        "{path} n’est pas orienté au nord ; reprojetez-le d’abord sur une grille orientée au nord",
    "{path} has non-square pixels ({width} x {height}); resample it first":
        "{path} a des pixels non carrés ({width} x {height}) ; rééchantillonnez-le d’abord",
    "cannot open polygon file {path}": "impossible d’ouvrir le fichier de polygones {path}",
    "no layer {layer!r} in {path}": "pas de couche {layer!r} dans {path}",
    "polygons need a georeferenced reference raster":
        "des polygones demandent un raster de référence géoréférencé",
    "{path} has no band {band}": "{path} n’a pas de bande {band}",
    "one raster has no georeferencing: compared pixel for pixel (same size)":
        "un des rasters n’est pas géoréférencé : comparés pixel à pixel (même taille)",
    "{path} has no georeferencing and the two rasters differ in size; place it first (for FLAIR baseline "
    "predictions: from the dataset's metadata JSON)":
        "{path} n’est pas géoréférencé et les deux rasters n’ont pas la même taille ; placez-le d’abord (pour les "
        "prédictions de référence FLAIR : à partir du JSON de métadonnées du jeu de données)",
    "{reference} and {prediction} have no pixel to compare{within}: they do not overlap, or one of them is nodata "
    "wherever the other has data. Check that both cover the same area (and their nodata values); nothing was "
    "written.":
        "{reference} et {prediction} n’ont aucun pixel à comparer{within} : ils ne se recouvrent pas, ou l’un est "
        "sans donnée partout où l’autre a des données. Vérifiez qu’ils couvrent la même zone (et leurs valeurs "
        "sans donnée) ; rien n’a été écrit.",
    " inside {within}": " à l’intérieur de {within}",
    "cannot open {path} as a raster ({error})": "impossible d’ouvrir {path} comme raster ({error})",
    "could not write {target} ({error}); is the disk full or the folder read-only? Nothing was replaced.":
        "impossible d’écrire {target} ({error}) ; le disque est-il plein ou le dossier en lecture seule ? Rien n’a "
        "été remplacé.",
    "{target} came back with {count} polygons instead of {written}; is the disk full? Nothing was replaced.":
        "{target} relu contient {count} polygones au lieu de {written} ; le disque est-il plein ? Rien n’a été "
        "remplacé.",
    "vectorising failed (exit code {code})": "la vectorisation a échoué (code de sortie {code})",
    "{path} cannot be read as a label raster ({reason})":
        "{path} ne peut pas être lu comme raster de classes ({reason})",
    "{path} cannot be read as a confidence raster ({reason})":
        "{path} ne peut pas être lu comme raster de confiance ({reason})",
    "{path} is rotated; warp it to a north-up grid (gdalwarp -r near) first":
        "{path} est tourné ; reprojetez-le d’abord sur une grille orientée au nord (gdalwarp -r near)",
    "{confidence} is not on the grid of {labels} (size or position differ); give the confidence raster written "
    "with this map":
        "{confidence} n’est pas sur la grille de {labels} (taille ou position différentes) ; donnez le raster de "
        "confiance écrit avec cette carte",
    "{path} holds {dtype} values; a confidence raster holds a probability (0..1) or our 0..255 scale":
        "{path} contient des valeurs {dtype} ; un raster de confiance contient une probabilité (0..1) ou notre "
        "échelle 0..255",
    "could not write {path}: {reason}. Is the disk full? Nothing was replaced; free some space or choose another "
    "folder.":
        "impossible d’écrire {path} : {reason}. Le disque est-il plein ? Rien n’a été remplacé ; libérez de la "
        "place ou choisissez un autre dossier.",
    "cannot create {path}: {error}": "impossible de créer {path} : {error}",
    "could not finish writing {path}: {reason}. Is the disk full? Nothing was replaced; free some space or choose "
    "another folder.":
        "impossible de terminer l’écriture de {path} : {reason}. Le disque est-il plein ? Rien n’a été remplacé ; "
        "libérez de la place ou choisissez un autre dossier.",
    "{name} has no CRS, so the sources cannot be placed together; assign a CRS to the file (gdal_edit.py -a_srs "
    "EPSG:2154 {name}) or pass {crs_option} with the CRS its coordinates are in":
        "{name} n’a pas de SCR, les sources ne peuvent donc pas être placées ensemble ; attribuez un SCR au fichier "
        "(gdal_edit.py -a_srs EPSG:2154 {name}) ou indiquez dans {crs_option} le SCR de ses coordonnées",
    "{names} has no CRS while other sources have one; assign it a CRS first":
        "{names} n’a pas de SCR alors que d’autres sources en ont un ; attribuez-lui d’abord un SCR",
    "cannot transform {name} from its CRS to {crs}: {error}":
        "impossible de transformer {name} de son SCR vers {crs} : {error}",
    "nothing to classify: every pixel of the area is nodata in at least one input ({names}: the file's nodata "
    "value, NaN, or outside the file). Check the inputs' nodata values and that they cover the same area; nothing "
    "was written or replaced.":
        "rien à classer : chaque pixel de la zone est sans donnée dans au moins une entrée ({names} : valeur sans "
        "donnée du fichier, NaN, ou hors du fichier). Vérifiez les valeurs sans donnée des entrées et qu’elles "
        "couvrent la même zone ; rien n’a été écrit ni remplacé.",
    "{stitch_option} must be crop or blend, not {stitch!r}":
        "{stitch_option} doit valoir crop ou blend, pas {stitch!r}",
    "{name} gives {oh} x {ow} px for a {tile} px tile; only outputs the size of the input or smaller (valid "
    "convolutions) can be placed on the map":
        "{name} donne {oh} x {ow} px pour une tuile de {tile} px ; seules des sorties de la taille de l’entrée ou "
        "plus petites (convolutions « valid ») peuvent être placées sur la carte",
    "{name} is a single-source model: give its bands by role (R=FILE ...), not named inputs ({inputs})":
        "{name} est un modèle à une source : donnez ses bandes par rôle (R=FICHIER ...), pas des entrées nommées "
        "({inputs})",
    "unknown role {role!r} in {arg!r}: the roles are {roles} (and B5, B6, ... for the extra bands of models made "
    "for Deepness)":
        "rôle inconnu {role!r} dans {arg!r} : les rôles sont {roles} (et B5, B6, ... pour les bandes "
        "supplémentaires des modèles faits pour Deepness)",
    "{arg}: band {band} does not exist; bands are numbered from 1":
        "{arg} : la bande {band} n’existe pas ; les bandes sont numérotées à partir de 1",
    "--readers cannot start reader processes inside this Dask worker (its process is daemonic): start the workers "
    "with the Dask setting distributed.worker.daemon: false, or drop --readers":
        "--readers ne peut pas lancer de processus de lecture dans ce worker Dask (son processus est un démon) : "
        "démarrez les workers avec le réglage Dask distributed.worker.daemon: false, ou retirez --readers",
    "{count} block(s) were not produced (first: {first}); run the same command again to finish them":
        "{count} bloc(s) n’ont pas été produits (le premier : {first}) ; relancez la même commande pour les "
        "terminer",
    # converting multi-source checkpoints (convert/multisource/)
    "{output} T={t}: max |logit diff| {diff:.2e}, argmax agreement {agreement:.4f}% over {pixels} px":
        "{output} T={t} : écart max des logits {diff:.2e}, accord des argmax {agreement:.4f} % sur {pixels} px",
    "the ONNX exporter failed: {kind}: {reason}":
        "l’export ONNX a échoué : {kind} : {reason}",
    "{name}: ONNX output shape {got} differs from torch's {ref}":
        "{name} : la forme de la sortie ONNX {got} diffère de celle de torch {ref}",
    "{name}: the {modality} U-TAE lacks {key}; is this an IGN FLAIR-HUB checkpoint?":
        "{name} : il manque {key} au U-TAE de {modality} ; est-ce bien un checkpoint FLAIR-HUB de l’IGN ?",
    "{name}: no encoders.{modality}.seg_model.* keys":
        "{name} : aucune clé encoders.{modality}.seg_model.*",
    "{name}: unknown modality {modalities}; known: {known}":
        "{name} : modalité inconnue {modalities} ; connues : {known}",
    "{name}: no main_decoders.<TASK> keys, so its tasks are unknown":
        "{name} : aucune clé main_decoders.<TÂCHE>, ses tâches sont donc inconnues",
    "{name}: no {key} key, so the classes of {task} are unknown":
        "{name} : pas de clé {key}, les classes de {task} sont donc inconnues",
    "{name} does not fit the multi-source model its keys describe:":
        "{name} ne correspond pas au modèle multi-source que décrivent ses clés :",
    "{name} does not fit the FLAIR#2 U-T&T model its keys describe:":
        "{name} ne correspond pas au modèle U-T&T de FLAIR#2 que décrivent ses clés :",
    "  {key}: checkpoint {got}, model {expected}":
        "  {key} : checkpoint {got}, modèle {expected}",
    "  (a Swin's window table depends on the tile it was trained at: convert at {tile_option:512})":
        "  (la table de fenêtres d’un Swin dépend de la tuile de son entraînement : convertissez avec "
        "{tile_option:512})",
    "{name}: the aerial U-Net (arch_vhr) lacks its encoder, decoder blocks or segmentation head; is this an IGN "
    "FLAIR#2 U-T&T checkpoint?":
        "{name} : il manque au U-Net aérien (arch_vhr) son encodeur, les blocs de son décodeur ou sa tête de "
        "segmentation ; est-ce bien un checkpoint U-T&T de FLAIR#2 de l’IGN ?",
    "{name}: its U-TAE convolutions have kernel {kernel}; FLAIR#2 trains k4 s2 p1 (flair-2-config.yml)":
        "{name} : les convolutions de son U-TAE ont un noyau de {kernel} ; FLAIR#2 entraîne en k4 s2 p1 "
        "(flair-2-config.yml)",
    "{name}: U-TAE decoder width {decoder} differs from its encoder width {encoder}; FLAIR#2's fusion needs them "
    "equal":
        "{name} : la largeur {decoder} du décodeur du U-TAE diffère de celle de son encodeur, {encoder} ; la fusion "
        "de FLAIR#2 les veut égales",
    "{name}: its metadata MLP takes {values} values; FLAIR#2 encodes {known} (geo_enc_size 32 + 13) and no other "
    "encoding is known here":
        "{name} : son MLP de métadonnées prend {values} valeurs ; FLAIR#2 en encode {known} (geo_enc_size 32 + 13) "
        "et aucun autre encodage n’est connu ici",
    "{name}: its metadata MLP gives {rows} rows, which fits a {fit} px tile, not {tile}; convert with "
    "{tile_option:{fit}}":
        "{name} : son MLP de métadonnées donne {rows} lignes, ce qui convient à une tuile de {fit} px, pas de "
        "{tile} ; convertissez avec {tile_option:{fit}}",
    "the U-Net takes {channels} bands; FLAIR#2's aerial images have {count} ({bands})":
        "le U-Net prend {channels} bandes ; les images aériennes de FLAIR#2 en ont {count} ({bands})",
    "the U-TAE takes {channels} bands per date; FLAIR#2's Sentinel-2 super-areas have {count}":
        "le U-TAE prend {channels} bandes par date ; les super-zones Sentinel-2 de FLAIR#2 en ont {count}",
    "the U-Net outputs {classes} classes; FLAIR#2 has {count}":
        "le U-Net donne {classes} classes ; FLAIR#2 en a {count}",
    "{modality}: the weights take {channels} bands, IGN's modality has {count} ({bands})":
        "{modality} : les poids prennent {channels} bandes, la modalité de l’IGN en a {count} ({bands})",
    "{modality}: its normalisation is not known for {channels} bands; give it as {modality}=MEAN1,..:STD1,..":
        "{modality} : sa normalisation n’est pas connue pour {channels} bandes ; donnez-la sous la forme "
        "{modality}=MOYENNE1,..:ECART1,..",
    "{modality}: the weights take {channels} bands per date, IGN's modality has {count} ({bands})":
        "{modality} : les poids prennent {channels} bandes par date, la modalité de l’IGN en a {count} ({bands})",
    "task {task}: {classes} outputs, expected {expected}":
        "tâche {task} : {classes} sorties, {expected} attendues",
    "task {task}: {classes} outputs, expected one of {tasks}":
        "tâche {task} : {classes} sorties, tâche attendue parmi {tasks}",
    "cannot describe this model: {problems}":
        "impossible de décrire ce modèle : {problems}",
    "cannot write in {folder} (read-only): choose an output folder you can write in (-o); nothing was written":
        "impossible d’écrire dans {folder} (lecture seule) : choisissez un dossier de sortie où vous pouvez écrire "
        "(-o) ; rien n’a été écrit",
    "ONNX Runtime does not match the torch model: {checks}. Nothing was written.":
        "ONNX Runtime ne concorde pas avec le modèle torch : {checks}. Rien n’a été écrit.",
    "{label}: {error}. Nothing was written.":
        "{label} : {error}. Rien n’a été écrit.",
    "--bands/--norm name {names}, which this model does not read; it reads {reads}":
        "--bands/--norm nomment {names}, que ce modèle ne lit pas ; il lit {reads}",
    "{option} {key}: unknown modality; use one of {known}":
        "{option} {key} : modalité inconnue ; utilisez l’une de {known}",
    "the scale": "l’échelle",
    "the means": "les moyennes",
    "the stds": "les écarts-types",
    "{option}: {what} {text!r} is not a comma-separated list of numbers":
        "{option} : {what} {text!r} : ce n’est pas une liste de nombres séparés par des virgules",
    "{option}: the scale must be one positive number (scale:65535)":
        "{option} : l’échelle doit être un seul nombre positif (scale:65535)",
    "{option}: give MEAN1,MEAN2,..:STD1,STD2,.., scale:K or none":
        "{option} : donnez MOYENNE1,MOYENNE2,..:ECART1,ECART2,.., scale:K ou none",
    "{option}: {means} means but {stds} stds; give one of each per band":
        "{option} : {means} moyennes mais {stds} écarts-types ; donnez-en un de chaque par bande",
    "{option}: every mean and std must be a finite number (not nan or inf)":
        "{option} : chaque moyenne et chaque écart-type doit être un nombre fini (ni nan ni inf)",
    "{option}: every std must be positive (a zero std divides by zero)":
        "{option} : chaque écart-type doit être positif (un écart-type nul divise par zéro)",
    "{option}: give the file's bands as 1-based numbers, e.g. 1,2,3":
        "{option} : donnez les bandes du fichier par leurs numéros à partir de 1, par exemple 1,2,3",
    "{option}: bands are numbered from 1":
        "{option} : les bandes sont numérotées à partir de 1",
    "{option} {item}: write MODALITY=VALUE, e.g. {option} SPOT=...":
        "{option} {item} : écrivez MODALITÉ=VALEUR, par exemple {option} SPOT=...",
    "{option}: {modality} is given twice":
        "{option} : {modality} est donnée deux fois",
    "--bands {modality}: a time series is read as stored, {count} bands per date; reorder the file's bands instead":
        "--bands {modality} : une série temporelle est lue telle qu’elle est stockée, {count} bandes par date ; "
        "réordonnez plutôt les bandes du fichier",
    "--bands {modality}: its bands are fixed ({bands}); --bands does not apply":
        "--bands {modality} : ses bandes sont fixes ({bands}) ; --bands ne s’applique pas",
    "--bands {modality}: its file holds {count} bands ({bands}); there is no band {band}":
        "--bands {modality} : son fichier contient {count} bandes ({bands}) ; il n’y a pas de bande {band}",
    "--bands {modality}: the weights take {channels} bands, --bands gives {count} ({bands})":
        "--bands {modality} : les poids prennent {channels} bandes, --bands en donne {count} ({bands})",
    "--norm {modality}=none: an image modality is always normalised; give scale:1 to feed raw values":
        "--norm {modality}=none : une modalité image est toujours normalisée ; donnez scale:1 pour fournir les "
        "valeurs brutes",
    "--norm {modality}: {count} means/stds for the {n} bands fed ({bands}); give one per band":
        "--norm {modality} : {count} moyennes/écarts-types pour les {n} bandes fournies ({bands}) ; donnez-en un "
        "par bande",
    "--bands {modality}: {n} bands fed ({bands}) but the normalisation has {count} values; give --norm "
    "{short}=MEAN1,..:STD1,..":
        "--bands {modality} : {n} bandes fournies ({bands}) mais la normalisation a {count} valeurs ; donnez "
        "--norm {short}=MOYENNE1,..:ECART1,..",
}
