"""Escalation for a dyad: the escalation ladder for single events, and change detection on a dyad's
daily series of conflict events ("the recent window is unusually high against this dyad's own baseline").

Owns `LADDER`, `ladder_step`, `step_name`, `Change` and `detect`.

Method (`detect`). For every day t and every window length w in `windows`, the window sum X over
[t-w+1, t] is compared with the `baseline_days` days before the window (the window is left out):

* Gamma-Poisson model. The daily rate has a weak Gamma(PRIOR_SHAPE, PRIOR_DAYS) prior, worth one day
  of data with a mean of half an event a day; after n baseline days holding S events its posterior is
  Gamma(PRIOR_SHAPE + S, PRIOR_DAYS + n). The posterior predictive of a w-day sum is negative binomial,
  so the test carries the uncertainty of a short history: a dyad with little or no history gets a wide,
  heavy-tailed predictive (the prior dominates) and a dyad with a long history a tight, Poisson-like one.
* Over-dispersion. News counts are clumpier than Poisson (a story breaks, several events are coded
  that day). D, the variance-to-mean ratio measured in the baseline, inflates the predictive variance;
  the predictive stays a negative binomial, moment-matched to mean w*rate and variance
  D*w*rate*(1 + w/(PRIOR_DAYS + n)); with D = 1 it is exactly the Gamma-Poisson predictive. For a
  w-day window D is the larger of the ratio of daily counts and that of the overlapping w-day sums
  (clumping across days counts; sums of positively correlated days are at least as dispersed as single
  days, and the daily ratio is the more precise estimate), each shrunk towards DISPERSION_PRIOR with
  the weight of DISPERSION_PRIOR_BLOCKS independent blocks, and never below 1.
* Tail probability P(X >= observed), summed exactly from the pmf in log space with `math.lgamma`
  (no normal approximation: counts at 0.1 events a day are far from normal). The smallest p over the
  windows is Bonferroni-corrected (times the number of windows) and turned into a one-sided z-score,
  `score`, with an inverse normal CDF (Acklam's rational approximation, one Halley step on math.erfc).
  A day alerts when score >= `threshold` and the window holds at least MIN_EVENTS events.

Why: it needs no fitted state, is exact for small counts, handles dyads with no history through the
prior instead of a special case, and absorbs over-dispersion, which a plain Poisson test turns into a
stream of false alarms. The numbers behind every constant are from `benchmarks/escalation.py` (full
run, 1000 plants and 1000 quiet dyad-years a cell). It holds false alarms under 1 per dyad-year everywhere
(worst 0.84). What it cannot do: at 0.1-0.5 events a day a 3-sigma step is one or two extra events a
day, and counts that small also turn up by chance in quiet years, so only 40-57% of such steps are
caught within 2 days (an oracle that knows the true rate and spends the whole false-alarm budget: 62-73%);
at 2-20 events a day 76-90%, and 4-sigma steps 93% or more.

Short history: with no history at all the predictive of one day has mean 0.5 and variance 1.5 (prior
rate, DISPERSION_PRIOR), a heavy tail, so one event, or a few, never alert: it takes NO_HISTORY_ALERT
events in a day. The first weeks are tested the same way; the rate and D are learnt as days come in.
MIN_EVENTS stops one or two events on a dyad that has been silent for a year from alerting.

Episodes: one `Change` per episode. An episode opens on the first day over the threshold (`day`, which
is what detection delay is measured on); it stays open while the series stays over the threshold, and
dips below it shorter than `min_gap_days` days do not re-alert. The episode reports its strongest
window: `start` .. `end` (`window` days), its `observed` and `expected` events, `score` and `p_value`.
"""
from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import NamedTuple, Sequence

import numpy as np


class Step(NamedTuple):
    level: int
    name: str
    roots: frozenset[str]


