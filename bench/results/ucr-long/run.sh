#!/bin/bash
# ae watch on UCR's 44 series longer than 50,000 points (the bench's command per series), seed $1
set -e
S=$1; AE=${AE:?set AE to bin/ae.js of a built clone of the commit measured}; W=/tmp/long/work; O=/tmp/long/s$S
mkdir -p $W $O
tail -n +2 /work/shared/benchmarks/ucr/labels.csv | tr -d "\r" | while IFS=, read num file series te ab ae len; do
  [ "$len" -gt 50000 ] || continue
  name=${file%.txt}
  [ -f $W/$name.csv ] || { (echo value; zcat /work/shared/benchmarks/ucr/data/$name.txt.gz | tr -s ' \t\r' '\n' | grep -v '^$') > $W/$name.csv.$S && mv $W/$name.csv.$S $W/$name.csv; }
  t0=$(date +%s.%N)
  node $AE watch $W/$name.csv --learn $te --seed $S --ndjson --quiet | python3 -c "
import sys,json
for l in sys.stdin:
    r=json.loads(l); s=r.get('score'); print('nan' if s is None else s)
" > $O/$name.score
  echo "$name $(echo "$(date +%s.%N) - $t0" | bc)" >> $O/times.txt
done
echo done >> $O/times.txt
