"""Stop 50: do new features help? Log Weibull-tail coefficients at the high and top depths
and a profile of the normalised spacing scale in five depth bands, beside the eleven.

Fresh exact library draws (200 per member, n = 10^4 and 10^5) train a gradient-boosted
classifier; fresh tuning-suite draws (40 per family and size) score it. Writes the features
to /tmp/tailstat_stop50_features.npz for procedural.py. Needs ``pip install .[research]``.
Research only.
"""
import sys, time
ROOT = __import__('pathlib').Path(__file__).resolve().parents[3]; sys.path.insert(0, str(ROOT))
import numpy as np, warnings
from sklearn.ensemble import HistGradientBoostingClassifier
from tailstat.classification import _features as F
from tailstat.classification.calibrate import LIBRARY, simulate_top
from tailstat.estimators import kernels
from benchmarks.tuning_suite import FAMILIES
LABS = ('heavy', 'light', 'bounded')

def allfeat(desc, n):
    c = F.centre_depth(n)
    f = F.features(desc, n)
    t = F.local_features(desc, n)
    s = F.span_feature(desc, n)[..., None]
    ks = F.depths(n)
    z = desc[..., : ks[0] + 1] - desc[..., c:c + 1]
    z = np.where(z > 0, z, np.nan)
    m1, m2 = kernels.log_moments_at(z, ks)
    th = np.stack([np.log(np.maximum(F._theta_statistic(m1[..., i], ks[i], n), 1e-6)) for i in (2, 3, 4)], -1)
    # spacing-scale profile: log mean normalised spacing in bands relative to the deepest band
    i = np.arange(1, c + 1, dtype=float)
    top_abs = np.maximum(np.abs(desc[..., 0]), np.abs(desc[..., c]))
    zz = np.ldexp(desc[..., : c + 1], -np.frexp(top_abs)[1][..., None])
    d = i * (zz[..., :c] - zz[..., 1:c + 1])
    k1, k2, k3, k4, k5 = ks
    bands = [(0, k5), (k5, k4), (k4, k3), (k3, k2), (k2, k1)]
    body = d[..., k1:c].mean(-1)
    with np.errstate(divide='ignore', invalid='ignore'):
        prof = np.stack([np.log(d[..., a:b].mean(-1) / body) for a, b in bands], -1)
    prof = np.clip(np.nan_to_num(prof, nan=0.0), -8, 8)
    return np.concatenate([f, t, s, th, prof], -1)

def lib_draws(sizes, reps, seed):
    X, y = [], []
    for mi, (lab, sub, name, dist) in enumerate(LIBRARY):
        for n in sizes:
            rng = np.random.default_rng([seed, mi, n])
            desc = simulate_top(dist, n, F.k_for(n) + 1, reps, rng)
            X.append(np.column_stack([allfeat(desc, n), np.full(reps, np.log10(n))])); y += [LABS.index(lab)] * reps
    return np.vstack(X), np.array(y)

def tun_draws(sizes, reps, seed):
    X, y, fam, hard = [], [], [], []
    for fi, f in enumerate(FAMILIES):
        for n in sizes:
            rng = np.random.default_rng([seed, fi, n])
            for r in range(reps):
                x = f.draw(rng, n)
                c = F.k_for(n)
                top = np.partition(x, n - c - 1)[n - c - 1:]
                desc = np.sort(top)[::-1]
                X.append(np.concatenate([allfeat(desc, n), [np.log10(n)]])); y.append(LABS.index(f.label)); fam.append(fi); hard.append(f.hard(n))
    return np.array(X), np.array(y), np.array(fam), np.array(hard)

t0 = time.time()
sizes = [10000, 100000]
Xl, yl = lib_draws(sizes, 200, 11)
print('lib', Xl.shape, round(time.time() - t0), flush=True)
with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    Xt, yt, ft, ht = tun_draws(sizes, 40, 12)
print('tun', Xt.shape, round(time.time() - t0), flush=True)
np.savez('/tmp/tailstat_stop50_features.npz', Xl=Xl, yl=yl, Xt=Xt, yt=yt, ft=ft, ht=ht)
# label-balanced weights
w = np.ones(len(yl))
for k in range(3): w[yl == k] = len(yl) / 3 / (yl == k).sum()
base = list(range(11)) + [Xl.shape[1] - 1]
sets = {'current 11': base, '+theta top': base + [11, 12, 13], '+profile': base + [14, 15, 16, 17, 18], '+both': list(range(Xl.shape[1]))}
Xt = np.nan_to_num(Xt, nan=0.0); Xl = np.nan_to_num(Xl, nan=0.0)
for name, cols in sets.items():
    clf = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, random_state=0)
    clf.fit(Xl[:, cols], yl, sample_weight=w)
    p = clf.predict_proba(Xt[:, cols]); lab = p.argmax(1)
    out = []
    for n in sizes:
        sel = (Xt[:, -1] == np.log10(n)) & ~ht
        out.append((n, round(((lab == 0) == (yt == 0))[sel].mean(), 3), round((lab == yt)[sel].mean(), 3)))
    print(name, out, flush=True)
