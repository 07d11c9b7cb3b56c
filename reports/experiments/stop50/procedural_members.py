"""Stop 50: the procedural families as members of the classifier's own library (research only).

Appends ``M`` procedural members (procedural_families.py, seed 20261204) to the three
reference tables of a *copy* of the repository, simulated on the grid up to n = 10^5 only
(the larger sizes repeat the 10^5 entry: the copy is good for scoring at n <= 10^5 alone),
about 10 s per member on one core. Then score the copy on the tuning suite::

    git worktree add /tmp/exp HEAD
    PYTHONPATH=/tmp/exp python reports/experiments/stop50/procedural_members.py 80 /tmp/exp
    cd /tmp/exp && PYTHONPATH=/tmp/exp python benchmarks/tune.py --grid none --no-loo \
        --cache /tmp/exp_tune.npz --out /tmp/exp_out
"""
import sys, json, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent))
import numpy as np
import procedural_families as procgen
from multiprocessing import Pool
from tailstat.classification import calibrate as C
C.N_GRID = (2.5, 3.0, 3.5, 4.0, 4.5, 5.0)
M = int(sys.argv[1])

def members():
    rng = np.random.default_rng(20261204)
    out = []
    for i in range(M):
        lab, sub, name, dist = procgen.family(rng)
        out.append((lab, sub, f"proc{i:03d} {name}", dist))
    return out

def work(args):
    lab, sub, name, dist = args
    C.N_GRID = (2.5, 3.0, 3.5, 4.0, 4.5, 5.0)
    e1 = C._member_entry((lab, sub, name, dist, 400, 20261126))
    e2 = C._local_entry((lab, sub, name, dist, 2000, 20261130))
    e3 = C._span_entry((lab, sub, name, dist, 160, 20261201))
    for e in (e1, e2, e3):
        for key in ('mean', 'cov', 'var', 'nan_fraction'):
            if key in e:
                e[key] = e[key] + [e[key][-1]] * 4  # sizes 10^5.5 .. 10^7: the 10^5 entry
    return e1, e2, e3

if __name__ == '__main__':
    t = time.time()
    mem = members()
    with Pool(2) as p:
        res = p.map(work, mem, chunksize=1)
    base = str(Path(sys.argv[2]) / 'tailstat' / 'classification') + '/'
    for j, fname in enumerate(('calibration.json', 'calibration_local.json', 'calibration_span.json')):
        raw = json.load(open(base + fname))
        raw['members'] += [r[j] for r in res]
        json.dump(raw, open(base + fname, 'w'))
    labs = [m[0] for m in mem]
    print('members', len(mem), {l: labs.count(l) for l in set(labs)}, round(time.time() - t), 's')
