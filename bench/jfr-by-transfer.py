#!/usr/bin/env python3
"""A gateway JFR recording of `JFR=1 make bench-s3`, cut by the bench's transfers.

    bench/jfr-by-transfer.py bench/target/s3-gateway.jfr bench/target/s3-phases.txt [JAVA_HOME]

Per transfer: Java CPU samples (by leaf frame and by first hybridstore frame), GC collections and
their pauses (Serial GC runs on one thread outside the Java samples, so its pauses are its CPU), and
allocation by site (the weight of jdk.ObjectAllocationSample, 6 frames; DEPTH=n for more).
"""
import collections, datetime, json, os, re, subprocess, sys

jfr, phases_file = sys.argv[1], sys.argv[2]
jfr_tool = os.path.join(sys.argv[3], 'bin', 'jfr') if len(sys.argv) > 3 else 'jfr'
depth = int(os.environ.get('DEPTH', '6'))
phases = sorted((float(t), r + ' ' + name) for t, r, name in (line.split() for line in open(phases_file)))


def epoch(stamp):
    m = re.match(r'(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?', stamp)
    zone = (m.group(3) or 'Z').replace('Z', '+00:00')
    return datetime.datetime.fromisoformat(m.group(1) + zone).timestamp() + (float('0' + m.group(2)) if m.group(2) else 0.0)


def seconds(value):
    if isinstance(value, (int, float)):
        return value / 1e9
    m = re.match(r'PT(?:(\d+)M)?([\d.]+)S', value or '')
    return int(m.group(1) or 0) * 60 + float(m.group(2)) if m else 0.0


def transfer(t):
    name = 'before'
    for start, phase in phases:
        if start > t:
            break
        name = phase
    return name


def events(kinds):
    out = subprocess.run([jfr_tool, 'print', '--json', '--stack-depth', '64', '--events', kinds, jfr],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)['recording']['events']


def frames(values):
    return [(f['method']['type']['name'].split('.')[-1], f['method']['name'])
            for f in ((values.get('stackTrace') or {}).get('frames') or [])]


samples, leaf, project = collections.Counter(), collections.defaultdict(collections.Counter), collections.defaultdict(collections.Counter)
gcs, full, pauses = collections.Counter(), collections.Counter(), collections.Counter()
allocated, sites = collections.Counter(), collections.defaultdict(collections.Counter)
for e in events('jdk.ExecutionSample,jdk.GarbageCollection,jdk.ObjectAllocationSample'):
    v = e['values']
    p = transfer(epoch(v['startTime']))
    if e['type'] == 'jdk.ExecutionSample':
        fr = frames(v)
        samples[p] += 1
        if fr:
            leaf[p]['.'.join(fr[0])] += 1
        mine = [f for f in (v.get('stackTrace') or {}).get('frames') or [] if f['method']['type']['name'].startswith('io/hybridstore')
                or f['method']['type']['name'].startswith('io.hybridstore')]
        project[p][(mine[0]['method']['type']['name'].split('/')[-1].split('.')[-1] + '.' + mine[0]['method']['name']) if mine else '(none)'] += 1
    elif e['type'] == 'jdk.GarbageCollection':
        gcs[p] += 1
        full[p] += v['name'] in ('SerialOld', 'G1Full', 'ParallelOld')
        pauses[p] += seconds(v.get('sumOfPauses') or v.get('duration'))
    else:
        allocated[p] += v.get('weight', 0)
        sites[p][' < '.join('.'.join(f) for f in frames(v)[:depth])] += v.get('weight', 0)

for _, p in [(0, 'before')] + phases:
    if not samples[p] and not gcs[p]:
        continue
    print(f'== {p}: {samples[p]} Java samples; {gcs[p]} collections ({full[p]} full), pauses {pauses[p]:.2f} s; '
          f'allocated ~{allocated[p] / 2 ** 20:.0f} MiB')
    print('  leaf:', ', '.join(f'{k} {n}' for k, n in leaf[p].most_common(10)))
    print('  first project frame:', ', '.join(f'{k} {n}' for k, n in project[p].most_common(10)))
    for site, w in sites[p].most_common(5):
        print(f'  {w / 2 ** 20:7.0f} MiB  {site}')
