import csv,json,os,sys
lab={r['archive_file'].replace('.txt',''):r for r in csv.DictReader(open('/work/shared/benchmarks/ucr/labels.csv'))}
for s in (0,1):
    d=f'/tmp/loc/s{s}'
    if not os.path.isdir(d): continue
    n=hit_row=hit_loc=0; diffs=[]
    for f in sorted(os.listdir(d)):
        name=f[:-5]; r=lab[name]; a=int(r['anomaly_begin']); b=int(r['anomaly_end'])
        txt=open(os.path.join(d,f)).read().strip()
        if not txt or txt=='null': continue
        rec=json.loads(txt); n+=1
        i=rec['index']; ok=lambda p: a-100<=p<=b+100
        loc=i; ex=rec.get('explain')
        if ex:
            e=ex[0]; W=e['window'] if e['offset']<e['window'] else 2*e['window']
            loc=i+1-W+e['offset']
        hit_row+=ok(i); hit_loc+=ok(loc)
        if ok(i)!=ok(loc): diffs.append((name[:40],i-a,loc-a,b-a,ok(i),ok(loc)))
    print('seed',s,'series',n,'row hits',hit_row,'located hits',hit_loc)
    for c in diffs: print(' ',c)