LADDER: tuple[Step, ...] = (
    Step(1, "statements", frozenset({"01", "02"})),
    Step(2, "accusations and demands", frozenset({"09", "10", "11", "12", "14"})),
    Step(3, "threats", frozenset({"13"})),
    Step(4, "force posture", frozenset({"15"})),
    Step(5, "sanctions and coercion", frozenset({"16", "17"})),
    Step(6, "assault", frozenset({"18", "19", "20"})),
)
NO_CONFLICT = "no conflict"     # level 0: cooperation (roots 03-08), negated or denied events, no code
_LEVEL_OF_ROOT = {root: step.level for step in LADDER for root in step.roots}
THREAT_LEVEL = 3                # what a threatened, intended, considered or hypothetical act counts as
COUNT_AS_IS = frozenset({"asserted", "reported"})
COUNT_AS_THREAT = frozenset({"threatened", "intended", "considered", "hypothetical"})
COUNT_AS_NOTHING = frozenset({"negated", "denied"})


def ladder_step(cameo: str | None, modality: str | None) -> int:
    """Ladder level (0-6) of one event from its CAMEO code and modality.

    Asserted and reported events count at their level. Threatened, intended, considered and
    hypothetical ones count at most as a threat (3): a considered deployment is a threat signal, not a
    deployment. Negated and denied events count 0. An unknown or missing modality counts as asserted;
    a missing or unknown code is 0."""
    code = (cameo or "").strip()
    level = _LEVEL_OF_ROOT.get(code[:2], 0) if code[:2].isdigit() else 0
    mod = (modality or "asserted").strip().lower()
    if mod in COUNT_AS_NOTHING:
        return 0
    if mod in COUNT_AS_THREAT:
        return min(level, THREAT_LEVEL)
    return level


def step_name(level: int) -> str:
    """Name of a ladder level; 0 is "no conflict"."""
    if level == 0:
        return NO_CONFLICT
    for step in LADDER:
        if step.level == level:
            return step.name
    raise ValueError(f"no ladder level {level!r}; levels run 0-{LADDER[-1].level}")


# --- constants of the detector (values from benchmarks/escalation.py, full run) ---------------------
BASELINE_DAYS = 365         # a year: 180 days raised false alarms on over-dispersed series (0.49 to 0.76
                            # per dyad-year at 0.1/day), 90 days to 1.24, for no better detection
WINDOWS = (1, 3, 7, 14)     # 1 catches a spike, 3 a step within the 2-day target, 7 and 14 a slow
                            # build-up (an event every other day on a dyad that had one a month: the
                            # demo's US-Venezuela autumn, z 2.5 on 7 days, 4.3 on 14); adding 2 (or 2 and
                            # 5) detected no more at the same false-alarm rate
THRESHOLD = 2.75            # Bonferroni-corrected z over the four windows: worst cell 0.87 false
                            # alarms/dyad-year (young, over-dispersed, 0.1/day) with detection within 2
                            # days as with windows (1, 3, 7) at 2.85; 3.0 lost 2-6 points of detection
MIN_GAP_DAYS = 7            # quiet days that close an episode: 3 added ~0.02 false alarms/dyad-year;
                            # 14 kept early episodes of young dyads open over later escalations (82 -> 75%)
MIN_EVENTS = 3              # fewest events in a window that may alert (see "Short history"); 2 only
                            # added false alarms (worst 0.84 -> 0.86); it is there for silent dyads
PRIOR_SHAPE = 0.5           # Gamma prior on the daily rate: shape 0.5 (Jeffreys-like) ...
PRIOR_DAYS = 1.0            # ... worth one day of data: prior mean 0.5 events a day
DISPERSION_PRIOR = 1.5      # over-dispersion assumed before the baseline shows any (news is bursty); 1.0
                            # gained young Poisson dyads 3-6 points for ~0.03 more false alarms, 2.0 cost
                            # them 5-12 points
DISPERSION_PRIOR_BLOCKS = 5.0  # ... worth this many independent baseline blocks
NO_HISTORY_ALERT = 12       # events in one day that alert with no history (checked by the tests)
_MAX_TERMS = 1_000_000      # cap on the tail sum (reached only by absurd inputs)


@dataclass(frozen=True)
class Change:
    day: datetime.date      # the day the alert fired: the first day over the threshold in the episode
    start: datetime.date    # first day of the episode's strongest window
    score: float            # Bonferroni-corrected one-sided z-equivalent of p_value
    p_value: float          # corrected tail probability P(X >= observed) of the strongest window
    observed: float         # events in the strongest window
    expected: float         # expected events in that window under the baseline
    window: int             # its length in days

    @property
    def end(self) -> datetime.date:
        """Last day of the strongest window (start .. end is `window` days)."""
        return self.start + datetime.timedelta(days=self.window - 1)


