# The bench's train-discord and |diff| baselines (bench/detect/evaluate.py, imported as is) on UCR's
# series longer than 50,000 points; then ae's top-1 per seed from /tmp/long/sS/*.score.
import csv, gzip, json, os, sys, time
import numpy as np
sys.path.insert(0, '/work/main/bench/detect')
from evaluate import discord_scores, correct
rows = [r for r in csv.DictReader(open('/work/shared/benchmarks/ucr/labels.csv')) if int(r['length']) > 50000]
out = {}
for r in rows:
    name = r['archive_file'].replace('.txt', '')
    e = {k: int(r[k]) for k in ('train_end', 'anomaly_begin', 'anomaly_end')}
    x = np.array([float(v) for v in gzip.open(f'/work/shared/benchmarks/ucr/data/{name}.txt.gz', 'rt').read().split()])
    t = time.time(); cut = e['train_end']
    d, m = discord_scores(x, cut)
    out[name] = {'discord': correct(cut + int(np.argmax(d)), e), 'diff': correct(cut + int(np.argmax(np.abs(np.diff(x))[cut - 1:])), e),
                 'discordWindow': m, 'seconds': round(time.time() - t, 1)}
    print(name, out[name], file=sys.stderr, flush=True)
json.dump(out, open('/tmp/long/baselines.json', 'w'), indent=1)
