"""Write eval_baseline.json from the last `make eval` (eval-out/results.json): each headline figure's
floor is its measured value less a 0.005 margin, rounded down. Run it only when figures improved:
floors only ever go up (the script refuses to lower one unless --allow-lower is given)."""
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from flashpoint.evaluate import HEADLINE, kind_of  # noqa: E402

LOWER_IS_BETTER = {"median_error_km"}
MARGIN = 0.005

results = json.loads(Path("eval-out/results.json").read_text())
path = Path("eval_baseline.json")
old = json.loads(path.read_text()) if path.exists() else {}
new, lowered = {}, []
for name, r in sorted(results.items()):
    for m in HEADLINE[kind_of(name)]:
        v = r.get(m)
        if v is None or m in LOWER_IS_BETTER:
            continue
        floor = max(0.0, math.floor((v - MARGIN) * 1000) / 1000)
        prev = old.get(name, {}).get(m)
        if prev is not None and floor < prev:
            if "--allow-lower" not in sys.argv:
                floor = prev
            else:
                lowered.append(f"{name} {m}: {prev} -> {floor}")
        new.setdefault(name, {})[m] = floor
path.write_text(json.dumps(new, indent=2) + "\n")
print(f"wrote {path}" + (f"; lowered: {lowered}" if lowered else ""))