# --- normal distribution -----------------------------------------------------------------------------
_A = (-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
      -3.066479806614716e+01, 2.506628277459239e+00)
_B = (-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
      -1.328068155288572e+01)
_C = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
      4.374664141464968e+00, 2.938163982698783e+00)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00)
_P_LOW = 0.02425


def _poly(coefs: Sequence[float], x: float) -> float:
    out = 0.0
    for c in coefs:
        out = out * x + c
    return out


def norm_sf(z: float) -> float:
    """P(Z >= z) for a standard normal Z."""
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def norm_ppf(p: float) -> float:
    """Inverse standard normal CDF: Acklam's rational approximation, refined by one Halley step."""
    if not 0.0 < p < 1.0:
        if p == 0.0:
            return -math.inf
        if p == 1.0:
            return math.inf
        raise ValueError(f"probability must lie in [0, 1], got {p!r}")
    if p < _P_LOW:
        q = math.sqrt(-2.0 * math.log(p))
        x = _poly(_C, q) / (_poly(_D, q) * q + 1.0)
    elif p <= 1.0 - _P_LOW:
        q = p - 0.5
        r = q * q
        x = _poly(_A, r) * q / (_poly(_B, r) * r + 1.0)
    else:
        q = math.sqrt(-2.0 * math.log1p(-p))
        x = -_poly(_C, q) / (_poly(_D, q) * q + 1.0)
    e = 0.5 * math.erfc(-x / math.sqrt(2.0)) - p
    u = e * math.sqrt(2.0 * math.pi) * math.exp(x * x / 2.0)
    return x - u / (1.0 + x * u / 2.0)


def z_from_log_p(log_p: float) -> float:
    """One-sided z with P(Z >= z) = exp(log_p); stays finite for p far below the float range."""
    if log_p >= 0.0:
        return -math.inf
    if log_p > -700.0:
        return -norm_ppf(math.exp(log_p))
    z = math.sqrt(-2.0 * log_p)     # Mills' ratio: log P(Z >= z) ~ -z^2/2 - log(z * sqrt(2 pi))
    for _ in range(8):
        z = math.sqrt(max(-2.0 * log_p - 2.0 * math.log(z * math.sqrt(2.0 * math.pi)), 1.0))
    return z


# --- negative binomial -------------------------------------------------------------------------------
def nb_log_pmf(k: int, r: float, q: float) -> float:
    """log P(X = k) for X ~ NB(r, q): Gamma(k+r) / (Gamma(r) k!) (1-q)^r q^k, mean r q / (1-q)."""
    return (math.lgamma(k + r) - math.lgamma(r) - math.lgamma(k + 1.0)
            + r * math.log1p(-q) + k * math.log(q))


def nb_log_sf(k: int, r: float, q: float) -> float:
    """log P(X >= k) for X ~ NB(r, q), summed exactly from the pmf (upper tail above the mean, so a
    tiny tail keeps its precision; one minus the lower sum below it)."""
    if k <= 0:
        return 0.0
    if k <= r * q / (1.0 - q):
        lower = sum(math.exp(nb_log_pmf(j, r, q)) for j in range(k))
        return math.log1p(-min(lower, 1.0 - 1e-300))
    total, term, j = 1.0, 1.0, k        # terms relative to pmf(k)
    while j < k + _MAX_TERMS:
        ratio = (j + r) / (j + 1.0) * q  # pmf(j+1) / pmf(j)
        term *= ratio
        total += term
        j += 1
        # ratios only fall (r >= 1) or stay below q (r < 1): bound the rest geometrically
        bound = ratio if r >= 1.0 else q
        if bound < 1.0 and term * bound / (1.0 - bound) < 1e-16 * total:
            break
    return nb_log_pmf(k, r, q) + math.log(total)


_lgamma_ufunc = np.frompyfunc(math.lgamma, 1, 1)


def _lgamma(a: np.ndarray) -> np.ndarray:
    return np.asarray(_lgamma_ufunc(a), dtype=float)


