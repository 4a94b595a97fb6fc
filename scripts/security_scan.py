"""make security: the scanners plugins.qgis.org runs on an upload, run on the plugin zip's content.

- Bandit: no medium or high finding (the repository's gate); low ones are listed. A finding that
  is by design carries ``# nosec Bxxx  # why`` on its line, so the scanner itself skips it.
- detect-secrets: no finding that ``.secrets.baseline`` (the scanner's own allow list, repository
  root) does not hold. It holds the SHA-256 checksums of inference/models/catalogue.json, which
  look like keys to its entropy rule and are public digests of public files. After a deliberate
  change (a new model's checksum), review the new findings and `make secrets-baseline`.

Run with the Python of the venv that has bandit and detect-secrets (requirements/security.txt).
Usage: security_scan.py ZIP [--update-baseline]
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASELINE = os.path.join(ROOT, ".secrets.baseline")
BIN = os.path.dirname(sys.executable)


def _json(cmd: list[str], cwd: str, ok=(0,)) -> dict:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode not in ok:
        sys.exit(f"security: {' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    return json.loads(proc.stdout)


def bandit(plugin: str) -> list[str]:
    report = _json([os.path.join(BIN, "bandit"), "-r", ".", "-q", "-f", "json"], plugin, ok=(0, 1))
    bad = []
    for r in report["results"]:
        line = f"{r['filename'].lstrip('./')}:{r['line_number']}: {r['test_id']} {r['issue_severity']} {r['issue_text']}"
        if r["issue_severity"] in ("MEDIUM", "HIGH"):
            bad.append(line)
        else:
            print(f"bandit (low, allowed by the gate): {line}")
    n = report["metrics"]["_totals"]
    print(f"bandit: {n['loc']} lines, {n.get('skipped_tests', 0)} nosec with a reason, "
          f"{len(bad)} medium or high finding(s)")
    return bad


def secrets(plugin: str, update: bool) -> list[str]:
    scan = _json([os.path.join(BIN, "detect-secrets"), "scan", "--all-files", "."], plugin)
    if update:
        with open(BASELINE, "w", encoding="utf-8") as f:
            json.dump(scan, f, indent=2)
            f.write("\n")
        print(f"security: {BASELINE} rewritten with {sum(map(len, scan['results'].values()))} finding(s); review them")
        return []
    try:
        with open(BASELINE, encoding="utf-8") as f:
            baseline = json.load(f)["results"]
    except FileNotFoundError:
        baseline = {}
    allowed = {(name, s["hashed_secret"]) for name, found in baseline.items() for s in found}
    bad = [f"{name}:{s['line_number']}: {s['type']}" for name, found in scan["results"].items() for s in found
           if (name, s["hashed_secret"]) not in allowed]
    print(f"detect-secrets: {sum(map(len, scan['results'].values()))} finding(s), "
          f"{len(bad)} not in .secrets.baseline")
    return bad


def main(argv: list[str]) -> int:
    zip_path, update = argv[0], "--update-baseline" in argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(zip_path) as z:
            z.extractall(tmp)
        (top,) = os.listdir(tmp)
        plugin = os.path.join(tmp, top)
        bad = secrets(plugin, update) + ([] if update else bandit(plugin))
    for line in bad:
        print(line)
    if bad:
        print(f"security: {len(bad)} finding(s) would block the upload to plugins.qgis.org. Fix them; a finding "
              "that is by design takes the scanner's own allowance: `# nosec Bxxx  # why` on a Bandit line, "
              "`make secrets-baseline` (then review `git diff .secrets.baseline`) for a public checksum",
              file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
