"""make package: add built files (compiled resources, translations) that git does not track to
the plugin zip made by git archive.  Usage: add_to_zip.py ZIP PREFIX FILE [FILE ...]"""
import sys
import zipfile

zip_path, prefix, *files = sys.argv[1:]
with zipfile.ZipFile(zip_path, "a", compression=zipfile.ZIP_DEFLATED) as z:
    for f in files:
        z.write(f, f"{prefix}/{f}")
