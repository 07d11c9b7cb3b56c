"""Stop 50: does a broader training set help? The library draws of candidate_features.py
plus 150 procedural families (procedural_families.py, 60 exact draws each at n = 10^4 and
10^5), gradient-boosted on the eleven features, scored on the tuning-suite draws of
candidate_features.py (run it first). Needs ``pip install .[research]``. Research only.
"""
import sys, time
ROOT = __import__('pathlib').Path(__file__).resolve().parents[3]; sys.path.insert(0, str(ROOT)); sys.path.insert(0, str(ROOT / 'reports/experiments/stop50'))
import numpy as np, warnings
from sklearn.ensemble import HistGradientBoostingClassifier
from tailstat.classification import _features as F
from tailstat.classification.calibrate import simulate_top
import procedural_families as procgen
LABS = ('heavy', 'light', 'bounded')
d = np.load('/tmp/tailstat_stop50_features.npz')
Xl, yl, Xt, yt, ht = d['Xl'], d['yl'], d['Xt'], d['yt'], d['ht']
def allfeat(desc, n):
    f = F.features(desc, n); t = F.local_features(desc, n); s = F.span_feature(desc, n)[..., None]
    return np.concatenate([f, t, s], -1)
t0 = time.time()
X, y = [], []
rng = np.random.default_rng(123)
M = int(sys.argv[1]) if len(sys.argv) > 1 else 150
for m in range(M):
    lab, sub, name, dist = procgen.family(rng)
    for n in (10000, 100000):
        desc = simulate_top(dist, n, F.k_for(n) + 1, 60, rng)
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            X.append(np.column_stack([allfeat(desc, n), np.full(60, np.log10(n))])); y += [LABS.index(lab)] * 60
Xp, yp = np.vstack(X), np.array(y)
print('proc', Xp.shape, round(time.time() - t0), flush=True)
cols = list(range(11)) + [19]
Xl2 = np.nan_to_num(Xl[:, cols]); Xt2 = np.nan_to_num(Xt[:, cols]); Xp = np.nan_to_num(Xp)
def w_of(y):
    w = np.ones(len(y))
    for k in range(3): w[y == k] = len(y) / 3 / max((y == k).sum(), 1)
    return w
for name, (XX, yy) in {'library': (Xl2, yl), 'library+proc': (np.vstack([Xl2, Xp]), np.concatenate([yl, yp]))}.items():
    clf = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, random_state=0)
    clf.fit(XX, yy, sample_weight=w_of(yy))
    lab = clf.predict_proba(Xt2).argmax(1)
    out = []
    for n in (10000, 100000):
        sel = (Xt[:, -1] == np.log10(n)) & ~ht
        out.append((n, round(((lab == 0) == (yt == 0))[sel].mean(), 3), round((lab == yt)[sel].mean(), 3)))
    print(name, out, flush=True)
