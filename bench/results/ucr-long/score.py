import csv, json, sys, os
import numpy as np
rows = [r for r in csv.DictReader(open('/work/shared/benchmarks/ucr/labels.csv')) if int(r['length']) > 50000]
res = {}
for s in (0, 1):
    hits = {}
    for r in rows:
        name = r['archive_file'].replace('.txt', '')
        cut, a, b = int(r['train_end']), int(r['anomaly_begin']), int(r['anomaly_end'])
        sc = np.array([float(v) for v in open(f'/tmp/long/s{s}/{name}.score').read().split()])
        assert len(sc) == int(r['length']), (name, len(sc))
        p = cut + int(np.argmax(np.nan_to_num(sc[cut:], nan=-np.inf)))
        hits[name] = bool(a - 100 <= p <= b + 100)
    res[s] = hits
    print('seed', s, 'ae top-1 on the', len(rows), 'long series:', sum(hits.values()))
json.dump(res, open('/tmp/long/ae.json', 'w'), indent=1)
