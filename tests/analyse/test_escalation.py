"""The escalation ladder and change detection (`flashpoint.analyse.escalation`)."""
from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from flashpoint.analyse import escalation
from flashpoint.analyse.escalation import LADDER, Change, detect, ladder_step, step_name

DAY0 = dt.date(2024, 1, 1)


def days(n: int, start: dt.date = DAY0) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range(n)]


def quiet(rate: float, n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).poisson(rate, n)


# --- ladder ------------------------------------------------------------------------------------------
def test_ladder_is_ordered_lowest_to_highest_and_covers_the_conflict_roots():
    assert [s.level for s in LADDER] == [1, 2, 3, 4, 5, 6]
    assert [s.name for s in LADDER] == ["statements", "accusations and demands", "threats", "force posture",
                                        "sanctions and coercion", "assault"]
    roots = sorted(r for s in LADDER for r in s.roots)
    assert roots == ["01", "02", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"]


@pytest.mark.parametrize("cameo, level", [("010", 1), ("0211", 1), ("112", 2), ("14", 2), ("138", 3),
                                          ("150", 4), ("163", 5), ("173", 5), ("190", 6), ("2042", 6),
                                          ("042", 0), ("080", 0), (None, 0), ("", 0), ("x1", 0)])
def test_ladder_step_of_asserted_events(cameo, level):
    assert ladder_step(cameo, "asserted") == level


def test_reported_and_unknown_modality_count_at_their_level():
    assert ladder_step("190", "reported") == 6
    assert ladder_step("190", None) == 6
    assert ladder_step("190", "something new") == 6


@pytest.mark.parametrize("modality", ["negated", "denied", "Negated"])
def test_negated_and_denied_events_are_level_0(modality):
    assert ladder_step("190", modality) == 0
    assert ladder_step("112", modality) == 0


@pytest.mark.parametrize("modality", ["considered", "threatened", "intended", "hypothetical"])
def test_unrealised_force_counts_as_a_threat(modality):
    assert ladder_step("190", modality) == 3      # a considered assault is a threat signal
    assert ladder_step("150", modality) == 3      # a considered deployment, too
    assert ladder_step("112", modality) == 2      # below a threat it keeps its level


def test_step_names():
    assert step_name(0) == "no conflict"
    assert step_name(3) == "threats"
    assert step_name(6) == "assault"
    with pytest.raises(ValueError, match="no ladder level 7"):
        step_name(7)


# --- statistics helpers ------------------------------------------------------------------------------
def test_inverse_normal_matches_known_quantiles():
    assert escalation.norm_ppf(0.975) == pytest.approx(1.959963985, abs=1e-9)
    assert escalation.norm_ppf(1e-10) == pytest.approx(-6.361340902, abs=1e-8)
    assert escalation.z_from_log_p(math.log(escalation.norm_sf(3.0))) == pytest.approx(3.0, abs=1e-9)
    assert escalation.z_from_log_p(-1000.0) == pytest.approx(44.7, abs=0.1)


def test_negative_binomial_tail_matches_a_brute_force_sum():
    for k, r, q in [(3, 0.5, 0.5), (10, 0.5, 0.5), (50, 36.5, 0.0027), (150, 7000.0, 0.02), (2, 0.05, 0.66)]:
        brute = sum(math.exp(escalation.nb_log_pmf(j, r, q)) for j in range(k, 20000))
        assert math.exp(escalation.nb_log_sf(k, r, q)) == pytest.approx(brute, rel=1e-9)


# --- detection ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("rate", [0.1, 2.0, 20.0])
def test_quiet_series_stay_under_one_false_alarm_per_dyad_year(rate):
    rng = np.random.default_rng(int(rate * 10))
    alarms = 0
    for _ in range(30):                                # 30 dyad-years, each after a year of history
        x = rng.poisson(rate, 730)
        alarms += sum(c.day >= DAY0 + dt.timedelta(days=365) for c in detect(days(730), x))
    assert alarms < 30 * 0.8     # ~0.1-0.4 expected (benchmarks/escalation.py); a flood would fail


def test_a_steady_quiet_year_gives_no_alert():
    x = quiet(2.0, 730, 2)
    assert detect(days(730), x) == []


def test_a_planted_jump_is_found_on_or_near_its_day():
    x = quiet(2.0, 400, 7)
    x[380:] += np.random.default_rng(8).poisson(3 * math.sqrt(2.0), 20)     # +3 sigma from day 380
    found = detect(days(400), x)
    assert len(found) == 1
    ch = found[0]
    assert days(400)[380] <= ch.day <= days(400)[382]
    assert ch.score >= escalation.THRESHOLD
    assert ch.p_value == pytest.approx(escalation.norm_sf(ch.score), rel=1e-6)
    assert ch.observed > 2 * ch.expected
    assert ch.start == ch.end - dt.timedelta(days=ch.window - 1)
    assert ch.end >= ch.day and ch.window in escalation.WINDOWS


def test_an_episode_is_not_re_alerted_every_day():
    x = quiet(1.0, 400, 11)
    x[370:384] += 8                                    # two weeks far above the baseline
    found = [c for c in detect(days(400), x) if c.day >= days(400)[360]]
    assert len(found) == 1
    assert found[0].day == days(400)[370]
    assert found[0].window == 14 and found[0].observed >= 112  # the strongest window: the whole fortnight
    # a second, separate escalation after a long quiet spell is a new episode
    y = np.concatenate((x, quiet(1.0, 60, 12)))
    y[440:445] += 15
    assert [c.day for c in detect(days(460), y) if c.day >= days(460)[360]] == [days(460)[370], days(460)[440]]


def test_no_history_and_one_event_gives_no_alert():
    assert detect(days(1), [1]) == []
    assert detect(days(10), [0] * 9 + [1]) == []
    assert detect(days(400), [0] * 399 + [2]) == []   # silent a year: two events are not an escalation


def test_a_big_spike_with_no_history_alerts():
    assert detect(days(1), [escalation.NO_HISTORY_ALERT - 1]) == []
    found = detect(days(1), [escalation.NO_HISTORY_ALERT])
    assert len(found) == 1 and found[0].day == DAY0 and found[0].expected == pytest.approx(0.5)
    assert detect(days(1), [40])[0].score > 5


def test_an_over_dispersed_baseline_raises_the_bar():
    rng = np.random.default_rng(5)
    bursty = rng.poisson(rng.gamma(0.5, 4.0, 365))     # mean 2 a day, variance 10
    steady = rng.poisson(2.0, 365)
    spike = 12
    last = days(366)[-1]
    assert [c.day for c in detect(days(366), np.append(steady, spike)) if c.day == last] == [last]
    assert [c.day for c in detect(days(366), np.append(bursty, spike)) if c.day == last] == []


def test_empty_series():
    assert detect([], []) == []


@pytest.mark.parametrize("dys, counts, message", [
    (days(3), [1, 2], "differ in length"),
    ([DAY0, DAY0 + dt.timedelta(days=2)], [1, 2], "consecutive"),
    ([DAY0, DAY0], [1, 2], "consecutive"),
    (days(3), [1, -1, 2], r"non-negative: counts\[1\] = -1"),
    (days(2), [1, 0.5], "whole numbers"),
    (["2024-01-01"], [1], "not a date"),
])
def test_bad_input_is_rejected_with_a_clear_message(dys, counts, message):
    with pytest.raises(ValueError, match=message):
        detect(dys, counts)


def test_bad_parameters_are_rejected():
    with pytest.raises(ValueError, match="windows"):
        detect(days(3), [0, 0, 0], windows=(0, 3))
    with pytest.raises(ValueError, match="baseline_days"):
        detect(days(3), [0, 0, 0], baseline_days=0)
    with pytest.raises(ValueError, match="min_gap_days"):
        detect(days(3), [0, 0, 0], min_gap_days=-1)


def test_change_is_immutable():
    ch = Change(day=DAY0, start=DAY0, score=4.0, p_value=3e-5, observed=9.0, expected=1.0, window=1)
    with pytest.raises(AttributeError):
        ch.score = 0.0  # type: ignore[misc]
