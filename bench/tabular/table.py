"""The README's table from study.py's JSON: mean ROC AUC over the seeds, per data set and on average."""
import json
import sys

doc = json.load(open(sys.argv[1]))
results = doc["results"]
cols = ["isolation forest"] + doc["variants"] + [c for c in sys.argv[2:]]
print("| data set (columns) | rows | outliers | " + " | ".join(cols) + " |")
print("|---|---|---|" + "---|" * len(cols))
sums = {c: [] for c in cols}
for name, r in results.items():
    cells = []
    for c in cols:
        vals = r.get(c, [])
        mean = sum(vals) / len(vals) if vals else float("nan")
        sums[c].append(mean)
        cells.append(f"{mean:.3f}")
    top = max(float(c) for c in cells)
    cells = [f"**{c}**" if float(c) == top else c for c in cells]
    print(f"| {name} | {r['rows']} | {r['outliers']} | " + " | ".join(cells) + " |")
print("| **mean** | | | " + " | ".join(f"{sum(v) / len(v):.3f}" for v in sums.values()) + " |")
