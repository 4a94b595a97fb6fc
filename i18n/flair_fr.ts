<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>@default</name>
    <message>
        <location filename="../qgis_glue/errors.py" line="63"/>
        <source>the “dates” file of its row</source>
        <translation>le fichier « dates » de sa ligne</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="64"/>
        <source>its layer, or a folder (its row)</source>
        <translation>sa couche, ou un dossier (sa ligne)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="65"/>
        <source>a layer for each (its row)</source>
        <translation>une couche pour chacune (sa ligne)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="66"/>
        <source>a layer on each of their rows</source>
        <translation>une couche sur chacune de leurs lignes</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="67"/>
        <source>a layer and band for each in the Input roles field</source>
        <translation>une couche et une bande pour chacun dans le champ Rôles des entrées</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="68"/>
        <source>date (Aerial acquisition)</source>
        <translation>date (Prise de vue aérienne)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="69"/>
        <source>time (Aerial acquisition)</source>
        <translation>heure (Prise de vue aérienne)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="70"/>
        <source>camera (Aerial acquisition)</source>
        <translation>caméra (Prise de vue aérienne)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="71"/>
        <source>altitude (Aerial acquisition)</source>
        <translation>altitude (Prise de vue aérienne)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="114"/>
        <source>its dates file parameter</source>
        <translation>son paramètre de fichier de dates</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="118"/>
        <source>its series layer or folder parameter</source>
        <translation>son paramètre de couche ou de dossier de la série</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="119"/>
        <source>a layer for each (the Elevation: DSM and DTM layer parameters)</source>
        <translation>une couche pour chacune (les paramètres « Élévation : couche MNS » et « Élévation : couche MNT »)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="120"/>
        <source>a layer for each (its parameter)</source>
        <translation>une couche pour chacune (son paramètre)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="121"/>
        <source>a layer for each (the input layer parameters)</source>
        <translation>une couche pour chacun (les paramètres des couches d’entrée)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="164"/>
        <source>cannot write {file}: {reason}</source>
        <translation>impossible d’écrire {file} : {reason}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="189"/>
        <source>get a converted model with “Get FLAIR models…”</source>
        <translation>obtenez un modèle converti avec « Obtenir des modèles FLAIR… »</translation>
    </message>
    <message>
        <location filename="../qgis_glue/models/info.py" line="98"/>
        <source>(height, 0.2 m steps)</source>
        <translation>(hauteur, pas de 0,2 m)</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="99"/>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location filename="../ui/inputs_box.py" line="102"/>
        <source>Inputs</source>
        <translation>Entrées</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="46"/>
        <source>Classes</source>
        <translation>Classes</translation>
    </message>
    <message>
        <location filename="../ui/area_box.py" line="78"/>
        <source>Resolution</source>
        <translation>Résolution</translation>
    </message>
    <message>
        <location filename="../qgis_glue/models/info.py" line="125"/>
        <source>{res} m, tiles of {tile} px</source>
        <translation>{res} m, tuiles de {tile} px</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="46"/>
        <source>Licence</source>
        <translation>Licence</translation>
    </message>
    <message>
        <location filename="../qgis_glue/models/info.py" line="82"/>
        <source>not stated</source>
        <translation>non indiquée</translation>
    </message>
    <message>
        <location filename="../qgis_glue/models/info.py" line="84"/>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../qgis_glue/models/info.py" line="90"/>
        <source>About</source>
        <translation>À propos</translation>
    </message>
    <message>
        <location filename="../qgis_glue/models/info.py" line="130"/>
        <source>This model cannot run yet:</source>
        <translation>Ce modèle ne peut pas encore tourner :</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="212"/>
        <source>Cancelled; nothing was written.</source>
        <translation>Annulé ; rien n’a été écrit.</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/base.py" line="44"/>
        <source>Unexpected error ({kind}): {error}. The details are in the log above.</source>
        <translation>Erreur inattendue ({kind}) : {error}. Les détails sont dans le journal ci-dessus.</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/provider.py" line="23"/>
        <source>FLAIR land cover</source>
        <translation>Occupation du sol FLAIR</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/provider.py" line="26"/>
        <source>FLAIR land cover (IGN FLAIR models, ONNX)</source>
        <translation>Occupation du sol FLAIR (modèles FLAIR de l’IGN, ONNX)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/qa.py" line="65"/>
        <source>Compare reference and prediction (FLAIR metrics)</source>
        <translation>Comparer référence et prédiction (métriques FLAIR)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/qa.py" line="68"/>
        <source>Compares two label rasters on the reference&apos;s grid (the prediction is resampled, nearest), optionally inside polygons. Reports the confusion matrix, per-class IoU, precision, recall, F1, areas, overall accuracy and the mIoU of the FLAIR challenge protocol (13 classes, &apos;other&apos; excluded, absent classes skipped) and over all classes present. Writes an HTML report (with the confusion heatmap) and CSV tables beside it; optionally the disagreement raster (band 1: reference class where they differ, band 2: predicted class) and the hotspots GeoPackage.</source>
        <translation>Compare deux rasters de classes sur la grille de la référence (la prédiction est rééchantillonnée au plus proche voisin), éventuellement à l’intérieur de polygones. Donne la matrice de confusion, l’IoU, la précision, le rappel et le F1 par classe, les surfaces, la précision globale et le mIoU du protocole du challenge FLAIR (13 classes, « autre » exclue, classes absentes ignorées) ainsi que sur toutes les classes présentes. Écrit un rapport HTML (avec la carte de chaleur de confusion) et des tableaux CSV à côté ; en option le raster des désaccords (bande 1 : classe de référence là où elles diffèrent, bande 2 : classe prédite) et le GeoPackage des zones de désaccord.</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/qa.py" line="82"/>
        <source>Reference (annotation) raster</source>
        <translation>Raster de référence (annotation)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/qa.py" line="83"/>
        <source>Reference values are</source>
        <translation>Les valeurs de la référence sont</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/qa.py" line="84"/>
        <source>Predicted raster</source>
        <translation>Raster prédit</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/qa.py" line="85"/>
        <source>Predicted values are</source>
        <translation>Les valeurs prédites sont</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/qa.py" line="86"/>
        <source>Only inside these polygons</source>
        <translation>Seulement à l’intérieur de ces polygones</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/qa.py" line="160"/>
        <source>Smallest hotspot (m²)</source>
        <translation>Plus petite zone de désaccord (m²)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/qa.py" line="90"/>
        <source>HTML report</source>
        <translation>Rapport HTML</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/qa.py" line="91"/>
        <source>Disagreement raster</source>
        <translation>Raster des désaccords</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/qa.py" line="164"/>
        <source>Hotspots</source>
        <translation>Zones de désaccord</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/qa.py" line="95"/>
        <source>mIoU (FLAIR protocol)</source>
        <translation>mIoU (protocole FLAIR)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/qa.py" line="96"/>
        <source>mIoU (all classes present)</source>
        <translation>mIoU (toutes les classes présentes)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/qa.py" line="97"/>
        <source>Overall accuracy</source>
        <translation>Précision globale</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/qa.py" line="98"/>
        <source>All metrics as JSON</source>
        <translation>Toutes les métriques en JSON</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/qa.py" line="145"/>
        <source>Disagreement hotspots</source>
        <translation>Zones de désaccord</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/qa.py" line="148"/>
        <source>Connected regions of a disagreement raster (from &apos;Compare reference and prediction&apos;) above a minimum area, largest first, with reference class, most frequent predicted class and area. The GeoPackage has review fields (review, comment, reviewed_at) for the QA panel.</source>
        <translation>Régions connexes d’un raster des désaccords (issu de « Comparer référence et prédiction ») au-delà d’une surface minimale, les plus grandes d’abord, avec la classe de référence, la classe prédite la plus fréquente et la surface. Le GeoPackage a des champs de revue (review, comment, reviewed_at) pour le panneau de contrôle qualité.</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/qa.py" line="159"/>
        <source>Disagreement raster (2 bands)</source>
        <translation>Raster des désaccords (2 bandes)</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="101"/>
        <source>Segment with FLAIR</source>
        <translation>Segmenter avec FLAIR</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="143"/>
        <source>ONNX model (empty: built-in baseline)</source>
        <translation>Modèle ONNX (vide : modèle de référence intégré)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="145"/>
        <source>RGB imagery (R, G, B = bands 1, 2, 3)</source>
        <translation>Image RVB (R, V, B = bandes 1, 2, 3)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="146"/>
        <source>Near-infrared (e.g. BD ORTHO IRC)</source>
        <translation>Proche infrarouge (p. ex. BD ORTHO IRC)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="147"/>
        <source>NIR band</source>
        <translation>Bande PIR</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="148"/>
        <source>Height above ground, metres (nDSM)</source>
        <translation>Hauteur au-dessus du sol, mètres (MNH)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="149"/>
        <source>nDSM band</source>
        <translation>Bande MNH</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="150"/>
        <source>DSM (with DTM, stands for nDSM)</source>
        <translation>MNS (avec le MNT, remplace le MNH)</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="142"/>
        <source>DTM</source>
        <translation>MNT</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="152"/>
        <source>Extent (empty: the whole first input)</source>
        <translation>Emprise (vide : toute la première entrée)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="153"/>
        <source>Only where these polygons are</source>
        <translation>Seulement là où sont ces polygones</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="155"/>
        <source>Resolution in metres (0: the model&apos;s)</source>
        <translation>Résolution en mètres (0 : celle du modèle)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="158"/>
        <source>Also write a confidence raster</source>
        <translation>Écrire aussi un raster de confiance</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="160"/>
        <source>Output CRS (empty: the first input&apos;s)</source>
        <translation>SCR de sortie (vide : celui de la première entrée)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="161"/>
        <source>Tile size in pixels (0: the model&apos;s)</source>
        <translation>Taille des tuiles en pixels (0 : celle du modèle)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="163"/>
        <source>Tile margin in pixels (-1: the model&apos;s)</source>
        <translation>Marge des tuiles en pixels (-1 : celle du modèle)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="165"/>
        <source>Tiles per batch (0: automatic)</source>
        <translation>Tuiles par lot (0 : automatique)</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="99"/>
        <source>Stitching</source>
        <translation>Assemblage</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="100"/>
        <source>Device</source>
        <translation>Processeur</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/result.py" line="85"/>
        <source>Land cover</source>
        <translation>Occupation du sol</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="180"/>
        <source>Confidence</source>
        <translation>Confiance</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="181"/>
        <source>Run report (JSON)</source>
        <translation>Rapport d’exécution (JSON)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="182"/>
        <source>Device that ran the model</source>
        <translation>Processeur qui a exécuté le modèle</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="147"/>
        <source>Apply FLAIR style</source>
        <translation>Appliquer le style FLAIR</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/style.py" line="33"/>
        <source>Styles a single-band label raster with the 19-class FLAIR palette and class names. Say how its values are encoded: our outputs and FLAIR masks hold codes 1..19; IGN&apos;s own inference tools write 0-based indices, whose order depends on the model family; FLAIR-HUB LPIS rasters hold 23 crop types. &apos;Guess&apos; decides only when the values, name or tags leave one possibility, and otherwise stops and lists the candidates. Writes the colour table and class names into the file (uint8 GeoTIFF) and a .qml beside it; a layer of the current project is restyled, with only the classes present in its legend.</source>
        <translation>Applique à un raster de classes à une bande la palette et les noms des 19 classes FLAIR. Indiquez comment ses valeurs sont codées : nos sorties et les masques FLAIR contiennent les codes 1..19 ; les outils d’inférence de l’IGN écrivent des indices à partir de 0, dont l’ordre dépend de la famille de modèles ; les rasters RPG de FLAIR-HUB contiennent 23 types de cultures. « Deviner » ne tranche que si les valeurs, le nom ou les métadonnées ne laissent qu’une possibilité, et sinon s’arrête et liste les candidats. Écrit la table de couleurs et les noms des classes dans le fichier (GeoTIFF uint8) et un .qml à côté ; une couche du projet courant est restylée, avec seulement les classes présentes dans sa légende.</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="151"/>
        <source>Label raster</source>
        <translation>Raster de classes</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="152"/>
        <source>Its values are</source>
        <translation>Ses valeurs sont</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="153"/>
        <source>Band</source>
        <translation>Bande</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/style.py" line="53"/>
        <source>Styled raster</source>
        <translation>Raster stylé</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/style.py" line="54"/>
        <source>Classes present</source>
        <translation>Classes présentes</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/messages.py" line="53"/>
        <source>Show more</source>
        <translation>Afficher plus</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="234"/>
        <source>no class</source>
        <translation>aucune classe</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/result.py" line="113"/>
        <source>Confidence: {path}</source>
        <translation>Confiance : {path}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/result.py" line="115"/>
        <source>Run report: {path}</source>
        <translation>Rapport d’exécution : {path}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="79"/>
        <source>the project&apos;s CRS</source>
        <translation>le SCR du projet</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="78"/>
        <source>the Resolution field</source>
        <translation>le champ Résolution</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="133"/>
        <source>the Output CRS parameter</source>
        <translation>le paramètre SCR de sortie</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="132"/>
        <source>the Resolution parameter</source>
        <translation>le paramètre Résolution en mètres</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/result.py" line="116"/>
        <source>{width} × {height} pixels at {res} m, {tiles} tile(s) on {device}</source>
        <translation>{width} × {height} pixels à {res} m, {tiles} tuile(s) sur {device}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/result.py" line="128"/>
        <source>classified</source>
        <translation>classé</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/result.py" line="131"/>
        <source>nodata</source>
        <translation>sans donnée</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/result.py" line="132"/>
        <source>code</source>
        <translation>code</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/result.py" line="132"/>
        <source>class</source>
        <translation>classe</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/result.py" line="132"/>
        <source>area</source>
        <translation>surface</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/result.py" line="132"/>
        <source>area m²</source>
        <translation>surface m²</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/runner.py" line="46"/>
        <source>a FLAIR run is already going on; cancel it first</source>
        <translation>une exécution FLAIR est déjà en cours ; annulez-la d’abord</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/runner.py" line="55"/>
        <source>Segment with FLAIR → {name}</source>
        <translation>Segmenter avec FLAIR → {name}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/runner.py" line="77"/>
        <source>the run finished but QGIS could not open its output: {error}</source>
        <translation>l’exécution est terminée mais QGIS n’a pas pu ouvrir sa sortie : {error}</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="257"/>
        <source>Cancelled; nothing was written or added.</source>
        <translation>Annulé ; rien n’a été écrit ni ajouté.</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/runner.py" line="99"/>
        <source>The run failed: {error}. Nothing was written or added.</source>
        <translation>L’exécution a échoué : {error}. Rien n’a été écrit ni ajouté.</translation>
    </message>
    <message>
        <location filename="../ui/area_box.py" line="16"/>
        <source>Whole input layer</source>
        <translation>Toute la couche d’entrée</translation>
    </message>
    <message>
        <location filename="../ui/area_box.py" line="17"/>
        <source>Current map view</source>
        <translation>Vue actuelle de la carte</translation>
    </message>
    <message>
        <location filename="../ui/area_box.py" line="18"/>
        <source>Drawn on the map</source>
        <translation>Dessinée sur la carte</translation>
    </message>
    <message>
        <location filename="../ui/area_box.py" line="19"/>
        <source>Features of a polygon layer</source>
        <translation>Entités d’une couche de polygones</translation>
    </message>
    <message>
        <location filename="../ui/area_box.py" line="27"/>
        <source>Area</source>
        <translation>Zone</translation>
    </message>
    <message>
        <location filename="../ui/area_box.py" line="41"/>
        <source>Extent</source>
        <translation>Emprise</translation>
    </message>
    <message>
        <location filename="../ui/area_box.py" line="46"/>
        <source>Draw…</source>
        <translation>Dessiner…</translation>
    </message>
    <message>
        <location filename="../ui/area_box.py" line="47"/>
        <source>Drag a rectangle on the map</source>
        <translation>Tracez un rectangle sur la carte</translation>
    </message>
    <message>
        <location filename="../ui/area_box.py" line="48"/>
        <source>nothing drawn yet</source>
        <translation>rien n’est encore dessiné</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="256"/>
        <source>Selected features only</source>
        <translation>Entités sélectionnées seulement</translation>
    </message>
    <message>
        <location filename="../ui/area_box.py" line="64"/>
        <source>Only tiles touching these polygons are run; outside them is nodata</source>
        <translation>Seules les tuiles qui touchent ces polygones sont calculées ; ailleurs, sans donnée</translation>
    </message>
    <message>
        <location filename="../qgis_glue/models/info.py" line="103"/>
        <source>the imagery&apos;s own grid, tiles of {tile} px</source>
        <translation>la grille de l’image, tuiles de {tile} px</translation>
    </message>
    <message>
        <location filename="../ui/area_box.py" line="72"/>
        <source>the imagery&apos;s own</source>
        <translation>celle de l’image</translation>
    </message>
    <message>
        <location filename="../ui/area_box.py" line="134"/>
        <source>Output pixel size; the reset button returns to the model&apos;s resolution</source>
        <translation>Taille des pixels en sortie ; le bouton de réinitialisation revient à la résolution du modèle</translation>
    </message>
    <message>
        <location filename="../ui/area_box.py" line="202"/>
        <source>draw the area on the map first (Area → Draw…)</source>
        <translation>dessinez d’abord la zone sur la carte (Zone → Dessiner…)</translation>
    </message>
    <message>
        <location filename="../ui/area_box.py" line="207"/>
        <source>choose a polygon layer for the area</source>
        <translation>choisissez une couche de polygones pour la zone</translation>
    </message>
    <message>
        <location filename="../ui/area_box.py" line="212"/>
        <source>the layer {name} has no selected feature with a geometry</source>
        <translation>la couche {name} n’a aucune entité sélectionnée avec une géométrie</translation>
    </message>
    <message>
        <location filename="../ui/area_box.py" line="212"/>
        <source>the layer {name} has no feature with a geometry</source>
        <translation>la couche {name} n’a aucune entité avec une géométrie</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="73"/>
        <source>Get FLAIR models</source>
        <translation>Obtenir des modèles FLAIR</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="93"/>
        <source>Model folder:</source>
        <translation>Dossier des modèles :</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="97"/>
        <source>Change…</source>
        <translation>Changer…</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="234"/>
        <source>Download and convert</source>
        <translation>Télécharger et convertir</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="288"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="144"/>
        <source>Use model</source>
        <translation>Utiliser le modèle</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="145"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location filename="../ui/deps_banner.py" line="22"/>
        <source>FLAIR cannot run yet:</source>
        <translation>FLAIR ne peut pas encore tourner :</translation>
    </message>
    <message>
        <location filename="../ui/deps_banner.py" line="22"/>
        <source>this QGIS&apos;s Python lacks</source>
        <translation>il manque au Python de ce QGIS</translation>
    </message>
    <message>
        <location filename="../ui/deps_banner.py" line="22"/>
        <source>Nothing is installed for you.</source>
        <translation>Rien n’est installé à votre place.</translation>
    </message>
    <message>
        <location filename="../ui/deps_banner.py" line="33"/>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <location filename="../ui/deps_banner.py" line="34"/>
        <source>Copy the command to the clipboard</source>
        <translation>Copier la commande dans le presse-papiers</translation>
    </message>
    <message>
        <location filename="../ui/deps_banner.py" line="45"/>
        <source>Close QGIS, run this in the OSGeo4W Shell (Start menu), then start QGIS again.</source>
        <translation>Fermez QGIS, lancez ceci dans l’OSGeo4W Shell (menu Démarrer), puis relancez QGIS.</translation>
    </message>
    <message>
        <location filename="../ui/deps_banner.py" line="46"/>
        <source>Close QGIS, run this in a terminal, then start QGIS again.</source>
        <translation>Fermez QGIS, lancez ceci dans un terminal, puis relancez QGIS.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="50"/>
        <source>1 tile</source>
        <translation>1 tuile</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="50"/>
        <source>{n} tiles</source>
        <translation>{n} tuiles</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="162"/>
        <source>install the missing Python packages (see the top of this panel)</source>
        <translation>installez les paquets Python manquants (voir en haut de ce panneau)</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="166"/>
        <source>choose a model that can run</source>
        <translation>choisissez un modèle utilisable</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="169"/>
        <source>choose a layer for {roles}</source>
        <translation>choisissez une couche pour {roles}</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="171"/>
        <source>draw the area on the map</source>
        <translation>dessinez la zone sur la carte</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="173"/>
        <source>choose a polygon layer</source>
        <translation>choisissez une couche de polygones</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="181"/>
        <source>Segment the chosen area in the background</source>
        <translation>Segmenter la zone choisie en arrière-plan</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="183"/>
        <source>To run: {what}.</source>
        <translation>Pour lancer : {what}.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="223"/>
        <source>Cannot run: {error}</source>
        <translation>Impossible de lancer : {error}</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="232"/>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="237"/>
        <source>Running on {device}: {done}/{tiles}, {speed} tiles/s, {left} left</source>
        <translation>Calcul sur {device} : {done}/{tiles}, {speed} tuiles/s, reste {left}</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="246"/>
        <source>Done: {tiles} in {time} on {device}. Added to the FLAIR group: {file}</source>
        <translation>Terminé : {tiles} en {time} sur {device}. Ajouté au groupe FLAIR : {file}</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="250"/>
        <source>(a temporary folder: choose an output file, or save the project, to keep results)</source>
        <translation>(un dossier temporaire : choisissez un fichier de sortie, ou enregistrez le projet, pour garder les résultats)</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="259"/>
        <source>Failed: {error}</source>
        <translation>Échec : {error}</translation>
    </message>
    <message>
        <location filename="../ui/inputs_box.py" line="18"/>
        <source>red</source>
        <translation>rouge</translation>
    </message>
    <message>
        <location filename="../ui/inputs_box.py" line="18"/>
        <source>green</source>
        <translation>vert</translation>
    </message>
    <message>
        <location filename="../ui/inputs_box.py" line="18"/>
        <source>blue</source>
        <translation>bleu</translation>
    </message>
    <message>
        <location filename="../ui/inputs_box.py" line="19"/>
        <source>near-infrared (IRC band 1)</source>
        <translation>proche infrarouge (bande 1 de l’IRC)</translation>
    </message>
    <message>
        <location filename="../ui/inputs_box.py" line="19"/>
        <source>height above ground, metres</source>
        <translation>hauteur au-dessus du sol, mètres</translation>
    </message>
    <message>
        <location filename="../ui/inputs_box.py" line="20"/>
        <source>surface elevation, metres</source>
        <translation>altitude de la surface, mètres</translation>
    </message>
    <message>
        <location filename="../ui/inputs_box.py" line="20"/>
        <source>terrain elevation, metres</source>
        <translation>altitude du terrain, mètres</translation>
    </message>
    <message>
        <location filename="../ui/inputs_box.py" line="42"/>
        <source>Layer that gives {what}</source>
        <translation>Couche qui donne : {what}</translation>
    </message>
    <message>
        <location filename="../ui/inputs_box.py" line="48"/>
        <source>Band of that layer</source>
        <translation>Bande de cette couche</translation>
    </message>
    <message>
        <location filename="../ui/inputs_box.py" line="109"/>
        <source>Choose a model first.</source>
        <translation>Choisissez d’abord un modèle.</translation>
    </message>
    <message>
        <location filename="../ui/inputs_box.py" line="111"/>
        <source>nDSM = DSM − DTM</source>
        <translation>MNH = MNS − MNT</translation>
    </message>
    <message>
        <location filename="../ui/inputs_box.py" line="227"/>
        <source>DSM and DTM</source>
        <translation>MNS et MNT</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="433"/>
        <source>{field}:</source>
        <translation>{field} :</translation>
    </message>
    <message>
        <location filename="../ui/inputs_box.py" line="112"/>
        <source>No height-above-ground layer? Give a surface model and a terrain model</source>
        <translation>Pas de couche de hauteur au-dessus du sol ? Donnez un modèle de surface et un modèle de terrain</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="47"/>
        <source>Describe this model</source>
        <translation>Décrire ce modèle</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="51"/>
        <source>input bands in order, e.g. R,G,B,NIR,NDSM</source>
        <translation>bandes d’entrée dans l’ordre, p. ex. R,G,B,NIR,NDSM</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="53"/>
        <source>(as the model says)</source>
        <translation>(comme le dit le modèle)</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="58"/>
        <source>generic classes (names from the model)</source>
        <translation>classes génériques (noms venant du modèle)</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="60"/>
        <source>per band, 0..255 units, e.g. 105.08,110.87,101.82</source>
        <translation>par bande, unités 0..255, p. ex. 105.08,110.87,101.82</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="62"/>
        <source>per band, 0..255 units</source>
        <translation>par bande, unités 0..255</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="64"/>
        <source>or a scale instead of mean/std, e.g. 0.00392 (= 1/255)</source>
        <translation>ou une échelle au lieu de moyenne/écart type, p. ex. 0.00392 (= 1/255)</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="65"/>
        <source>Input roles</source>
        <translation>Rôles des entrées</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="66"/>
        <source>Outputs</source>
        <translation>Sorties</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="67"/>
        <source>Mean</source>
        <translation>Moyenne</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="68"/>
        <source>Std</source>
        <translation>Écart type</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="69"/>
        <source>Scale</source>
        <translation>Échelle</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="89"/>
        <source>give both Mean and Std, one value per input band</source>
        <translation>donnez Moyenne et Écart type, une valeur par bande d’entrée</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="107"/>
        <source>The built-in baseline, or an ONNX model you opened before</source>
        <translation>Le modèle de référence intégré, ou un modèle ONNX déjà ouvert</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="114"/>
        <source>Open an ONNX model file</source>
        <translation>Ouvrir un fichier de modèle ONNX</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="118"/>
        <source>Get FLAIR models…</source>
        <translation>Obtenir des modèles FLAIR…</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="143"/>
        <source>Built-in baseline (spectral + height rules)</source>
        <translation>Modèle de référence intégré (règles spectrales + hauteur)</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="144"/>
        <source>A transparent rules baseline for R, G, B, NIR and nDSM; not a trained FLAIR network. Always available.</source>
        <translation>Un modèle de référence à règles transparentes pour R, V, B, PIR et MNH ; pas un réseau FLAIR entraîné. Toujours disponible.</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="172"/>
        <source>Open an ONNX model</source>
        <translation>Ouvrir un modèle ONNX</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="172"/>
        <source>ONNX models (*.onnx);;All files (*)</source>
        <translation>Modèles ONNX (*.onnx);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="188"/>
        <source>the Python packages above are missing</source>
        <translation>les paquets Python ci-dessus manquent</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="203"/>
        <source>the built-in model could not be written: {error}</source>
        <translation>le modèle intégré n’a pas pu être écrit : {error}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="94"/>
        <source>Automatic (GPU if available)</source>
        <translation>Automatique (GPU si disponible)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="94"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="95"/>
        <source>CUDA GPU</source>
        <translation>GPU CUDA</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="35"/>
        <source>Output</source>
        <translation>Sortie</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="41"/>
        <source>Save the land-cover GeoTIFF as</source>
        <translation>Enregistrer le GeoTIFF d’occupation du sol sous</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="44"/>
        <source>Also write a confidence raster (max probability × 255)</source>
        <translation>Écrire aussi un raster de confiance (probabilité max. × 255)</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="201"/>
        <source>Advanced</source>
        <translation>Avancé</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="76"/>
        <source>model&apos;s</source>
        <translation>du modèle</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="77"/>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="80"/>
        <source>automatic</source>
        <translation>automatique</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="92"/>
        <source>Crop tile centres (IGN&apos;s way)</source>
        <translation>Garder le centre des tuiles (méthode IGN)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="93"/>
        <source>Blend overlaps (smoother seams, slower)</source>
        <translation>Fondre les recouvrements (raccords plus doux, plus lent)</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="96"/>
        <source>Tile size</source>
        <translation>Taille des tuiles</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="97"/>
        <source>Margin</source>
        <translation>Marge</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="98"/>
        <source>Batch</source>
        <translation>Lot</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="137"/>
        <source>Empty: beside the project ({folder})</source>
        <translation>Vide : à côté du projet ({folder})</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="138"/>
        <source>Empty: in {folder}</source>
        <translation>Vide : dans {folder}</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="139"/>
        <source>Empty: a TEMPORARY folder. Choose a file to keep the result</source>
        <translation>Vide : un dossier TEMPORAIRE. Choisissez un fichier pour garder le résultat</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="142"/>
        <source>The land-cover GeoTIFF. Empty: named after the imagery and the model, in {folder}</source>
        <translation>Le GeoTIFF d’occupation du sol. Vide : nommé d’après l’image et le modèle, dans {folder}</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="157"/>
        <source>Available here: {devices}</source>
        <translation>Disponible ici : {devices}</translation>
    </message>
    <message>
        <location filename="../ui/patch_browser.py" line="56"/>
        <source>FLAIR patches</source>
        <translation>Patchs FLAIR</translation>
    </message>
    <message>
        <location filename="../ui/patch_browser.py" line="73"/>
        <source>Dataset folder</source>
        <translation>Dossier du jeu de données</translation>
    </message>
    <message>
        <location filename="../ui/patch_browser.py" line="74"/>
        <source>Predictions (optional)</source>
        <translation>Prédictions (facultatif)</translation>
    </message>
    <message>
        <location filename="../ui/patch_browser.py" line="75"/>
        <source>Metadata JSON (optional)</source>
        <translation>Métadonnées JSON (facultatif)</translation>
    </message>
    <message>
        <location filename="../ui/patch_browser.py" line="77"/>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
    <message>
        <location filename="../ui/patch_browser.py" line="81"/>
        <source>Natural colour</source>
        <translation>Couleurs naturelles</translation>
    </message>
    <message>
        <location filename="../ui/patch_browser.py" line="83"/>
        <source>Infrared (NIR, R, G)</source>
        <translation>Infrarouge (PIR, R, V)</translation>
    </message>
    <message>
        <location filename="../ui/patch_browser.py" line="85"/>
        <source>Mask</source>
        <translation>Masque</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="275"/>
        <source>Prediction</source>
        <translation>Prédiction</translation>
    </message>
    <message>
        <location filename="../ui/patch_browser.py" line="102"/>
        <source>◀ Previous (Page Up)</source>
        <translation>◀ Précédent (Page préc.)</translation>
    </message>
    <message>
        <location filename="../ui/patch_browser.py" line="104"/>
        <source>Next (Page Down) ▶</source>
        <translation>Suivant (Page suiv.) ▶</translation>
    </message>
    <message>
        <location filename="../ui/qa_integration.py" line="46"/>
        <source>FLAIR patch browser</source>
        <translation>Navigateur de patchs FLAIR</translation>
    </message>
    <message>
        <location filename="../ui/qa_integration.py" line="52"/>
        <source>Next FLAIR hotspot</source>
        <translation>Zone de désaccord FLAIR suivante</translation>
    </message>
    <message>
        <location filename="../ui/qa_integration.py" line="55"/>
        <source>Previous FLAIR hotspot</source>
        <translation>Zone de désaccord FLAIR précédente</translation>
    </message>
    <message>
        <location filename="../ui/qa_integration.py" line="92"/>
        <source>Could not style the layer {name}: {error}</source>
        <translation>Impossible de styler la couche {name} : {error}</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="82"/>
        <source>Guess from the values and the file name</source>
        <translation>Deviner d’après les valeurs et le nom du fichier</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="260"/>
        <source>Count only the pixels inside these polygons (leave empty: the whole reference)</source>
        <translation>Ne compter que les pixels dans ces polygones (vide : toute la référence)</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="261"/>
        <source>Find hotspots of at least</source>
        <translation>Zones de désaccord d’au moins</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="268"/>
        <source>Disagreement patches smaller than this area are not listed for review</source>
        <translation>Les désaccords plus petits que cette surface ne sont pas listés pour la revue</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="272"/>
        <source>Where the report, the disagreement raster and the hotspots GeoPackage are written</source>
        <translation>Où sont écrits le rapport, le raster des désaccords et le GeoPackage des zones de désaccord</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="273"/>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="276"/>
        <source>  encoded as</source>
        <translation>  codée en</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="277"/>
        <source>Inside polygons</source>
        <translation>Dans les polygones</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="283"/>
        <source>Output folder</source>
        <translation>Dossier de sortie</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="286"/>
        <source>Compare</source>
        <translation>Comparer</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="326"/>
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="328"/>
        <source>Export HTML report…</source>
        <translation>Exporter le rapport HTML…</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="398"/>
        <source>Comparing…</source>
        <translation>Comparaison…</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="409"/>
        <source>Comparison cancelled; nothing was added.</source>
        <translation>Comparaison annulée ; rien n’a été ajouté.</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="482"/>
        <source>Open a hotspots GeoPackage…</source>
        <translation>Ouvrir un GeoPackage de zones de désaccord…</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="485"/>
        <source>No hotspots open.</source>
        <translation>Aucune zone de désaccord ouverte.</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="489"/>
        <source>◀ Previous</source>
        <translation>◀ Précédent</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="490"/>
        <source>Previous hotspot (Page Up)</source>
        <translation>Zone précédente (Page préc.)</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="492"/>
        <source>Next ▶</source>
        <translation>Suivant ▶</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="493"/>
        <source>Next hotspot (Page Down)</source>
        <translation>Zone suivante (Page suiv.)</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="506"/>
        <source>Comment (saved with the mark)</source>
        <translation>Commentaire (enregistré avec la marque)</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="508"/>
        <source>Save mark</source>
        <translation>Enregistrer la marque</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="544"/>
        <source>No hotspot above the minimum area.</source>
        <translation>Aucune zone de désaccord au-dessus de la surface minimale.</translation>
    </message>
    <message>
        <location filename="../flair_plugin.py" line="53"/>
        <source>Segment with FLAIR: land cover from aerial imagery</source>
        <translation>Segmenter avec FLAIR : occupation du sol à partir d’images aériennes</translation>
    </message>
    <message>
        <location filename="../flair_plugin.py" line="151"/>
        <source>Could not add the BD ORTHO layers: {error}</source>
        <translation>Impossible d’ajouter les couches BD ORTHO : {error}</translation>
    </message>
    <message>
        <location filename="../flair_plugin.py" line="51"/>
        <source>Segment with FLAIR…</source>
        <translation>Segmenter avec FLAIR…</translation>
    </message>
    <message>
        <location filename="../flair_plugin.py" line="56"/>
        <source>Add BD ORTHO layers (IGN)</source>
        <translation>Ajouter les couches BD ORTHO (IGN)</translation>
    </message>
    <message>
        <location filename="../flair_plugin.py" line="58"/>
        <source>Add IGN&apos;s BD ORTHO colour and infrared orthophotos and the LiDAR HD height layer, ready for the Segment dock</source>
        <translation>Ajouter les orthophotos couleur et infrarouge BD ORTHO de l’IGN et la couche de hauteur LiDAR HD, prêtes pour le panneau Segmenter</translation>
    </message>
    <message>
        <location filename="../ui/qa_integration.py" line="43"/>
        <source>FLAIR QA panel (style, compare, review)</source>
        <translation>Panneau de contrôle qualité FLAIR (style, comparaison, revue)</translation>
    </message>
    <message>
        <location filename="../ui/qa_integration.py" line="49"/>
        <source>Apply FLAIR style…</source>
        <translation>Appliquer le style FLAIR…</translation>
    </message>
    <message>
        <location filename="../qgis_glue/layers/bdortho.py" line="107"/>
        <source>could not load the BD ORTHO layers from {url}: the server did not answer (no internet connection, or the Géoplateforme is down)</source>
        <translation>impossible de charger les couches BD ORTHO depuis {url} : le serveur n’a pas répondu (pas de connexion internet, ou la Géoplateforme est indisponible)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/layers/bdortho.py" line="111"/>
        <source>Not available from IGN&apos;s services: {layers}</source>
        <translation>Non disponible sur les services de l’IGN : {layers}</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="43"/>
        <source>Confidence raster</source>
        <translation>Raster de confiance</translation>
    </message>
    <message>
        <location filename="../ui/area_box.py" line="98"/>
        <source>Last time the area was the features of a polygon layer; this project has none, so the whole input layer is used.</source>
        <translation>La dernière fois, la zone était les entités d’une couche de polygones ; ce projet n’en a pas, toute la couche d’entrée est donc utilisée.</translation>
    </message>
    <message>
        <location filename="../ui/area_box.py" line="101"/>
        <source>Last time the area was drawn on the map; draw it again to use it (Area → Drawn on the map). Until then the whole input layer is used.</source>
        <translation>La dernière fois, la zone était dessinée sur la carte ; dessinez-la à nouveau pour l’utiliser (Zone → Dessinée sur la carte). En attendant, toute la couche d’entrée est utilisée.</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="103"/>
        <source>Reset to the model&apos;s defaults</source>
        <translation>Revenir aux valeurs du modèle</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="205"/>
        <source>Settings kept from earlier runs that differ from the model&apos;s defaults: {names}</source>
        <translation>Réglages gardés des exécutions précédentes qui diffèrent des valeurs du modèle : {names}</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="46"/>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="46"/>
        <source>Needs</source>
        <translation>Il faut</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="46"/>
        <source>On disk</source>
        <translation>Sur le disque</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="48"/>
        <source>Model name (hover a row for its description)</source>
        <translation>Nom du modèle (survolez une ligne pour sa description)</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="48"/>
        <source>Number of land-cover classes it predicts</source>
        <translation>Nombre de classes d’occupation du sol qu’il prédit</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="48"/>
        <source>Download size of the checkpoint</source>
        <translation>Taille du fichier de poids à télécharger</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="48"/>
        <source>What this computer needs before the model can run: converting IGN&apos;s checkpoint to ONNX may need PyTorch in QGIS&apos;s Python (only for that step)</source>
        <translation>Ce qu’il faut à cet ordinateur avant que le modèle tourne : convertir les poids de l’IGN en ONNX peut demander PyTorch dans le Python de QGIS (seulement pour cette étape)</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="48"/>
        <source>Licence of the model weights</source>
        <translation>Licence des poids du modèle</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="48"/>
        <source>Whether it is downloaded and converted in the model folder</source>
        <translation>S’il est téléchargé et converti dans le dossier des modèles</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="85"/>
        <source>IGN's FLAIR land-cover models (Hugging Face, Etalab Open Licence 2.0). A model is downloaded once and converted to ONNX on this computer; the “Needs” column says what that takes (PyTorch in QGIS's Python, for some). Once converted it runs without PyTorch.</source>
        <translation>Les modèles d’occupation du sol FLAIR de l’IGN (Hugging Face, Licence Ouverte Etalab 2.0). Un modèle est téléchargé une fois et converti en ONNX sur cet ordinateur ; la colonne « Il faut » dit ce que cela demande (PyTorch dans le Python de QGIS, pour certains). Une fois converti, il tourne sans PyTorch.</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="133"/>
        <source>Copy command</source>
        <translation>Copier la commande</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="213"/>
        <source>nothing: ready</source>
        <translation>rien : prêt</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="215"/>
        <source>nothing more (no PyTorch)</source>
        <translation>rien de plus (sans PyTorch)</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="216"/>
        <source>PyTorch, installed here</source>
        <translation>PyTorch, installé ici</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="216"/>
        <source>PyTorch to convert (not installed)</source>
        <translation>PyTorch pour convertir (non installé)</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="234"/>
        <source>Convert</source>
        <translation>Convertir</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="244"/>
        <source>mIoU {miou} (IGN&apos;s figure).</source>
        <translation>mIoU {miou} (chiffre de l’IGN).</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="271"/>
        <source>(estimated)</source>
        <translation>(estimée)</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="248"/>
        <source>Converted: ready to run.</source>
        <translation>Converti : prêt à tourner.</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="250"/>
        <source>Needs: nothing more; it is converted without PyTorch.</source>
        <translation>Il faut : rien de plus ; il est converti sans PyTorch.</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="252"/>
        <source>Needs: PyTorch to convert it, which this QGIS&apos;s Python has.</source>
        <translation>Il faut : PyTorch pour le convertir, que le Python de ce QGIS a déjà.</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="254"/>
        <source>Needs: PyTorch in QGIS&apos;s Python to convert it (only once; the model then runs without it). Install it with the command below, then start QGIS again.</source>
        <translation>Il faut : PyTorch dans le Python de QGIS pour le convertir (une seule fois ; le modèle tourne ensuite sans). Installez-le avec la commande ci-dessous, puis relancez QGIS.</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="257"/>
        <source>Inputs: {inputs}. Download {size}{checksum}.</source>
        <translation>Entrées : {inputs}. Téléchargement {size}{checksum}.</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="288"/>
        <source>Folder for FLAIR models</source>
        <translation>Dossier des modèles FLAIR</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="343"/>
        <source>downloading {file}…</source>
        <translation>téléchargement de {file}…</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="371"/>
        <source>converting {model} (this takes a minute or more)…</source>
        <translation>conversion de {model} (une minute ou plus)…</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="383"/>
        <source>{model} is ready: {file}.</source>
        <translation>{model} est prêt : {file}.</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="387"/>
        <source>Conversion cancelled.</source>
        <translation>Conversion annulée.</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="389"/>
        <source>The conversion failed: {error}</source>
        <translation>La conversion a échoué : {error}</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="119"/>
        <source>Download IGN&apos;s FLAIR models and convert them for this plugin; the list says what each needs (size, PyTorch for the conversion)</source>
        <translation>Télécharger les modèles FLAIR de l’IGN et les convertir pour cette extension ; la liste dit ce qu’il faut pour chacun (taille, PyTorch pour la conversion)</translation>
    </message>
    <message>
        <location filename="../ui/qa_heatmap.py" line="38"/>
        <source>Confusion matrix: rows are the reference classes, columns the predicted classes; each cell is the % of the reference class&apos;s area</source>
        <translation>Matrice de confusion : les lignes sont les classes de référence, les colonnes les classes prédites ; chaque case est le % de la surface de la classe de référence</translation>
    </message>
    <message>
        <location filename="../ui/qa_heatmap.py" line="46"/>
        <source>Rows: reference; columns: prediction; % of each reference class.</source>
        <translation>Lignes : référence ; colonnes : prédiction ; % de chaque classe de référence.</translation>
    </message>
    <message>
        <location filename="../ui/qa_heatmap.py" line="80"/>
        <source>reference {ref} → predicted {pred}: {share} % of the reference class</source>
        <translation>référence {ref} → prédit {pred} : {share} % de la classe de référence</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="419"/>
        <source>The two rasters agree everywhere: no disagreement layer or hotspots were added.</source>
        <translation>Les deux rasters concordent partout : aucune couche de désaccord ni zone de désaccord n’a été ajoutée.</translation>
    </message>
    <message>
        <location filename="../qgis_glue/layers/crs.py" line="31"/>
        <source>QGIS does not know the coordinate reference system {crs}</source>
        <translation>QGIS ne connaît pas le système de coordonnées {crs}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/layers/source.py" line="78"/>
        <source>the layer {name} is not valid: the server {server} did not answer or lacks it</source>
        <translation>la couche {name} n’est pas valide : le serveur {server} n’a pas répondu ou ne l’a pas</translation>
    </message>
    <message>
        <location filename="../qgis_glue/layers/source.py" line="80"/>
        <source>the layer {name} is not valid (source: {source})</source>
        <translation>la couche {name} n’est pas valide (source : {source})</translation>
    </message>
    <message>
        <location filename="../qgis_glue/layers/source.py" line="94"/>
        <source>the layer {name} has {count} band(s), there is no band {band}</source>
        <translation>la couche {name} a {count} bande(s), il n’y a pas de bande {band}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/qa.py" line="52"/>
        <source>{parameter}: a raster file is needed (save the layer as a GeoTIFF first)</source>
        <translation>{parameter} : il faut un fichier raster (enregistrez d’abord la couche en GeoTIFF)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/qa.py" line="178"/>
        <source>{n} hotspots ({m} regions before the area filter)</source>
        <translation>{n} zones de désaccord ({m} régions avant le filtre de surface)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="213"/>
        <source>{name} is not used: the model takes {roles}</source>
        <translation>{name} n’est pas utilisé : le modèle prend {roles}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="217"/>
        <source>the output must be a GeoTIFF (.tif) or a mosaic of blocks (.vrt), not {file}</source>
        <translation>la sortie doit être un GeoTIFF (.tif) ou une mosaïque de blocs (.vrt), pas {file}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/request.py" line="144"/>
        <source>the polygon layer has no polygons to run over</source>
        <translation>la couche de polygones n’a aucun polygone sur lequel calculer</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/base.py" line="62"/>
        <source>, {s} s left</source>
        <translation>, reste {s} s</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/base.py" line="63"/>
        <source>{done}/{total} tiles, {speed} tiles/s{eta} [{device}]</source>
        <translation>{done}/{total} tuiles, {speed} tuiles/s{eta} [{device}]</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="297"/>
        <source>wrote {file} on {device} in {seconds} s</source>
        <translation>{file} écrit sur {device} en {seconds} s</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/inputs.py" line="30"/>
        <source>no label raster given</source>
        <translation>aucun raster de classes donné</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/request.py" line="179"/>
        <source>the output CRS</source>
        <translation>le SCR de sortie</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/request.py" line="120"/>
        <source>the chosen area is empty</source>
        <translation>la zone choisie est vide</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/request.py" line="155"/>
        <source>no input layers chosen</source>
        <translation>aucune couche d’entrée choisie</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/request.py" line="163"/>
        <source>{role}: the layer {name} is not valid (is its file still there?)</source>
        <translation>{role} : la couche {name} n’est pas valide (son fichier est-il toujours là ?)</translation>
    </message>
    <message>
        <location filename="../ui/patch_browser.py" line="124"/>
        <source>Cannot open {folder}: {error}</source>
        <translation>Impossible d’ouvrir {folder} : {error}</translation>
    </message>
    <message>
        <location filename="../ui/patch_browser.py" line="134"/>
        <source>{layout} dataset: {n} patches</source>
        <translation>jeu de données {layout} : {n} patchs</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="234"/>
        <source>{name}: {encoding}; legend: {labels}</source>
        <translation>{name} : {encoding} ; légende : {labels}</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="387"/>
        <source>Cannot compare:</source>
        <translation>Impossible de comparer :</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="412"/>
        <source>The comparison failed:</source>
        <translation>La comparaison a échoué :</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="413"/>
        <source>The comparison failed: {error}</source>
        <translation>La comparaison a échoué : {error}</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="425"/>
        <source>mIoU {miou}; report {file}</source>
        <translation>mIoU {miou} ; rapport {file}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/result.py" line="86"/>
        <source>Land cover ready in {seconds}: {classes}</source>
        <translation>Occupation du sol prête en {seconds} : {classes}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="187"/>
        <source>Dask: local worker processes (0: run in QGIS)</source>
        <translation>Dask : processus de calcul locaux (0 : dans QGIS)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="190"/>
        <source>Dask: scheduler address or file (tcp://host:8786)</source>
        <translation>Dask : adresse ou fichier de l’ordonnanceur (tcp://hôte:8786)</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="267"/>
        <source>verified by {how}</source>
        <translation>vérifié par {how}</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="38"/>
        <source>aerial R, G, B, NIR file (0.2 m)</source>
        <translation>fichier aérien R, V, B, PIR (0,2 m)</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="39"/>
        <source>DSM and DTM, 2 bands, metres</source>
        <translation>MNS et MNT, 2 bandes, en mètres</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="40"/>
        <source>SPOT 6-7 R, G, B, NIR (1.6 m)</source>
        <translation>SPOT 6-7 R, V, B, PIR (1,6 m)</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="41"/>
        <source>Sentinel-2 stack, date-major (10 bands per date)</source>
        <translation>pile Sentinel-2, par date (10 bandes par date)</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="42"/>
        <source>Sentinel-1 ascending stack (VV, VH per date)</source>
        <translation>pile Sentinel-1 ascendante (VV, VH par date)</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="43"/>
        <source>Sentinel-1 descending stack (VV, VH per date)</source>
        <translation>pile Sentinel-1 descendante (VV, VH par date)</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="58"/>
        <source>auto: drop dates that are cloudy or snowy on a tile (needs the mask)</source>
        <translation>auto : écarte les dates nuageuses ou enneigées sur une tuile (il faut le masque)</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="58"/>
        <source>average each time series per month or half-month</source>
        <translation>moyenne de chaque série temporelle par mois ou par quinzaine</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="108"/>
        <source>(required)</source>
        <translation>(obligatoire)</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="152"/>
        <source>R, G, B, NIR file</source>
        <translation>fichier R, V, B, PIR</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="152"/>
        <source>IRC file (NIR, R, G)</source>
        <translation>fichier IRC (PIR, R, V)</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="159"/>
        <source>dates file: one YYYYMMDD per line (empty: the band descriptions)</source>
        <translation>fichier des dates : une date AAAAMMJJ par ligne (vide : les descriptions des bandes)</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="160"/>
        <source>snow/cloud mask, 2 bands per date (optional)</source>
        <translation>masque neige/nuages, 2 bandes par date (facultatif)</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="161"/>
        <source>dates</source>
        <translation>dates</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="161"/>
        <source>mask</source>
        <translation>masque</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="305"/>
        <source>Inputs (one per modality)</source>
        <translation>Entrées (une par modalité)</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="348"/>
        <source>clouds</source>
        <translation>nuages</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="350"/>
        <source>average</source>
        <translation>moyenne</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="149"/>
        <source>{key}: the layer {name} is not a file (a web, in-memory or database layer); multi-source models read files: save it as a GeoTIFF and give that</source>
        <translation>{key} : la couche {name} n'est pas un fichier (couche web, en mémoire ou de base de données) ; les modèles multi-sources lisent des fichiers : enregistrez-la en GeoTIFF et donnez celui-ci</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/naming.py" line="17"/>
        <source>Crop types (LPIS)</source>
        <translation>Cultures (RPG)</translation>
    </message>
    <message>
        <location filename="../ui/area_box.py" line="134"/>
        <source>A multi-source model runs at its own resolution</source>
        <translation>Un modèle multi-sources tourne à sa propre résolution</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="96"/>
        <source>{name} is not a file (a web, in-memory or database layer); multi-source models read files: save it as a GeoTIFF (right-click → Export → Save As…) and choose that layer</source>
        <translation>{name} n'est pas un fichier (couche web, en mémoire ou de base de données) ; les modèles multi-sources lisent des fichiers : enregistrez-la en GeoTIFF (clic droit → Exporter → Enregistrer sous…) et choisissez cette couche</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="113"/>
        <source>Load a file as a layer and use it here</source>
        <translation>Charger un fichier comme couche et l'utiliser ici</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="153"/>
        <source>What the layer&apos;s bands are</source>
        <translation>Ce que sont les bandes de la couche</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="219"/>
        <source>QGIS cannot open {file} as a raster</source>
        <translation>QGIS ne peut pas ouvrir {file} comme raster</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="228"/>
        <source>Rasters (*.tif *.tiff *.vrt *.jp2);;All files (*)</source>
        <translation>Rasters (*.tif *.tiff *.vrt *.jp2);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="360"/>
        <source>As last time with this model: {names}.</source>
        <translation>Comme la dernière fois avec ce modèle : {names}.</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="362"/>
        <source>Guessed from the loaded layers: {names}; check them.</source>
        <translation>Déduit des couches chargées : {names} ; vérifiez-les.</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/modalities.py" line="57"/>
        <source>(or choose an area this layer covers)</source>
        <translation>(ou choisissez une zone que cette couche couvre)</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="478"/>
        <source>choose a layer for {modality}</source>
        <translation>choisissez une couche pour {modality}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/models/info.py" line="116"/>
        <source>{n} bands per date</source>
        <translation>{n} bandes par date</translation>
    </message>
    <message>
        <location filename="../qgis_glue/models/info.py" line="120"/>
        <source>(* required)</source>
        <translation>(* obligatoire)</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="281"/>
        <source>the model reads {bands}</source>
        <translation>le modèle lit {bands}</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="481"/>
        <source>fix {modality} (see its row)</source>
        <translation>corrigez {modality} (voir sa ligne)</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="48"/>
        <source>Image bands the model reads (NIR: near infrared; NDSM: height above ground); for a multi-source model, the sources it needs (AERIAL, DEM elevation, SPOT, S2 and S1A/S1D: Sentinel-2 and Sentinel-1 time series)</source>
        <translation>Bandes d'image lues par le modèle (NIR : proche infrarouge ; NDSM : hauteur au-dessus du sol) ; pour un modèle multi-source, les sources qu'il demande (AERIAL, DEM élévation, SPOT, S2 et S1A/S1D : séries temporelles Sentinel-2 et Sentinel-1)</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="265"/>
        <source>verified by the size and SHA-256 Hugging Face publishes (asked before downloading; else by the size the server announces)</source>
        <translation>vérifié par la taille et le SHA-256 publiés par Hugging Face (demandés avant le téléchargement ; sinon par la taille annoncée par le serveur)</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="275"/>
        <source>Multi-source model: it reads these sources, each a file:</source>
        <translation>Modèle multi-source : il lit ces sources, chacune dans un fichier :</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="275"/>
        <source>Download {size}{checksum}.</source>
        <translation>Téléchargement {size}{checksum}.</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="278"/>
        <source>Not verified here: {what}. If the download answers 404, look for the file on Hugging Face (IGNF), download it yourself and convert it with “python -m inference convert FILE -o MODEL.onnx”.</source>
        <translation>Non vérifié ici : {what}. Si le téléchargement répond 404, cherchez le fichier sur Hugging Face (IGNF), téléchargez-le vous-même et convertissez-le avec « python -m inference convert FICHIER -o MODELE.onnx ».</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="322"/>
        <source>asking Hugging Face for the checksum of {file}…</source>
        <translation>demande à Hugging Face de la somme de contrôle de {file}…</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="362"/>
        <source>The catalogue's repository or file name may be wrong: download the file yourself and convert it with “python -m inference convert FILE -o MODEL.onnx”.</source>
        <translation>Le nom du dépôt ou du fichier dans le catalogue est peut-être faux : téléchargez le fichier vous-même et convertissez-le avec « python -m inference convert FICHIER -o MODELE.onnx ».</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="196"/>
        <source>this model was trained with aerial metadata: give {keys} (the aerial images&apos; acquisition, e.g. from the BD ORTHO&apos;s metadata)</source>
        <translation>ce modèle a été entraîné avec les métadonnées aériennes : donnez {keys} (la prise de vue des images aériennes, p. ex. d'après les métadonnées de la BD ORTHO)</translation>
    </message>
    <message>
        <location filename="../ui/patch_browser.py" line="95"/>
        <source>date</source>
        <translation>date</translation>
    </message>
    <message>
        <location filename="../ui/metadata_box.py" line="23"/>
        <source>time</source>
        <translation>heure</translation>
    </message>
    <message>
        <location filename="../ui/metadata_box.py" line="23"/>
        <source>camera</source>
        <translation>caméra</translation>
    </message>
    <message>
        <location filename="../ui/metadata_box.py" line="24"/>
        <source>altitude</source>
        <translation>altitude</translation>
    </message>
    <message>
        <location filename="../ui/metadata_box.py" line="26"/>
        <source>The day the aerial images were taken (the flight&apos;s date). For the BD ORTHO, see its metadata: the shooting-dates layer (dates de prise de vue) of the department. The model knows the years 2018 to 2021 only.</source>
        <translation>Le jour où les images aériennes ont été prises (la date du vol). Pour la BD ORTHO, voir ses métadonnées : la couche des dates de prise de vue du département. Le modèle ne connaît que les années 2018 à 2021.</translation>
    </message>
    <message>
        <location filename="../ui/metadata_box.py" line="29"/>
        <source>The time of day the images were taken, HH:MM (e.g. 10:30; IGN writes 9h08), from the same metadata as the date.</source>
        <translation>L'heure à laquelle les images ont été prises, HH:MM (p. ex. 10:30 ; l'IGN écrit 9h08), d'après les mêmes métadonnées que la date.</translation>
    </message>
    <message>
        <location filename="../ui/metadata_box.py" line="31"/>
        <source>The camera&apos;s name as the images&apos; metadata gives it, e.g. UCE-M3-f100-s06. The model only uses whether it is an UltraCam (its name contains UCE).</source>
        <translation>Le nom de la caméra tel que le donnent les métadonnées des images, p. ex. UCE-M3-f100-s06. Le modèle n'utilise que le fait qu'il s'agisse d'une UltraCam (son nom contient UCE).</translation>
    </message>
    <message>
        <location filename="../ui/metadata_box.py" line="33"/>
        <source>The ground altitude of the area, in metres above sea level (one value for the whole run): read it on a topographic map or the DTM. 0 is a value (the coast).</source>
        <translation>L'altitude du sol de la zone, en mètres au-dessus du niveau de la mer (une valeur pour tout le calcul) : lisez-la sur une carte topographique ou le MNT. 0 est une valeur (le littoral).</translation>
    </message>
    <message>
        <location filename="../ui/metadata_box.py" line="37"/>
        <source>give the date the aerial images were taken (Aerial acquisition)</source>
        <translation>donnez la date de prise de vue des images aériennes (Prise de vue aérienne)</translation>
    </message>
    <message>
        <location filename="../ui/metadata_box.py" line="38"/>
        <source>give the time the aerial images were taken (Aerial acquisition)</source>
        <translation>donnez l'heure de prise de vue des images aériennes (Prise de vue aérienne)</translation>
    </message>
    <message>
        <location filename="../ui/metadata_box.py" line="39"/>
        <source>give the aerial camera (Aerial acquisition)</source>
        <translation>donnez la caméra aérienne (Prise de vue aérienne)</translation>
    </message>
    <message>
        <location filename="../ui/metadata_box.py" line="40"/>
        <source>give the ground altitude (Aerial acquisition)</source>
        <translation>donnez l'altitude du sol (Prise de vue aérienne)</translation>
    </message>
    <message>
        <location filename="../ui/metadata_box.py" line="48"/>
        <source>Aerial acquisition</source>
        <translation>Prise de vue aérienne</translation>
    </message>
    <message>
        <location filename="../ui/metadata_box.py" line="75"/>
        <source>not given</source>
        <translation>non renseignée</translation>
    </message>
    <message>
        <location filename="../ui/metadata_box.py" line="106"/>
        <source>As last time with this model.</source>
        <translation>Comme la dernière fois avec ce modèle.</translation>
    </message>
    <message>
        <location filename="../ui/metadata_box.py" line="143"/>
        <source>fix the {field} (Aerial acquisition)</source>
        <translation>corrigez le champ « {field} » (Prise de vue aérienne)</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="123"/>
        <source>Use a folder of dated rasters instead (one file per date, the date in each file&apos;s name)</source>
        <translation>Utiliser plutôt un dossier de rasters datés (un fichier par date, la date dans le nom de chaque fichier)</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="140"/>
        <source>Optional: the DTM as its own layer (the layer above is then the DSM); empty: the layer above holds DSM and DTM as 2 bands</source>
        <translation>Facultatif : le MNT comme couche à part (la couche ci-dessus est alors le MNS) ; vide : la couche ci-dessus contient le MNS et le MNT en 2 bandes</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="193"/>
        <source>folder: {name}</source>
        <translation>dossier : {name}</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="199"/>
        <source>Folder of dated rasters</source>
        <translation>Dossier de rasters datés</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="280"/>
        <source>DSM and DTM from two layers</source>
        <translation>MNS et MNT de deux couches</translation>
    </message>
    <message>
        <location filename="../qgis_glue/models/info.py" line="120"/>
        <source>+ the aerial acquisition: {values}</source>
        <translation>+ la prise de vue aérienne : {values}</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="276"/>
        <source>(or choose the DTM as its own layer below)</source>
        <translation>(ou choisissez le MNT comme couche à part ci-dessous)</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="177"/>
        <source>Not used by multi-source models: they run at their card&apos;s tiles</source>
        <translation>Non utilisé par les modèles multi-sources : ils tournent avec les tuiles fixées par le modèle</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="49"/>
        <source>Sentinel-2</source>
        <translation>Sentinel-2</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="51"/>
        <source>SPOT 6-7 (R, G, B, NIR)</source>
        <translation>SPOT 6-7 (R, V, B, PIR)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="93"/>
        <source>Multi-source ONNX model</source>
        <translation>Modèle ONNX multi-source</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="94"/>
        <source>Aerial R, G, B, NIR</source>
        <translation>Orthophotographie R, V, B, PIR</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="106"/>
        <source>{name} dates file</source>
        <translation>Dates {name} (fichier)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="110"/>
        <source>Average each series</source>
        <translation>Moyenner chaque série</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="133"/>
        <source>One raster per task</source>
        <translation>Un raster par tâche</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="135"/>
        <source>Run report</source>
        <translation>Rapport d’exécution</translation>
    </message>
    <message>
        <location filename="../ui/metadata_box.py" line="74"/>
        <source> m</source>
        <translation> m</translation>
    </message>
    <message>
        <location filename="../ui/metadata_box.py" line="147"/>
        <source>{field}: {problem}</source>
        <translation>{field} : {problem}</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="45"/>
        <source>band descriptions</source>
        <translation>les descriptions des bandes</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="45"/>
        <source>file names</source>
        <translation>les noms des fichiers</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="86"/>
        <source>{count} dates, {first} -&gt; {last} (dates from {source})</source>
        <translation>{count} dates, du {first} au {last} (dates lues dans {source})</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="108"/>
        <source>{modality}: {help}</source>
        <translation>{modality} : {help}</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="93"/>
        <source>  named by</source>
        <translation>  nommées par</translation>
    </message>
    <message>
        <location filename="../flair_plugin.py" line="61"/>
        <source>Add BD ORTHO of a past year (IGN)…</source>
        <translation>Ajouter la BD ORTHO d’une année passée (IGN)…</translation>
    </message>
    <message>
        <location filename="../flair_plugin.py" line="63"/>
        <source>Add one year&apos;s BD ORTHO campaign (colour and infrared), to segment the same area at two dates and measure land take (QA panel, Change tab)</source>
        <translation>Ajouter la campagne BD ORTHO d’une année (couleur et infrarouge), pour segmenter la même zone à deux dates et mesurer la consommation d’espace (panneau QA, onglet Changement)</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="90"/>
        <source>After</source>
        <translation>Après</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/change.py" line="89"/>
        <source>Artificialisation (ha)</source>
        <translation>Artificialisation (ha)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/change.py" line="78"/>
        <source>Artificialisation table (CSV code,artificialised,threshold_m2)</source>
        <translation>Table d’artificialisation (CSV code,artificialised,threshold_m2)</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="193"/>
        <source>Artificialisation {a} ha, renaturation {r} ha, net {n} ha over {area} ha compared; {p} change polygons. An estimate to check, not the legal OCS GE measure.</source>
        <translation>Artificialisation {a} ha, renaturation {r} ha, solde net {n} ha sur {area} ha comparés ; {p} polygones de changement. Une estimation à vérifier, pas la mesure légale OCS GE.</translation>
    </message>
    <message>
        <location filename="../flair_plugin.py" line="133"/>
        <source>BD ORTHO of a past year</source>
        <translation>BD ORTHO d’une année passée</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/change.py" line="88"/>
        <source>Balance per zone (CSV, hectares)</source>
        <translation>Bilan par zone (CSV, hectares)</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="79"/>
        <source>Balance the change per zone (communes, ...); leave empty for the whole area</source>
        <translation>Faire le bilan du changement par zone (communes, ...) ; laisser vide pour toute la zone</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="88"/>
        <source>Before</source>
        <translation>Avant</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="180"/>
        <source>Cancelled; nothing was written or replaced.</source>
        <translation>Annulé ; rien n’a été écrit ni remplacé.</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="160"/>
        <source>Cannot measure change:</source>
        <translation>Impossible de mesurer le changement :</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="135"/>
        <source>Change</source>
        <translation>Changement</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/change.py" line="84"/>
        <source>Change polygons (GeoPackage)</source>
        <translation>Polygones de changement (GeoPackage)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/change.py" line="52"/>
        <source>Compares two FLAIR land-cover maps of the same area at two dates. The later map is read onto the earlier one's grid (nearest) over their common area; nodata in either is left out. Writes a GeoPackage whose layer 'change' holds one polygon per changed patch (classes before and after, whether each is artificialised, area, zone), the transition matrix and the balance per zone in hectares (CSV) and an HTML report. A pixel is artificialised when its class is marked so and its patch reaches the class's threshold (décret n° 2023-1096: buildings, pools and greenhouses 50 m², pervious and impervious surfaces 2,500 m²; a CSV code,artificialised,threshold_m2 replaces the table). The figures are an estimate to check, not the legal OCS GE measure.</source>
        <translation>Compare deux cartes d’occupation du sol FLAIR de la même zone à deux dates. La carte la plus récente est lue sur la grille de la plus ancienne (plus proche voisin) sur leur zone commune ; les pixels sans donnée dans l’une ou l’autre sont écartés. Écrit un GeoPackage dont la couche « change » contient un polygone par tache changée (classes avant et après, artificialisée ou non, surface, zone), la matrice de transition et le bilan par zone en hectares (CSV) et un rapport HTML. Un pixel est artificialisé quand sa classe est marquée comme telle et que sa tache atteint le seuil de la classe (décret n° 2023-1096 : bâtiments, piscines et serres 50 m², zones perméables et imperméables 2 500 m² ; un CSV code,artificialised,threshold_m2 remplace la table). Les chiffres sont une estimation à vérifier, pas la mesure légale OCS GE.</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/change.py" line="76"/>
        <source>Field naming each zone</source>
        <translation>Champ qui nomme chaque zone</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="40"/>
        <source>Guess from the file</source>
        <translation>Deviner d’après le fichier</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/change.py" line="73"/>
        <source>Its values are </source>
        <translation>Ses valeurs sont </translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/change.py" line="72"/>
        <source>Land cover after (later vintage)</source>
        <translation>Occupation du sol après (millésime récent)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/change.py" line="70"/>
        <source>Land cover before (earlier vintage)</source>
        <translation>Occupation du sol avant (millésime ancien)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/change.py" line="49"/>
        <source>Land take between two vintages (change, ZAN balance)</source>
        <translation>Consommation d’espace entre deux millésimes (changement, bilan ZAN)</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="206"/>
        <source>Land take measured; report {file}</source>
        <translation>Consommation d’espace mesurée ; rapport {file}</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="97"/>
        <source>Measure change</source>
        <translation>Mesurer le changement</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="183"/>
        <source>Measuring change failed:</source>
        <translation>La mesure du changement a échoué :</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="184"/>
        <source>Measuring change failed: {error}</source>
        <translation>La mesure du changement a échoué : {error}</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="169"/>
        <source>Measuring change…</source>
        <translation>Mesure du changement…</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/change.py" line="89"/>
        <source>Net artificialisation (ha)</source>
        <translation>Artificialisation nette (ha)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/change.py" line="89"/>
        <source>Renaturation (ha)</source>
        <translation>Renaturation (ha)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/change.py" line="81"/>
        <source>Smallest change polygon drawn (m², 0 = every patch)</source>
        <translation>Plus petit polygone de changement dessiné (m², 0 = toutes les taches)</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="86"/>
        <source>The change polygons; the CSV tables and the HTML report are written beside (empty: the temporary folder)</source>
        <translation>Les polygones de changement ; les tableaux CSV et le rapport HTML sont écrits à côté (vide : le dossier temporaire)</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="81"/>
        <source>The field that names each zone (e.g. the INSEE code)</source>
        <translation>Le champ qui nomme chaque zone (par ex. le code INSEE)</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="108"/>
        <source>The figures are an estimate to check, not the legal OCS GE measure.</source>
        <translation>Les chiffres sont une estimation à vérifier, pas la mesure légale OCS GE.</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/change.py" line="87"/>
        <source>Transition matrix (CSV, hectares)</source>
        <translation>Matrice de transition (CSV, hectares)</translation>
    </message>
    <message>
        <location filename="../flair_plugin.py" line="133"/>
        <source>Year of the campaign (each year covers the départements photographed that year):</source>
        <translation>Année de la campagne (chaque année couvre les départements photographiés cette année-là) :</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="92"/>
        <source>Zones</source>
        <translation>Zones</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/change.py" line="74"/>
        <source>Zones (communes, ...)</source>
        <translation>Zones (communes, ...)</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="143"/>
        <source>choose the field that names each zone</source>
        <translation>choisissez le champ qui nomme chaque zone</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="134"/>
        <source>choose the land cover before and after</source>
        <translation>choisissez l’occupation du sol avant et après</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="138"/>
        <source>{layer} is not a raster file; save it as a GeoTIFF first</source>
        <translation>{layer} n’est pas un fichier raster ; enregistrez-le d’abord en GeoTIFF</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/change.py" line="122"/>
        <source>{n} change polygons; artificialisation {a} ha, renaturation {r} ha, net {net} ha</source>
        <translation>{n} polygones de changement ; artificialisation {a} ha, renaturation {r} ha, solde net {net} ha</translation>
    </message>
    <message>
        <location filename="../ui/qa_integration.py" line="26"/>
        <source>&amp;FLAIR land cover</source>
        <translation>Occupation du sol &amp;FLAIR</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="8"/>
        <source>Spectral-height baseline (not a FLAIR network)</source>
        <translation>Référence spectrale et hauteur (pas un réseau FLAIR)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>Hand-set rules on NDVI, height above ground and colour; a transparent stand-in, not a trained FLAIR model.</source>
        <translation>Règles fixées à la main sur le NDVI, la hauteur au-dessus du sol et la couleur ; un substitut transparent, pas un modèle FLAIR entraîné.</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>FLAIR-HUB land cover (19 classes)</source>
        <translation>occupation du sol FLAIR-HUB (19 classes)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>FLAIR-HUB LPIS crop types (23 classes)</source>
        <translation>types de cultures RPG FLAIR-HUB (23 classes)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>FLAIR land cover, 13 classes (FLAIR#2: codes 1..12 and other)</source>
        <translation>occupation du sol FLAIR, 13 classes (FLAIR#2 : codes 1..12 et autre)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>ready</source>
        <translation>prêt</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>downloaded, not converted</source>
        <translation>téléchargé, non converti</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>partly downloaded (will resume)</source>
        <translation>téléchargé en partie (reprendra)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>not downloaded</source>
        <translation>non téléchargé</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>exact size and SHA-256</source>
        <translation>la taille exacte et le SHA-256</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>SHA-256</source>
        <translation>le SHA-256</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>exact size</source>
        <translation>la taille exacte</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>size the server announces only (no published checksum recorded)</source>
        <translation>la seule taille annoncée par le serveur (aucune somme de contrôle publiée connue)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>Etalab Open Licence 2.0</source>
        <translation>Licence Ouverte Etalab 2.0</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="49"/>
        <source>Sentinel-1 asc.</source>
        <translation>Sentinel-1 asc.</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="50"/>
        <source>Sentinel-1 desc.</source>
        <translation>Sentinel-1 desc.</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="51"/>
        <source>Elevation (DSM, DTM bands)</source>
        <translation>Élévation (bandes MNS, MNT)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="52"/>
        <source>Aerial date (YYYY-MM-DD)</source>
        <translation>Date aérienne (AAAA-MM-JJ)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="52"/>
        <source>Aerial time (HH:MM)</source>
        <translation>Heure aérienne (HH:MM)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="52"/>
        <source>Aerial camera</source>
        <translation>Caméra aérienne</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="52"/>
        <source>Ground altitude (m)</source>
        <translation>Altitude du sol (m)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="68"/>
        <source>Runs a converted FLAIR-HUB multi-source model (aerial, elevation, SPOT, Sentinel-2/-1 time series) and writes one styled GeoTIFF per task: OUTPUT_landcover.tif (FLAIR codes) and/or OUTPUT_lpis.tif (LPIS crop types), optionally their confidence rasters and polygons (one GeoPackage per map), plus OUTPUT_report.json listing each modality, its files and the dates used.

Give only the modalities the model needs (its card in the Segment with FLAIR dock lists them). Aerial: an R,G,B,NIR file, or an IRC file (NIR, R, G). A time series is a GeoTIFF of date-major band groups; its dates come from the dates file (one YYYYMMDD per line), else from its band descriptions; the optional mask (snow, cloud per date) filters cloudy dates per tile. Each modality is a raster layer (or a file path) backed by a file; a web or in-memory layer must first be saved as a GeoTIFF. A time series may instead be a folder of dated rasters (S2_FOLDER, S1A_FOLDER, S1D_FOLDER; dates from the file names). Elevation is one 2-band layer (DEM: DSM, DTM) or two layers (DSM and DTM). EXTENT (any CRS) limits the run to a rectangle; empty: the first modality&apos;s whole extent. Each layer has to cover the area.

FLAIR#2 U-T&amp;T models trained with aerial metadata also need META_DATE, META_TIME, META_CAMERA and META_ALTITUDE (the images&apos; acquisition, e.g. from the BD ORTHO&apos;s metadata: date YYYY-MM-DD, time HH:MM, camera e.g. UCE-M3-f100-s06, ground altitude in metres); other models ignore them.</source>
        <translation>Exécute un modèle FLAIR-HUB multi-source converti (orthophotographie, élévation, SPOT, séries temporelles Sentinel-2/-1) et écrit un GeoTIFF stylé par tâche : OUTPUT_landcover.tif (codes FLAIR) et/ou OUTPUT_lpis.tif (types de cultures du RPG), si demandé leurs rasters de confiance et leurs polygones (un GeoPackage par carte), ainsi que OUTPUT_report.json, qui liste chaque modalité, ses fichiers et les dates utilisées.

Ne donnez que les modalités dont le modèle a besoin (sa fiche dans le panneau Segmenter avec FLAIR les liste). Orthophotographie : un fichier R, V, B, PIR, ou un fichier IRC (PIR, R, V). Une série temporelle est un GeoTIFF de groupes de bandes rangés par date ; ses dates viennent du fichier des dates (une date AAAAMMJJ par ligne), sinon des descriptions de ses bandes ; le masque neige/nuages facultatif (par date) écarte les dates nuageuses tuile par tuile. Chaque modalité est une couche raster (ou un chemin de fichier) qui s’appuie sur un fichier ; une couche web ou en mémoire doit d’abord être enregistrée en GeoTIFF. Une série temporelle peut aussi être un dossier de rasters datés (S2_FOLDER, S1A_FOLDER, S1D_FOLDER ; dates lues dans les noms des fichiers). L’élévation est une couche à 2 bandes (DEM : modèle numérique de surface (MNS), modèle numérique de terrain (MNT)) ou deux couches (DSM et DTM). L’emprise (EXTENT, dans n’importe quel SCR) limite le traitement à un rectangle ; vide : toute l’emprise de la première modalité. Chaque couche doit couvrir la zone.

Les modèles FLAIR#2 U-T&amp;T entraînés avec les métadonnées aériennes demandent aussi META_DATE, META_TIME, META_CAMERA et META_ALTITUDE (la prise de vue des images, p. ex. d’après les métadonnées de la BD ORTHO : date AAAA-MM-JJ, heure HH:MM, caméra p. ex. UCE-M3-f100-s06, altitude du sol en mètres) ; les autres modèles les ignorent.</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="95"/>
        <source>Aerial IRC (NIR, R, G)</source>
        <translation>Aérien IRC (PIR, R, V)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="98"/>
        <source>Elevation: DSM layer</source>
        <translation>Élévation : couche MNS</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="99"/>
        <source>Elevation: DTM layer</source>
        <translation>Élévation : couche MNT</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="102"/>
        <source>{name} series</source>
        <translation>Série {name}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="103"/>
        <source>{name} as a folder</source>
        <translation>{name} en dossier</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="107"/>
        <source>{name} cloud mask</source>
        <translation>Masque nuages {name}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="108"/>
        <source>Drop cloudy dates (needs a mask)</source>
        <translation>Écarter les dates nuageuses (masque)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="125"/>
        <source>Output name</source>
        <translation>Nom de sortie</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/naming.py" line="47"/>
        <source>Confidence (0–100 %)</source>
        <translation>Confiance (0–100 %)</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="256"/>
        <source>Model page</source>
        <translation>Page du modèle</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="108"/>
        <source>Help: open the user guide in the browser</source>
        <translation>Aide : ouvrir le guide d’utilisation dans le navigateur</translation>
    </message>
    <message>
        <location filename="../ui/modalities_box.py" line="366"/>
        <source>Not guessed: {names}; a Sentinel-1 layer is guessed only when its name says its orbit (asc or desc, S1A or S1D).</source>
        <translation>Non devinées : {names} ; une couche Sentinel-1 n’est devinée que si son nom dit son orbite (asc ou desc, S1A ou S1D).</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="201"/>
        <source>Advanced (changed)</source>
        <translation>Avancé (modifié)</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="202"/>
        <source>Changed from the model&apos;s defaults: {names}</source>
        <translation>Modifié par rapport aux valeurs du modèle : {names}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/models/info.py" line="88"/>
        <source>How it works</source>
        <translation>Comment il fonctionne</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>true colour + infrared + elevation (nDSM)</source>
        <translation>couleurs naturelles + infrarouge + élévation (MNH)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>true colour + infrared + elevation</source>
        <translation>couleurs naturelles + infrarouge + élévation</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>true colour + infrared</source>
        <translation>couleurs naturelles + infrarouge</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>true colour only (works on any BD ORTHO RGB)</source>
        <translation>couleurs naturelles seules (convient à toute BD ORTHO RVB)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>true colour only</source>
        <translation>couleurs naturelles seules</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>aerial infrared colour (NIR, R, G)</source>
        <translation>aérien en infrarouge couleur (PIR, R, V)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>aerial true colour</source>
        <translation>aérien en couleurs naturelles</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>FLAIR-INC&apos;s reference model</source>
        <translation>le modèle de référence de FLAIR-INC</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>(SegFormer encoder)</source>
        <translation>(encodeur SegFormer)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>slower, larger</source>
        <translation>plus lent, plus gros</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>(19 outputs, like the 15-class files)</source>
        <translation>(19 sorties, comme les fichiers à 15 classes)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>FLAIR-HUB land cover (LC-A)</source>
        <translation>occupation du sol FLAIR-HUB (LC-A)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>fixed tile size, at least 384 px</source>
        <translation>taille de tuile fixe, au moins 384 px</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>fixed tile size</source>
        <translation>taille de tuile fixe</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>large and slow on CPU</source>
        <translation>gros et lent sur CPU</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>land cover (19 outputs) from</source>
        <translation>occupation du sol (19 sorties) à partir de</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>crop types (LPIS, 23 classes) from</source>
        <translation>types de cultures (RPG, 23 classes) à partir de</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>aerial RGBI</source>
        <translation>aérien RVBI</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>elevation (DSM, DTM)</source>
        <translation>élévation (MNS, MNT)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>Sentinel-2 series</source>
        <translation>série Sentinel-2</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>Sentinel-1 ascending series</source>
        <translation>série Sentinel-1 ascendante</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>Sentinel-1 descending series</source>
        <translation>série Sentinel-1 descendante</translation>
    </message>
    <message>
        <location filename="../ui/catalogue_dialog.py" line="65"/>
        <source>MB</source>
        <translation>Mo</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/vectorize.py" line="39"/>
        <source>Per-class minimum mapping units are CODE=M2 pairs separated by commas, e.g. 1=50, 13=20; got “{item}”</source>
        <translation>Les unités minimales par classe sont des paires CODE=M2 séparées par des virgules, par ex. 1=50, 13=20 ; reçu « {item} »</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/vectorize.py" line="53"/>
        <source>Land cover as polygons</source>
        <translation>Occupation du sol en polygones</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/vectorize.py" line="56"/>
        <source>Turns a label raster into a GeoPackage of land-cover polygons: patches smaller than the minimum mapping unit (8-connected) are merged into their largest neighbour, then each boundary shared by two polygons is simplified once, so the polygons keep covering the map without gaps or overlaps. Fields: code, class, area_m2 and, with a confidence raster, confidence (mean %). Leave the minimum mapping unit empty for the default (4 pixels) and the tolerance empty for one pixel; 0 and 0 give the exact pixel edges. Nodata never becomes a polygon.</source>
        <translation>Transforme un raster de classes en GeoPackage de polygones d’occupation du sol : les taches plus petites que l’unité minimale de collecte (8-connexité) sont fusionnées avec leur plus grande voisine, puis chaque limite partagée par deux polygones est simplifiée une seule fois, de sorte que les polygones couvrent toujours la carte sans trou ni chevauchement. Champs : code, class, area_m2 et, avec un raster de confiance, confidence (moyenne en %). Laissez l’unité minimale vide pour la valeur par défaut (4 pixels) et la tolérance vide pour un pixel ; 0 et 0 donnent les bords exacts des pixels. Les pixels sans donnée ne deviennent jamais des polygones.</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/vectorize.py" line="75"/>
        <source>Minimum mapping unit (m², empty: 4 pixels)</source>
        <translation>Unité minimale de collecte (m², vide : 4 pixels)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/vectorize.py" line="78"/>
        <source>Per-class minimum mapping units (CODE=M2, …)</source>
        <translation>Unités minimales par classe (CODE=M2, …)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/vectorize.py" line="80"/>
        <source>Simplification tolerance (m, empty: one pixel)</source>
        <translation>Tolérance de simplification (m, vide : un pixel)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/vectorize.py" line="83"/>
        <source>Confidence raster (optional)</source>
        <translation>Raster de confiance (facultatif)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/vectorize.py" line="86"/>
        <source>Layer name</source>
        <translation>Nom de la couche</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/vectorize.py" line="90"/>
        <source>Polygons</source>
        <translation>Polygones</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/vectorize.py" line="90"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/vectorize.py" line="92"/>
        <source>Polygons layer</source>
        <translation>Couche de polygones</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/inputs.py" line="33"/>
        <source>the layer {name} is not a raster file: save it as a GeoTIFF first (Export &gt; Save As…)</source>
        <translation>la couche {name} n’est pas un fichier raster : enregistrez-la d’abord en GeoTIFF (Exporter &gt; Enregistrer sous…)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/inputs.py" line="40"/>
        <source>the “Its values are” parameter</source>
        <translation>le paramètre « Ses valeurs sont »</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/vectorize.py" line="102"/>
        <source>the confidence layer {name} is not a raster file</source>
        <translation>la couche de confiance {name} n’est pas un fichier raster</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/vectorize.py" line="121"/>
        <source>{n} polygons (minimum mapping unit {mmu} px, simplified at {tol} px) in {s} s</source>
        <translation>{n} polygones (unité minimale {mmu} px, simplifiés à {tol} px) en {s} s</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/result.py" line="59"/>
        <source>{name} polygons</source>
        <translation>{name} · polygones</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/runner.py" line="90"/>
        <source>The land cover is there, but not its polygons: {error}</source>
        <translation>L’occupation du sol est là, mais pas ses polygones : {error}</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="47"/>
        <source>Also write polygons</source>
        <translation>Écrire aussi des polygones</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="48"/>
        <source>Also write the land cover as polygons (GeoPackage beside the GeoTIFF), loaded styled above the raster</source>
        <translation>Écrire aussi l’occupation du sol en polygones (GeoPackage à côté du GeoTIFF), chargés et stylés au-dessus du raster</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="160"/>
        <source>4 pixels</source>
        <translation>4 pixels</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="56"/>
        <source>Minimum mapping unit: smaller patches are merged into their largest neighbour (OCS GE: 50 m² for buildings, 500 m² otherwise)</source>
        <translation>Unité minimale de collecte : les taches plus petites sont fusionnées avec leur plus grande voisine (OCS GE : 50 m² pour le bâti, 500 m² sinon)</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="166"/>
        <source>Minimum unit</source>
        <translation>Unité minimale</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="162"/>
        <source>Minimum mapping unit: smaller patches are merged into their largest neighbour</source>
        <translation>Unité minimale de collecte : les taches plus petites sont fusionnées avec leur plus grande voisine</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="163"/>
        <source>Write polygons</source>
        <translation>Écrire les polygones</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="164"/>
        <source>The label raster as a GeoPackage of polygons beside it, styled like the raster</source>
        <translation>Le raster de classes en GeoPackage de polygones à côté de lui, stylé comme le raster</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="180"/>
        <source>{name} is not a raster file: save it as a GeoTIFF first</source>
        <translation>{name} n’est pas un fichier raster : enregistrez-le d’abord en GeoTIFF</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="190"/>
        <source>FLAIR polygons of {name}</source>
        <translation>Polygones FLAIR de {name}</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="193"/>
        <source>Writing the polygons of {name}…</source>
        <translation>Écriture des polygones de {name}…</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="209"/>
        <source>{n} polygons written to {path}</source>
        <translation>{n} polygones écrits dans {path}</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="214"/>
        <source>No polygons: {error}</source>
        <translation>Pas de polygones : {error}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>FLAIR-HUB multi-source model converted from</source>
        <translation>modèle multi-source FLAIR-HUB converti à partir de</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>FLAIR#2 U-T&amp;T model converted from</source>
        <translation>modèle U-T&amp;T FLAIR#2 converti à partir de</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>, converted from</source>
        <translation>, converti à partir de</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>19 outputs, index i -&gt; FLAIR code i+1; in 15-class models codes 15, 16, 17 and 19 were trained with weight 0</source>
        <translation>19 sorties, indice i -&gt; code FLAIR i+1 ; dans les modèles à 15 classes, les codes 15, 16, 17 et 19 ont été entraînés avec un poids nul</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="44"/>
        <source>19 outputs in FLAIR-HUB order (building, greenhouse, swimming pool, ...); indices 15..18 were trained with weight 0</source>
        <translation>19 sorties dans l’ordre de FLAIR-HUB (bâtiment, serre, piscine, ...) ; les indices 15..18 ont été entraînés avec un poids nul</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="79"/>
        <source>G</source>
        <translation>V</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="80"/>
        <source>NIR</source>
        <translation>PIR</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="81"/>
        <source>NDSM</source>
        <translation>MNH</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="82"/>
        <source>DSM</source>
        <translation>MNS</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="84"/>
        <source>DSM-DTM</source>
        <translation>MNS − MNT</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="65"/>
        <source>Segment with a multi-source model (FLAIR-HUB, FLAIR#2 U-T&amp;T)</source>
        <translation>Segmenter avec un modèle multi-source (FLAIR-HUB, FLAIR#2 U-T&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/patch_browser.py" line="95"/>
        <source>patch</source>
        <translation>patch</translation>
    </message>
    <message>
        <location filename="../ui/patch_browser.py" line="95"/>
        <source>domain</source>
        <translation>domaine</translation>
    </message>
    <message>
        <location filename="../ui/patch_browser.py" line="95"/>
        <source>zone</source>
        <translation>zone</translation>
    </message>
    <message>
        <location filename="../ui/patch_browser.py" line="95"/>
        <source>prediction</source>
        <translation>prédiction</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="89"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="89"/>
        <source>FLAIR class code</source>
        <translation>Code de la classe FLAIR</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="89"/>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="89"/>
        <source>FLAIR class name</source>
        <translation>Nom de la classe FLAIR</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="89"/>
        <source>IoU</source>
        <translation>IoU</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="89"/>
        <source>Intersection over union of the reference and predicted areas of the class, %</source>
        <translation>Intersection sur union des surfaces de la classe dans la référence et dans la prédiction, %</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="89"/>
        <source>Prec.</source>
        <translation>Préc.</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="89"/>
        <source>Precision: share of the area predicted as this class that the reference agrees with, %</source>
        <translation>Précision : part de la surface prédite dans cette classe que la référence confirme, %</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="89"/>
        <source>Rec.</source>
        <translation>Rapp.</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="89"/>
        <source>Recall: share of the reference area of this class that the prediction found, %</source>
        <translation>Rappel : part de la surface de cette classe dans la référence que la prédiction retrouve, %</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="89"/>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="89"/>
        <source>Harmonic mean of precision and recall, %</source>
        <translation>Moyenne harmonique de la précision et du rappel, %</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="89"/>
        <source>Ref. m²</source>
        <translation>Réf. m²</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="89"/>
        <source>Area of the class in the reference, square metres</source>
        <translation>Surface de la classe dans la référence, mètres carrés</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="89"/>
        <source>Ref.</source>
        <translation>Réf.</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="89"/>
        <source>Share of the compared area in the reference, %</source>
        <translation>Part de la surface comparée dans la référence, %</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="89"/>
        <source>Pred. m²</source>
        <translation>Préd. m²</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="89"/>
        <source>Area of the class in the prediction, square metres</source>
        <translation>Surface de la classe dans la prédiction, mètres carrés</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="89"/>
        <source>Pred.</source>
        <translation>Préd.</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="89"/>
        <source>Share of the compared area in the prediction, %</source>
        <translation>Part de la surface comparée dans la prédiction, %</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="130"/>
        <source>Style</source>
        <translation>Style</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="133"/>
        <source>Review</source>
        <translation>Revue</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>mIoU, FLAIR protocol (12 classes, &apos;other&apos; excluded)</source>
        <translation>mIoU, protocole FLAIR (12 classes, « autre » exclue)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>mIoU, all FLAIR classes present</source>
        <translation>mIoU, toutes les classes FLAIR présentes</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>mIoU, all classes present</source>
        <translation>mIoU, toutes les classes présentes</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>overall accuracy</source>
        <translation>précision globale</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>compared area (m²)</source>
        <translation>surface comparée (m²)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="89"/>
        <source>auto</source>
        <translation>auto</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="89"/>
        <source>off</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="89"/>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="90"/>
        <source>monthly</source>
        <translation>mensuelle</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="90"/>
        <source>semi-monthly</source>
        <translation>par quinzaine</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>FLAIR codes 1..19 (0 = nodata)</source>
        <translation>codes FLAIR 1..19 (0 = sans donnée)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>FLAIR-INC, 0-based (19 classes)</source>
        <translation>FLAIR-INC, indices à partir de 0 (19 classes)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>13-class baseline, 0-based (12 = other)</source>
        <translation>référence à 13 classes, indices à partir de 0 (12 = autre)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>FLAIR-HUB land cover, 0-based</source>
        <translation>occupation du sol FLAIR-HUB, indices à partir de 0</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>FLAIR-HUB LPIS crop types, 0-based (23 classes)</source>
        <translation>types de cultures RPG FLAIR-HUB, indices à partir de 0 (23 classes)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>annotation wrong</source>
        <translation>annotation fausse</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>prediction wrong</source>
        <translation>prédiction fausse</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>ambiguous</source>
        <translation>ambigu</translation>
    </message>
    <message>
        <location filename="../qgis_glue/engine_words.py" line="9"/>
        <source>fine</source>
        <translation>correct</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/inputs.py" line="20"/>
        <source>Guess from the values, the file name and its tags</source>
        <translation>Deviner d’après les valeurs, le nom du fichier et ses métadonnées</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="74"/>
        <source>Which encoding?</source>
        <translation>Quel codage ?</translation>
    </message>
    <message>
        <location filename="../qgis_glue/styling/labels.py" line="34"/>
        <source>chosen before for this layer</source>
        <translation>choisi auparavant pour cette couche</translation>
    </message>
    <message>
        <location filename="../qgis_glue/styling/labels.py" line="37"/>
        <source>not a raster file: values cannot be read</source>
        <translation>ce n’est pas un fichier raster : ses valeurs ne peuvent être lues</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/inputs.py" line="42"/>
        <source>encoding: {title} ({reason})</source>
        <translation>codage : {title} ({reason})</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="74"/>
        <source>{layer}: {reason}.
How are its values encoded?</source>
        <translation>{layer} : {reason}.
Comment ses valeurs sont-elles codées ?</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="436"/>
        <source>hotspots</source>
        <translation>points chauds</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="437"/>
        <source>warning</source>
        <translation>avertissement</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="549"/>
        <source>Hotspot {i} / {n} ({done} reviewed): reference &lt;b&gt;{ref}&lt;/b&gt;, predicted &lt;b&gt;{pred}&lt;/b&gt; ({share} %), {area} m²</source>
        <translation>Point chaud {i} / {n} ({done} revus) : référence &lt;b&gt;{ref}&lt;/b&gt;, prédiction &lt;b&gt;{pred}&lt;/b&gt; ({share} %), {area} m²</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="121"/>
        <source>Classifies aerial imagery into the FLAIR land-cover classes (codes 1..19, 0 = nodata) with an ONNX model, and writes a styled GeoTIFF (.qml beside it), an optional confidence raster (max probability x 255) and a JSON run report.

Model: an .onnx file with a FLAIR model card; empty = the built-in spectral-and-height baseline (R, G, B, NIR, NDSM; a transparent stand-in, not a trained FLAIR network).
Inputs: only those the model takes are used. RGB fills R, G, B from bands 1-3 (band 4 fills NIR if no NIR layer is given); NIR: e.g. the BD ORTHO IRC layer, band 1; NDSM: height above ground in metres, or give DSM and DTM instead. Web (WMS/WMTS) layers work; give them an extent.
Area: the whole first input, or EXTENT, or only the tiles touching POLYGONS (nodata elsewhere).
Resolution: 0 = the model&apos;s (0.2 m for FLAIR).
Polygons: optionally also the map as a GeoPackage of land-cover polygons (as flair:vectorize writes them; minimum mapping unit empty: 4 pixels).</source>
        <translation>Classe des images aériennes dans les classes d’occupation du sol FLAIR (codes 1..19, 0 = sans donnée) avec un modèle ONNX, et écrit un GeoTIFF stylé (.qml à côté), en option un raster de confiance (probabilité maximale × 255) et un rapport d’exécution JSON.

Modèle : un fichier .onnx avec une fiche de modèle FLAIR ; vide = le modèle de référence intégré, spectral et hauteur (R, V, B, PIR, MNH ; une règle transparente, pas un réseau FLAIR entraîné).
Entrées : seules celles que le modèle prend sont utilisées. RVB remplit R, V, B avec les bandes 1-3 (la bande 4 remplit PIR si aucune couche PIR n’est donnée) ; PIR : p. ex. la couche BD ORTHO IRC, bande 1 ; MNH : hauteur au-dessus du sol en mètres, ou bien donnez MNS et MNT. Les couches web (WMS/WMTS) fonctionnent ; donnez-leur une emprise.
Zone : toute la première entrée, ou EMPRISE, ou seulement les tuiles qui touchent POLYGONES (sans donnée ailleurs).
Résolution : 0 = celle du modèle (0,2 m pour FLAIR).
Polygones : en option, aussi la carte en GeoPackage de polygones d’occupation du sol (comme les écrit flair:vectorize ; unité minimale de collecte vide : 4 pixels).</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="173"/>
        <source>Polygons: minimum mapping unit (m², empty: 4 pixels)</source>
        <translation>Polygones : unité minimale de collecte (m², vide : 4 pixels)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="328"/>
        <source>cancelled</source>
        <translation>annulé</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/result.py" line="87"/>
        <source>{maps} map(s) ready in {seconds}: {classes}</source>
        <translation>{maps} carte(s) prête(s) en {seconds} : {classes}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/result.py" line="111"/>
        <source>{title}: {path}</source>
        <translation>{title} : {path}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="208"/>
        <source>{file} is not a multi-source model: run it with “Segment with FLAIR”</source>
        <translation>{file} n’est pas un modèle multi-source : lancez-le avec « Segmenter avec FLAIR »</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/multisource.py" line="127"/>
        <source>Polygons: minimum unit (m²)</source>
        <translation>Polygones : unité minimale (m²)</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="102"/>
        <source>Rescale</source>
        <translation>Remise à l’échelle</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="93"/>
        <source>16-bit or 0..1 to 0..255</source>
        <translation>16 bits ou 0..1 vers 0..255</translation>
    </message>
    <message>
        <location filename="../ui/output_box.py" line="94"/>
        <source>The model reads 8-bit values; other imagery is refused unless this is ticked. 8-bit imagery is never changed.</source>
        <translation>Le modèle lit des valeurs sur 8 bits ; une autre imagerie est refusée sauf si cette case est cochée. Une imagerie sur 8 bits n’est jamais modifiée.</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="131"/>
        <source>the Rescale parameter</source>
        <translation>le paramètre Remise à l’échelle</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="77"/>
        <source>Rescale, under Advanced</source>
        <translation>Remise à l’échelle, sous Avancé</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="169"/>
        <source>Rescale 16-bit or 0..1 imagery to 0..255</source>
        <translation>Remettre l’imagerie 16 bits ou 0..1 à l’échelle 0..255</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="72"/>
        <source>Tile size (Advanced)</source>
        <translation>Taille des tuiles (Avancé)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="73"/>
        <source>Margin (Advanced)</source>
        <translation>Marge (Avancé)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="74"/>
        <source>Batch (Advanced)</source>
        <translation>Lot (Avancé)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="75"/>
        <source>Stitching (Advanced)</source>
        <translation>Assemblage (Avancé)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="76"/>
        <source>Device (Advanced)</source>
        <translation>Processeur (Avancé)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="80"/>
        <source>Extent (Area)</source>
        <translation>Emprise (Zone)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="81"/>
        <source>clouds (the series&apos; row)</source>
        <translation>nuages (la ligne de la série)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="82"/>
        <source>average (the series&apos; row)</source>
        <translation>moyenne (la ligne de la série)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="87"/>
        <source>the Input roles field</source>
        <translation>le champ Rôles des entrées</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="88"/>
        <source>its “encoded as” field</source>
        <translation>son champ « codée en »</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="91"/>
        <source>threads (QGIS uses every core)</source>
        <translation>fils d’exécution (QGIS utilise tous les cœurs)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="92"/>
        <source>Dask workers (Processing only)</source>
        <translation>processus Dask (Traitements seulement)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="93"/>
        <source>a Dask scheduler (Processing only)</source>
        <translation>un ordonnanceur Dask (Traitements seulement)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="94"/>
        <source>blocks (Processing only)</source>
        <translation>blocs (Traitements seulement)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="126"/>
        <source>Tile size in pixels</source>
        <translation>Taille des tuiles en pixels</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="127"/>
        <source>Tile margin in pixels</source>
        <translation>Marge des tuiles en pixels</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="128"/>
        <source>Tiles per batch</source>
        <translation>Tuiles par lot</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="134"/>
        <source>the Extent parameter</source>
        <translation>le paramètre Emprise</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="135"/>
        <source>Drop cloudy dates</source>
        <translation>Écarter les dates nuageuses</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="142"/>
        <source>the input layer parameters</source>
        <translation>les paramètres des couches d’entrée</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="145"/>
        <source>threads (Processing uses every core)</source>
        <translation>fils d’exécution (Traitements utilise tous les cœurs)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="146"/>
        <source>the “Dask: local worker processes” parameter</source>
        <translation>le paramètre « Dask : processus de calcul locaux »</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="147"/>
        <source>the “Dask: scheduler address or file” parameter</source>
        <translation>le paramètre « Dask : adresse ou fichier de l’ordonnanceur »</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="148"/>
        <source>blocks (set only from the command line)</source>
        <translation>blocs (réglés seulement en ligne de commande)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="106"/>
        <source>the “{name}” parameter</source>
        <translation>le paramètre « {name} »</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="83"/>
        <source>the Outputs field</source>
        <translation>le champ Sorties</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="138"/>
        <source>the Outputs field of the “Segment with FLAIR” dock</source>
        <translation>le champ Sorties du panneau « Segmenter avec FLAIR »</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="139"/>
        <source>Mean in the “Segment with FLAIR” dock</source>
        <translation>Moyenne du panneau « Segmenter avec FLAIR »</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="143"/>
        <source>its encoding parameter</source>
        <translation>son paramètre de codage</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="89"/>
        <source>choose both encodings (each “encoded as”)</source>
        <translation>choisissez les deux codages (chaque « codée en »)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="144"/>
        <source>choose both encodings (each “Its values are”)</source>
        <translation>choisissez les deux codages (chaque « Ses valeurs sont »)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="98"/>
        <source>“named by”, under Zones</source>
        <translation>« nommées par », sous Zones</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="99"/>
        <source>the smallest change polygon (Processing only)</source>
        <translation>le plus petit polygone de changement (Traitements seulement)</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="162"/>
        <source>FLAIR land take: {file}</source>
        <translation>Consommation d’espace FLAIR : {file}</translation>
    </message>
    <message>
        <location filename="../ui/change_tab.py" line="192"/>
        <source>The change layer could not be added: {error}</source>
        <translation>La couche des changements n’a pas pu être ajoutée : {error}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/qa/change.py" line="51"/>
        <source>QGIS could not open the layer {layer} of {file}</source>
        <translation>QGIS n’a pas pu ouvrir la couche {layer} de {file}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/styling/flair.py" line="23"/>
        <source>QGIS could not load the style {file}: {reason}</source>
        <translation>QGIS n’a pas pu charger le style {file} : {reason}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/result.py" line="37"/>
        <source>QGIS cannot open the output {file}</source>
        <translation>QGIS ne peut pas ouvrir la sortie {file}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/result.py" line="61"/>
        <source>QGIS cannot open the polygons {file}</source>
        <translation>QGIS ne peut pas ouvrir les polygones {file}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/qa/layers.py" line="36"/>
        <source>QGIS cannot open {file}</source>
        <translation>QGIS ne peut pas ouvrir {file}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/styling/flair.py" line="24"/>
        <source>QGIS could not load the style for {name}: {reason}</source>
        <translation>QGIS n’a pas pu charger le style de {name} : {reason}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/layers/source.py" line="153"/>
        <source>a WMS can only be asked for a CRS with an authority code, not {crs}</source>
        <translation>un WMS ne peut être interrogé que dans un SCR ayant un code d’autorité, pas {crs}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/layers/source.py" line="160"/>
        <source>cannot open {name} from {source} in {crs}</source>
        <translation>impossible d’ouvrir {name} depuis {source} en {crs}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/layers/wms.py" line="126"/>
        <source>cannot reach the WMS at {url}: {reason}</source>
        <translation>impossible de joindre le WMS {url} : {reason}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/layers/source.py" line="263"/>
        <source>cannot read {name} from {source}: {reason}</source>
        <translation>impossible de lire {name} depuis {source} : {reason}</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="360"/>
        <source>choose a reference and a prediction raster</source>
        <translation>choisissez un raster de référence et un raster de prédiction</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/style.py" line="72"/>
        <source>colour table and class names written into the file; style {file}</source>
        <translation>table de couleurs et noms des classes écrits dans le fichier ; style {file}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/qa/tasks.py" line="119"/>
        <source>could not save the layer {name} for the comparison: {reason}</source>
        <translation>impossible d’enregistrer la couche {name} pour la comparaison : {reason}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/qa/reviews.py" line="78"/>
        <source>could not write the review into {file} (read-only file?)</source>
        <translation>impossible d’écrire la revue dans {file} (fichier en lecture seule ?)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/layers/wms.py" line="67"/>
        <source>it declares entities</source>
        <translation>la réponse déclare des entités</translation>
    </message>
    <message>
        <location filename="../qgis_glue/layers/wms.py" line="79"/>
        <source>it is empty</source>
        <translation>la réponse est vide</translation>
    </message>
    <message>
        <location filename="../qgis_glue/layers/bdortho.py" line="43"/>
        <source>no BD ORTHO vintage {year} on the Géoplateforme here; choose one of {first}..{last}</source>
        <translation>pas de millésime {year} de la BD ORTHO sur la Géoplateforme ici ; choisissez-en un de {first} à {last}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/layers/source.py" line="262"/>
        <source>no data came back</source>
        <translation>aucune donnée n’est revenue</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/style.py" line="74"/>
        <source>style {file}</source>
        <translation>style {file}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/layers/wms.py" line="131"/>
        <source>the WMS at {url} answered GetCapabilities with something that is not XML it can read ({reason})</source>
        <translation>le WMS {url} a répondu à GetCapabilities par autre chose qu’un XML lisible ({reason})</translation>
    </message>
    <message>
        <location filename="../qgis_glue/layers/wms.py" line="138"/>
        <source>the WMS at {url} does not offer {layer} in {crs} (it offers {offered}); choose one of those as the output CRS</source>
        <translation>le WMS {url} ne propose pas {layer} en {crs} (il propose {offered}) ; choisissez l’un de ceux-ci comme SCR de sortie</translation>
    </message>
    <message>
        <location filename="../qgis_glue/layers/wms.py" line="136"/>
        <source>the WMS at {url} has no layer {layer}</source>
        <translation>le WMS {url} n’a pas de couche {layer}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/layers/source.py" line="116"/>
        <source>the layer {name} has no valid data provider</source>
        <translation>la couche {name} n’a pas de fournisseur de données valide</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/style.py" line="69"/>
        <source>values {values} are not classes of the {encoding} encoding: is the encoding right?</source>
        <translation>les valeurs {values} ne sont pas des classes de l’encodage {encoding} : l’encodage est-il le bon ?</translation>
    </message>
    <message>
        <location filename="../qgis_glue/qa/reviews.py" line="24"/>
        <source>{file} has no &apos;{layer}&apos; layer: open a hotspots GeoPackage written by the QA panel or &apos;python -m inference evaluate --hotspots&apos;</source>
        <translation>{file} n’a pas de couche « {layer} » : ouvrez un GeoPackage de zones de désaccord écrit par le panneau de contrôle qualité ou par « python -m inference evaluate --hotspots »</translation>
    </message>
    <message>
        <location filename="../qgis_glue/qa/reviews.py" line="29"/>
        <source>{file} is not a hotspots layer (no field {fields})</source>
        <translation>{file} n’est pas une couche de zones de désaccord (pas de champ {fields})</translation>
    </message>
    <message>
        <location filename="../qgis_glue/layers/source.py" line="128"/>
        <source>{name} band {band}: data type {type} cannot be read</source>
        <translation>{name} bande {band} : le type de données {type} ne peut pas être lu</translation>
    </message>
    <message>
        <location filename="../qgis_glue/layers/source.py" line="201"/>
        <source>{name} is already being read by another run</source>
        <translation>{name} est déjà en cours de lecture par une autre exécution</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="364"/>
        <source>{name} is not a raster file; save it as a GeoTIFF first</source>
        <translation>{name} n’est pas un fichier raster ; enregistrez-le d’abord en GeoTIFF</translation>
    </message>
    <message>
        <location filename="../ui/model_box.py" line="82"/>
        <source>{text} is not a list of numbers</source>
        <translation>{text} n’est pas une liste de nombres</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="69"/>
        <source>{band} (set RGB)</source>
        <translation>{band} (renseignez l’image RVB)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="80"/>
        <source>{band} (set NIR, e.g. the IRC ortho, band 1)</source>
        <translation>{band} (renseignez le proche infrarouge, p. ex. l’ortho IRC, bande 1)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="89"/>
        <source>{band} (set NDSM, or both DSM and DTM)</source>
        <translation>{band} (renseignez la hauteur au-dessus du sol, ou à la fois le MNS et le MNT)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="98"/>
        <source>the model takes {bands}; no layer given for {missing}</source>
        <translation>le modèle prend {bands} ; aucune couche donnée pour {missing}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/run/request.py" line="212"/>
        <source>{name} is a web layer covering a whole country: choose the current map view, draw an area or pick polygons as the area to segment</source>
        <translation>{name} est une couche web couvrant tout un pays : choisissez comme zone à segmenter la vue actuelle de la carte, une zone dessinée ou des polygones</translation>
    </message>
    <message>
        <location filename="../ui/qa_panel.py" line="523"/>
        <source>Open hotspots</source>
        <translation>Ouvrir des zones de désaccord</translation>
    </message>
    <message>
        <location filename="../qgis_glue/processing/segment.py" line="98"/>
        <source>; </source>
        <translation> ; </translation>
    </message>
    <message>
        <location filename="../qgis_glue/models/download.py" line="102"/>
        <source>Converting IGN&apos;s checkpoints needs {packages} in QGIS&apos;s Python ({python}); the plugin never installs packages itself.
{where}
{hint}
then start QGIS again. (PyTorch is only needed to convert; the converted model runs without it.)</source>
        <translation>Convertir les checkpoints de l’IGN demande {packages} dans le Python de QGIS ({python}) ; l’extension n’installe jamais de paquets elle-même.
{where}
{hint}
puis redémarrez QGIS. (PyTorch ne sert qu’à convertir ; le modèle converti s’en passe.)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/models/download.py" line="253"/>
        <source>download cancelled after {size}; it resumes from there next time</source>
        <translation>téléchargement annulé après {size} ; il reprendra de là la prochaine fois</translation>
    </message>
    <message>
        <location filename="../qgis_glue/models/download.py" line="264"/>
        <source>the server {host} answered {status} {reason} for {url}</source>
        <translation>le serveur {host} a répondu {status} {reason} pour {url}</translation>
    </message>
    <message>
        <location filename="../qgis_glue/models/download.py" line="268"/>
        <source>the transfer was interrupted after {done} of {total} ({error}); download again to resume it</source>
        <translation>le transfert a été interrompu après {done} sur {total} ({error}) ; relancez le téléchargement pour le reprendre</translation>
    </message>
    <message>
        <location filename="../qgis_glue/models/download.py" line="271"/>
        <source>cannot download {url}: {error} (check the network or proxy settings)</source>
        <translation>impossible de télécharger {url} : {error} (vérifiez le réseau ou les réglages du proxy)</translation>
    </message>
    <message>
        <location filename="../qgis_glue/models/download.py" line="274"/>
        <source>the transfer was interrupted after {done} of {total}; download again to resume it</source>
        <translation>le transfert a été interrompu après {done} sur {total} ; relancez le téléchargement pour le reprendre</translation>
    </message>
    <message>
        <location filename="../qgis_glue/models/download.py" line="361"/>
        <source>Converting {model} to ONNX</source>
        <translation>Conversion de {model} en ONNX</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="100"/>
        <source>this dock, which has a row for each of its sources</source>
        <translation>ce panneau, qui a une ligne pour chacune de ses sources</translation>
    </message>
    <message>
        <location filename="../qgis_glue/errors.py" line="154"/>
        <source>the algorithm “Segment with a multi-source model (FLAIR-HUB, FLAIR#2 U-T&amp;T)” (flair:segment_multisource)</source>
        <translation>l’algorithme « Segmenter avec un modèle multi-source (FLAIR-HUB, FLAIR#2 U-T&amp;T) » (flair:segment_multisource)</translation>
    </message>
</context>
</TS>