# --- detection ---------------------------------------------------------------------------------------
class _Hit(NamedTuple):
    t: int              # index of the window's last day
    w: int
    log_p: float        # uncorrected log tail probability
    observed: int
    expected: float


def _validate(days: Sequence[datetime.date], counts: Sequence[int]) -> np.ndarray:
    if len(days) != len(counts):
        raise ValueError(f"days and counts differ in length ({len(days)} days, {len(counts)} counts)")
    for i, d in enumerate(days):
        if not isinstance(d, datetime.date):
            raise ValueError(f"days[{i}] is not a date: {d!r}")
    one = datetime.timedelta(days=1)
    for i in range(1, len(days)):
        if days[i] - days[i - 1] != one:
            raise ValueError(f"days must be consecutive calendar days (dense, zero-filled): days[{i}] = "
                             f"{days[i]} follows {days[i - 1]}")
    x = np.asarray(counts)
    if x.size and (x.dtype.kind not in "iuf" or not np.all(np.isfinite(x)) or np.any(x != np.round(x))):
        raise ValueError("counts must be whole numbers of events")
    if x.size and np.any(x < 0):
        i = int(np.argmax(x < 0))
        raise ValueError(f"counts must be non-negative: counts[{i}] = {counts[i]} on {days[i]}")
    return x.astype(np.int64) if x.size else np.zeros(0, dtype=np.int64)


