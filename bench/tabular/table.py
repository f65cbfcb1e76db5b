"""A README table from study.py's or designs.py's JSON: mean ROC AUC over the seeds, per data set
and on average, the best of each row in bold.

  python table.py RESULTS.json [EXTRA_COLUMN...]
"""
import json
import sys

doc = json.load(open(sys.argv[1]))
results = doc["results"]
first = next(iter(results.values()))
sizes = "rows" in first  # study.py records each set's size; designs.py does not
measured = [k for k, v in first.items() if isinstance(v, list) and "seconds" not in k and k != "isolation forest"]
cols = ["isolation forest"] + doc.get("variants", measured) + sys.argv[2:]
lead = "| data set (columns) | rows | outliers | " if sizes else "| data set (columns) | "
print(lead + " | ".join(cols) + " |")
print("|---|" + ("---|---|" if sizes else "") + "---|" * len(cols))
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
    size = f"{r['rows']} | {r['outliers']} | " if sizes else ""
    print(f"| {name} | {size}" + " | ".join(cells) + " |")
print("| **mean** | " + ("| | " if sizes else "") + " | ".join(f"{sum(v) / len(v):.3f}" for v in sums.values()) + " |")
