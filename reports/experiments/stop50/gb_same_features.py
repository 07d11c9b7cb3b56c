"""Stop 50: a gradient-boosted classifier on the classifier's own eleven features.

Trained on the library draws of benchmarks/_loo.py (200 exact draws per member at n = 10^4
and 10^5, label-weighted like the prior), scored on the tuning-suite cache of
benchmarks/tune.py; then with half the tuning families (by index parity) added to the
training draws, scored on the other half. Needs ``pip install .[research]`` and the caches
(``python benchmarks/tune.py --grid none`` builds both). Research only, not part of tailstat.
"""
import sys
ROOT = __import__('pathlib').Path(__file__).resolve().parents[3]; sys.path.insert(0, str(ROOT))
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from tailstat.classification import _likelihood as L
from benchmarks.tuning_suite import FAMILIES
from benchmarks._tune_cache import build_cache, label_probabilities, DEFAULT_CACHE

loo = dict(np.load('/tmp/tailstat_loo_cache.npz', allow_pickle=True))
tab = L.table()
labs = np.array(L.LABELS)
ytr = np.array([list(labs).index(tab.labels[m]) for m in loo['member']])
def X(c):
    return np.column_stack([c['f'], c['t'], c['s'], np.log10(c['n'])])
Xtr = X(loo)
# balance labels like the prior: weight each draw 1/(count of its label's members) per subtype split
w = L.prior_weights()[loo['member']]
w = w / w.mean()
cache = build_cache(DEFAULT_CACHE, [10000, 100000], 60, 0, 2, False)
p_cur, _ = label_probabilities(cache)
keep = ~cache['failed'] & ~cache['hard'] & ~cache['sat']
Xte = X(cache); yte = cache['truth']
def acc(p, sel):
    lab = p.argmax(1)
    heavy = ((lab == 0) == (yte == 0))[sel].mean(); three = (lab == yte)[sel].mean()
    return round(heavy, 3), round(three, 3)
clf = HistGradientBoostingClassifier(max_iter=400, learning_rate=0.05, max_leaf_nodes=31, random_state=0)
clf.fit(Xtr, ytr, sample_weight=w)
p_gb = clf.predict_proba(Xte)
for n in (10000, 100000):
    sel = keep & (cache['n'] == n)
    print(n, 'current', acc(p_cur, sel), 'GB on library draws', acc(p_gb, sel))
# family-level split of the tuning suite: train on library + even families, test on odd
fam = cache['fam']
for part in (0, 1):
    tr = ~cache['failed'] & (fam % 2 == part) & ~cache['sat']
    te = keep & (fam % 2 != part)
    Xa = np.vstack([Xtr, Xte[tr]]); ya = np.concatenate([ytr, yte[tr]])
    wa = np.concatenate([w, np.full(tr.sum(), 3.0)])
    clf2 = HistGradientBoostingClassifier(max_iter=400, learning_rate=0.05, max_leaf_nodes=31, random_state=0)
    clf2.fit(Xa, ya, sample_weight=wa)
    p2 = clf2.predict_proba(Xte)
    for n in (10000, 100000):
        sel = te & (cache['n'] == n)
        print('split', part, n, 'current', acc(p_cur, sel), 'GB lib+half tuning', acc(p2, sel))