def _prefix(blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Prefix sums of block sums and of their squares (index i: blocks ending before day i)."""
    b = blocks.astype(float)
    return np.concatenate(([0.0], np.cumsum(b))), np.concatenate(([0.0], np.cumsum(b * b)))


def _dispersion(prefix: tuple[np.ndarray, np.ndarray], first: np.ndarray, last: np.ndarray,
                w: int) -> np.ndarray:
    """Variance-to-mean ratio of the w-day block sums ending in [first, last], shrunk towards
    DISPERSION_PRIOR with the weight of DISPERSION_PRIOR_BLOCKS independent blocks; at least 1."""
    blocks_cum, sq_cum = prefix
    nb = np.maximum(last - first + 1, 0)
    ok = nb >= 2
    first, last, n = np.where(ok, first, 0), np.where(ok, last, 0), np.where(ok, nb, 2)
    s1 = blocks_cum[last + 1] - blocks_cum[first]
    s2 = sq_cum[last + 1] - sq_cum[first]
    mean = s1 / n
    var = np.maximum(s2 - n * mean * mean, 0.0) / (n - 1)
    ratio = np.divide(var, mean, out=np.zeros_like(mean), where=mean > 0)
    weight = np.where(ok & (mean > 0), np.maximum(n / w - 1.0, 0.0), 0.0)   # overlapping blocks: ~n/w
    shrunk = (DISPERSION_PRIOR_BLOCKS * DISPERSION_PRIOR + weight * ratio) / (DISPERSION_PRIOR_BLOCKS + weight)
    return np.maximum(shrunk, 1.0)


def _predictive(x: np.ndarray, w: int, baseline_days: int) -> tuple[np.ndarray, ...]:
    """For every day t >= w-1: the window sum over [t-w+1, t], and the mean and variance-to-mean
    ratio of its posterior predictive given the baseline [t-w-baseline_days+1, t-w]."""
    cum = np.concatenate(([0], np.cumsum(x)))
    t = np.arange(w - 1, len(x))
    obs = cum[t + 1] - cum[t + 1 - w]
    hi = t - w                              # last baseline day (-1: no baseline)
    lo = np.maximum(hi - baseline_days + 1, 0)
    n = np.maximum(hi - lo + 1, 0).astype(float)
    s = (cum[hi + 1] - cum[lo]).astype(float)
    expected = w * (PRIOR_SHAPE + s) / (PRIOR_DAYS + n)
    # A w-day sum of positively correlated days is at least as dispersed as one day, and the daily
    # ratio is the more precise estimate: take the larger of the two.
    disp = _dispersion(_prefix(x), lo, hi, 1)
    if w > 1:
        blocks = np.zeros(len(x), dtype=np.int64)
        blocks[w - 1:] = obs
        disp = np.maximum(disp, _dispersion(_prefix(blocks), lo + w - 1, hi, w))
    inflation = disp * (1.0 + w / (PRIOR_DAYS + n))     # predictive variance / mean
    return t, obs, expected, inflation


def _window_hits(x: np.ndarray, w: int, baseline_days: int, log_cut: float) -> list[_Hit]:
    """Days whose w-day window has an uncorrected tail probability <= exp(log_cut)."""
    if len(x) < w:
        return []
    t, obs, expected, inflation = _predictive(x, w, baseline_days)
    keep = np.flatnonzero((obs >= MIN_EVENTS) & (obs > expected))
    if not keep.size:
        return []
    k, m, f = obs[keep].astype(float), expected[keep], inflation[keep]
    r, q = m / (f - 1.0), 1.0 - 1.0 / f     # NB moment-matched to mean m, variance f * m
    log_pmf = _lgamma(k + r) - _lgamma(r) - _lgamma(k + 1.0) + r * np.log1p(-q) + k * np.log(q)
    hits = []
    for i in np.flatnonzero(log_pmf < log_cut):  # P(X >= k) >= P(X = k): the others cannot alert
        log_p = nb_log_sf(int(k[i]), float(r[i]), float(q[i]))
        if log_p <= log_cut:
            hits.append(_Hit(int(t[keep[i]]), w, log_p, int(k[i]), float(m[i])))
    return hits


def _check_params(baseline_days: int, windows: Sequence[int], threshold: float,
                  min_gap_days: int) -> tuple[int, ...]:
    ws = tuple(windows)
    if not ws or any(not isinstance(w, (int, np.integer)) or w < 1 for w in ws):
        raise ValueError(f"windows must be positive whole numbers of days, got {windows!r}")
    if baseline_days < 1:
        raise ValueError(f"baseline_days must be at least 1, got {baseline_days!r}")
    if min_gap_days < 0:
        raise ValueError(f"min_gap_days must be non-negative, got {min_gap_days!r}")
    if not math.isfinite(threshold):
        raise ValueError(f"threshold must be a finite z-score, got {threshold!r}")
    return tuple(sorted(set(int(w) for w in ws)))


def detect(days: Sequence[datetime.date], counts: Sequence[int], *, baseline_days: int = BASELINE_DAYS,
           windows: Sequence[int] = WINDOWS, threshold: float = THRESHOLD,
           min_gap_days: int = MIN_GAP_DAYS) -> list[Change]:
    """Escalation episodes in one dyad's dense daily series of conflict event counts, oldest first.

    `days` must be consecutive calendar days (zero-filled) and `counts` non-negative whole numbers of
    the same length; anything else raises ValueError. See the module docstring for the method."""
    ws = _check_params(baseline_days, windows, threshold, min_gap_days)
    x = _validate(days, counts)
    log_cut = math.log(norm_sf(threshold) / len(ws))   # uncorrected p that crosses the threshold
    best: dict[int, _Hit] = {}
    for w in ws:
        for hit in _window_hits(x, w, baseline_days, log_cut):
            if hit.t not in best or hit.log_p < best[hit.t].log_p:
                best[hit.t] = hit
    return _episodes(days, best, len(ws), min_gap_days)


def _episodes(days: Sequence[datetime.date], hits: dict[int, _Hit], n_windows: int,
              min_gap_days: int) -> list[Change]:
    """Group the days over threshold into episodes; one Change each."""
    out: list[Change] = []
    first = last = -1
    strongest: _Hit | None = None
    for t in sorted(hits):
        if strongest is not None and t - last - 1 >= max(min_gap_days, 1):
            out.append(_change(days, first, strongest, n_windows))
            strongest = None
        if strongest is None:
            first, strongest = t, hits[t]
        elif hits[t].log_p < strongest.log_p:
            strongest = hits[t]
        last = t
    if strongest is not None:
        out.append(_change(days, first, strongest, n_windows))
    return out


def _change(days: Sequence[datetime.date], first: int, hit: _Hit, n_windows: int) -> Change:
    log_p = min(hit.log_p + math.log(n_windows), 0.0)
    return Change(day=days[first], start=days[hit.t - hit.w + 1], score=z_from_log_p(log_p),
                  p_value=math.exp(log_p), observed=float(hit.observed), expected=hit.expected, window=hit.w)
