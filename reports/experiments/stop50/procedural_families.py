"""Stop 50: procedural reward-like tail families (research only).

Random light mixtures of 2-5 components (normal, logistic, Gumbel, gamma, exponential,
Weibull with shape >= 1.2), light bodies contaminated by a heavy component (GPD, Student-t,
lognormal, Frechet; weight 0.1% to 5%), and mixtures of beta components, drawn from a seed;
the label follows from the construction.
"""
import numpy as np
from scipy import stats
from tailstat.classification.calibrate import Mixture

LIGHT_KINDS = ('norm', 'logistic', 'gumbel', 'gamma', 'expon', 'weibull')
EXP_TYPE = {'logistic', 'gumbel', 'gamma', 'expon'}

def _light(rng, loc, scale):
    k = LIGHT_KINDS[rng.integers(len(LIGHT_KINDS))]
    if k == 'norm': d = stats.norm(loc, scale)
    elif k == 'logistic': d = stats.logistic(loc, scale * 0.6)
    elif k == 'gumbel': d = stats.gumbel_r(loc, scale * 0.8)
    elif k == 'gamma':
        a = rng.uniform(1.0, 6.0); d = stats.gamma(a, loc=loc - a * scale / np.sqrt(a), scale=scale / np.sqrt(a))
    elif k == 'expon': d = stats.expon(loc - scale, scale)
    else:
        b = rng.uniform(1.2, 3.0); d = stats.weibull_min(b, loc=loc - scale, scale=scale * 1.2)
    return k, d

def light_mixture(rng):
    K = int(rng.integers(2, 6))
    w = rng.dirichlet(np.full(K, 1.5))
    locs = np.concatenate([[0.0], np.sort(rng.uniform(0.3, 4.0, K - 1))])
    parts, kinds = [], []
    for j in range(K):
        k, d = _light(rng, locs[j], rng.uniform(0.3, 1.2)); parts.append((float(w[j]), d)); kinds.append(k)
    sub = 'exponential-type' if EXP_TYPE & set(kinds) else 'lighter-than-exponential'
    return 'light', sub, f"mix[{','.join(kinds)}]", Mixture(parts)

def contaminated(rng):
    k, body = _light(rng, 0.0, 1.0)
    h = int(rng.integers(4))
    loc, sc = rng.uniform(0, 3), rng.uniform(0.5, 3)
    if h == 0: heavy, sub = stats.genpareto(rng.uniform(0.25, 1.2), loc=loc, scale=sc), 'power-law'
    elif h == 1: heavy, sub = stats.t(rng.uniform(1.5, 5), loc=loc, scale=sc), 'power-law'
    elif h == 2: heavy, sub = stats.lognorm(rng.uniform(1.0, 2.0), loc=loc - sc, scale=sc), 'subexponential'
    else: heavy, sub = stats.invweibull(rng.uniform(1.5, 4), loc=loc - sc, scale=sc), 'power-law'
    eps = 10 ** rng.uniform(-3, -1.3)
    return 'heavy', sub, f"{k}+{eps:.3%} h{h}", Mixture([(1 - eps, body), (eps, heavy)])

def bounded_mixture(rng):
    K = int(rng.integers(2, 5))
    w = rng.dirichlet(np.full(K, 1.5))
    parts = [(float(w[j]), stats.beta(rng.uniform(1, 8), rng.uniform(1, 8), loc=rng.uniform(0, 0.5), scale=rng.uniform(0.5, 1.5))) for j in range(K)]
    return 'bounded', 'bounded', 'betamix', Mixture(parts)

def family(rng):
    r = rng.random()
    return light_mixture(rng) if r < 0.45 else contaminated(rng) if r < 0.8 else bounded_mixture(rng)
