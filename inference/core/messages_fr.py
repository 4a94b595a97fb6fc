"""French versions of the engine's user messages (see messages.py), keyed by the English template.
Same placeholders; a message missing here is shown in English."""
from __future__ import annotations

FRENCH = {
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
    "none": "aucun",
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
}
