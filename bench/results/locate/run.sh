#!/bin/bash
# re-run the bench's UCR command keeping the NDJSON records (score + explain) of rows after train_end
cd /tmp/t0
for s in 0 1; do
  mkdir -p /tmp/loc/s$s
  tail -n +2 /work/shared/benchmarks/ucr/labels.csv | while IFS=, read num file series te ab ae len; do
    name=${file%.txt}
    csv=/tmp/t0/out/work/ucr/$name.csv
    [ -f "$csv" ] || continue
    node bin/ae.js watch "$csv" --learn $te --seed $s --ndjson --quiet | python3 -c "
import sys,json
te=$te
best=None
for l in sys.stdin:
    r=json.loads(l)
    if r.get('index') is None or r['index']<te or r.get('score') is None: continue
    if best is None or r['score']>best['score']: best=r
print(json.dumps(best))
" > /tmp/loc/s$s/$name.json
  done
done
echo done > /tmp/loc/finished
