"""Time expressions: spans in parsed text and TIMEX3 values resolved against the publication date.

Every sentence here was written for these tests. PUB, 2025-10-17, is a Friday in ISO week 42 and in
the fourth quarter.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashpoint.extract.dates import find_dates, resolve

PUB = "2025-10-17"


def value(text, published=PUB, **ctx):
    return resolve(text, published, **ctx)[1]


# ------------------------------------------------------------------------------------ resolve()
@pytest.mark.parametrize("text,expected", [
    ("earlier this week", "2025-W42"),
    ("last week", "2025-W41"),
    ("next week", "2025-W43"),
    ("Tuesday", "2025-10-14"),
    ("on Friday", "2025-10-17"),
    ("last Friday", "2025-10-10"),
    ("next Tuesday", "2025-10-21"),
    ("today", "2025-10-17"),
    ("yesterday", "2025-10-16"),
    ("tomorrow", "2025-10-18"),
    ("late yesterday", "2025-10-16"),
    ("October 14", "2025-10-14"),
    ("Oct. 3", "2025-10-03"),
    ("14 October 2024", "2024-10-14"),
    ("Thursday, Oct. 2", "2025-10-02"),
    ("March 2013", "2013-03"),
    ("last month", "2025-09"),
    ("next month", "2025-11"),
    ("earlier this month", "2025-10"),
    ("last year", "2024"),
    ("next year", "2026"),
    ("later this year", "2025"),
    ("2019", "2019"),
    ("mid-2019", "2019"),
    ("nineteen ninety-six", "1996"),
    ("the year two thousand", "2000"),
    ("the week of March 3, 2025", "2025-W10"),
    ("last October", "2024-10"),
    ("this October", "2025-10"),
    ("June last year", "2024-06"),
])
def test_dates_resolve_against_publication(text, expected):
    assert resolve(text, PUB) == ("DATE", expected)


@pytest.mark.parametrize("text,expected", [
    ("two days ago", "2025-10-15"),
    ("a week or so ago", "2025-W41"),
    ("three weeks ago", "2025-W39"),
    ("four months ago", "2025-06"),
    ("ten years ago", "2015"),
    ("a year ago", "2024"),
    ("a few years ago", "202X"),
    ("several years ago", "PAST_REF"),
])
def test_time_ago_keeps_the_unit_as_granularity(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize("text,tense,expected", [
    ("Tuesday", "past", "2025-10-14"),
    ("Tuesday", "future", "2025-10-21"),
    ("Tuesday", None, "2025-10-14"),            # news mostly reports what happened
    ("Friday", "future", "2025-10-17"),
    ("January", "past", "2025-01"),
    ("January", "future", "2026-01"),
    ("January", None, "2026-01"),               # the nearest January
    ("July", None, "2025-07"),
    ("Jan. 20", "future", "2026-01-20"),
    ("Jan. 20", "past", "2025-01-20"),
    ("February", "past", "2025-02"),
    ("Christmas", "past", "2024-12-25"),
    ("Christmas", "future", "2025-12-25"),
])
def test_tense_decides_which_side_of_publication(text, tense, expected):
    assert value(text, tense=tense) == expected


def test_a_month_too_far_the_way_the_tense_points_is_taken_nearest():
    # the verb a date hangs on is often not the time of the date ("declared a dividend payable Dec. 7"):
    # a reading more than ten months back, or seven and a half ahead, gives way to the nearest one
    assert value("Dec. 7", tense="past") == "2025-12-07"
    assert value("Aug. 1", tense="future") == "2025-08-01"


@pytest.mark.parametrize("text,expected", [
    ("three days", "P3D"),
    ("the past three years", "P3Y"),
    ("the last five months", "P5M"),
    ("the next few days", "PXD"),
    ("the coming weeks", "PXW"),
    ("years", "PXY"),
    ("16-hour", "PT16H"),
    ("five hours", "PT5H"),
    ("90 minutes", "PT90M"),
    ("half an hour", "PT30M"),
    ("5 1/2 hours", "PT5H30M"),
    ("two and a half years", "P2Y6M"),
    ("a minute and a half", "PT1M30S"),
    ("a couple of weeks", "P2W"),
    ("two decades", "P20Y"),
    ("twenty-four hours", "PT24H"),
    ("more than two thousand years", "P2000Y"),
    ("two to three weeks", "PXW"),
    ("the first nine months", "P9M"),
    ("a two-year term", "P2Y"),
    ("six trading days", "P6D"),
    ("recent months", "PXM"),
    ("the fiscal year", "P1Y"),
])
def test_durations(text, expected):
    assert resolve(text, PUB) == ("DURATION", expected)


@pytest.mark.parametrize("text,expected", [
    ("the third quarter", "2025-Q3"),
    ("third-quarter", "2025-Q3"),
    ("fourth-quarter", "2025-Q4"),
    ("the first quarter of 2024", "2024-Q1"),
    ("the 2023 second quarter", "2023-Q2"),
    ("Q2", "2025-Q2"),
    ("next year's first quarter", "2026-Q1"),
    ("the latest quarter", "2025-Q3"),          # the last one completed
    ("the current quarter", "2025-Q4"),
    ("the year-ago quarter", "2024-Q3"),
    ("the first half", "2025-H1"),
    ("the second half of 2023", "2023-H2"),
])
def test_quarters_and_halves(text, expected):
    assert value(text) == expected


def test_a_quarter_named_early_in_the_year_that_has_not_begun_is_last_years():
    assert value("the fourth quarter", "2026-01-28") == "2025-Q4"
    assert value("the first quarter", "2026-01-28") == "2026-Q1"


@pytest.mark.parametrize("text,expected", [
    ("a year earlier", "2024-Q2"),
    ("a year ago", "2024-Q2"),
    ("year-earlier", "2024-Q2"),
    ("the year-earlier period", "2024-Q2"),
    ("the quarter", "2025-Q2"),
])
def test_an_earnings_report_compares_with_its_quarter_a_year_back(text, expected):
    assert value(text, focus="2025-Q2") == expected


@pytest.mark.parametrize("text,expected", [
    ("this summer", "2025-SU"),
    ("last spring", "2025-SP"),
    ("last fall", "2024-FA"),
    ("this past winter", "2025-WI"),
    ("the winter of 2019", "2019-WI"),
    ("the 1990s", "199"),
    ("the early 1980s", "198"),
    ("the '60s", "196"),
    ("the nineties", "199"),
    ("the 20th century", "19"),
    ("Thanksgiving 2024", "2024-11-28"),
    ("Easter 2024", "2024-03-31"),
    ("fiscal 2024", "2024"),
    ("fiscal year 2023", "2023"),
])
def test_seasons_decades_holidays_fiscal_years(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("now", "PRESENT_REF"),
    ("right now", "PRESENT_REF"),
    ("currently", "PRESENT_REF"),
    ("current", "PRESENT_REF"),
    ("these days", "PRESENT_REF"),
    ("recently", "PAST_REF"),
    ("more recently", "PAST_REF"),
    ("the past", "PAST_REF"),
    ("former", "PAST_REF"),
    ("previously", "PAST_REF"),
    ("recent years", "PAST_REF"),
    ("the future", "FUTURE_REF"),
    ("the near future", "FUTURE_REF"),
    ("soon", "FUTURE_REF"),
])
def test_reference_words(text, expected):
    assert resolve(text, PUB) == ("DATE", expected)
    assert resolve(text, None) == ("DATE", expected)      # they need no publication date


@pytest.mark.parametrize("text,expected", [
    ("every week", "P1W"),
    ("each year", "P1Y"),
    ("annually", "P1Y"),
    ("daily", "P1D"),
    ("weekly", "P1W"),
    ("hourly", "PT1H"),
    ("twice a year", "P1Y"),
    ("every other month", "P2M"),
    ("every three days", "P3D"),
    ("each Thursday", "XXXX-WXX-4"),
    ("Sundays", "XXXX-WXX-7"),
    ("Tuesday nights", "XXXX-WXX-2TNI"),
    ("each July", "XXXX-07"),
    ("every summer", "XXXX-SU"),
])
def test_sets(text, expected):
    assert resolve(text, PUB) == ("SET", expected)


@pytest.mark.parametrize("text,expected", [
    ("this morning", "2025-10-17TMO"),
    ("this afternoon", "2025-10-17TAF"),
    ("tonight", "2025-10-17TNI"),
    ("last night", "2025-10-16TNI"),
    ("yesterday afternoon", "2025-10-16TAF"),
    ("Wednesday evening", "2025-10-15TEV"),
    ("10:30 a.m.", "2025-10-17T10:30"),
    ("6 p.m.", "2025-10-17T18:00"),
    ("noon Thursday", "2025-10-16T12:00"),
    ("midnight", "2025-10-17T24:00"),
    ("9 a.m. EDT Tuesday", "2025-10-14T09:00"),
    ("5 p.m. EST, Nov. 6", "2025-11-06T17:00"),
    ("7 in the morning", "2025-10-17T07:00"),
])
def test_times_of_day(text, expected):
    assert resolve(text, PUB) == ("TIME", expected)


def test_a_clock_time_takes_the_day_the_sentence_is_about():
    from datetime import date

    assert value("10:30 a.m.", anchor=date(2025, 10, 13)) == "2025-10-13T10:30"


@pytest.mark.parametrize("text", [
    "yesterday", "Tuesday", "last week", "next month", "two days ago", "this morning", "tonight",
    "the third quarter", "the latest quarter", "October 14", "this summer", "Christmas", "10:30 a.m.",
    "the weekend", "last year", "year-end", "a few years ago", "this century",
])
def test_relative_expressions_without_publication_date_have_no_value(text):
    assert resolve(text, None)[1] is None
    assert resolve(text, "not a date")[1] is None


@pytest.mark.parametrize("text,expected", [
    ("14 October 2024", "2024-10-14"), ("three days", "P3D"), ("the 1990s", "199"), ("March 2013", "2013-03"),
    ("every week", "P1W"),
])
def test_absolute_expressions_need_no_publication_date(text, expected):
    assert resolve(text, None)[1] == expected


@pytest.mark.parametrize("text", [
    "February 30", "February 30, 2024", "31 April 2023", "2023-02-30", "Feb. 29, 2023", "25:61",
    "99 p.m.", "99999999 days ago", "9999999999 weeks ago",
])
def test_impossible_dates_have_no_value(text):
    assert resolve(text, PUB)[1] is None


def test_leap_day_is_a_day():
    assert value("Feb. 29, 2024") == "2024-02-29"


VOCAB = ["the", "last", "next", "this", "ago", "earlier", "later", "a", "few", "two", "twenty", "thousand",
         "1/2", "and", "half", "of", "every", "each", "other", "day", "days", "week", "weekend", "month",
         "quarter", "third", "year", "decade", "century", "hours", "minute", "morning", "night", "Friday",
         "Feb.", "30", "31", "1999", "2025", "'80s", "1990s", "a.m.", "noon", "10:75", "summer", "Easter",
         "fiscal", "now", "recent", "future", "9999999999", "0", "-", ",", "'s"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.one_of(st.none(), st.text(max_size=12),
                                       st.dates().map(lambda d: d.isoformat())))
def test_resolve_never_crashes_on_any_string(text, published):
    typ, val = resolve(text, published)
    assert typ in ("DATE", "TIME", "DURATION", "SET")
    assert val is None or isinstance(val, str)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=7),
       st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())),
       st.sampled_from([None, "past", "future"]),
       st.sampled_from([None, "2025-Q3", "0001-Q1"]))
def test_resolve_never_crashes_on_time_words(words, published, tense, focus):
    typ, val = resolve(" ".join(words), published, tense=tense, focus=focus)
    assert typ in ("DATE", "TIME", "DURATION", "SET")
    assert val is None or isinstance(val, str)


# ---------------------------------------------------------------------------------- find_dates()
@pytest.fixture(scope="module")
def nlp():
    from flashpoint import nlp as nlp_mod

    return nlp_mod.load()


def found(nlp, text, published=PUB):
    return [(d.text, d.type, d.value) for d in find_dates(nlp(text), published)]


def test_spans_leave_out_the_preposition_and_the_tense_picks_the_day(nlp):
    assert found(nlp, "Rebels shelled the northern town on Tuesday, the army said.") == \
        [("Tuesday", "DATE", "2025-10-14")]
    assert found(nlp, "The foreign minister will travel to Geneva on Tuesday for the talks.") == \
        [("Tuesday", "DATE", "2025-10-21")]


def test_possessive_and_ages_are_not_time_expressions(nlp):
    out = found(nlp, "Last week's vote angered the 62-year-old senator, who is 62.")
    assert out == [("Last week", "DATE", "2025-W41")]


def test_words_the_model_misses(nlp):
    out = found(nlp, "Prices are now higher than they were recently, and they will rise in the future.")
    assert ("now", "DATE", "PRESENT_REF") in out
    assert ("recently", "DATE", "PAST_REF") in out
    assert ("the future", "DATE", "FUTURE_REF") in out


def test_day_and_part_of_day_and_clock_time_make_one_expression(nlp):
    out = found(nlp, "Protesters gathered in the square on Wednesday night. The offer expires at 5 p.m. Friday.")
    assert ("Wednesday night", "TIME", "2025-10-15TNI") in out
    assert ("5 p.m. Friday", "TIME", "2025-10-17T17:00") in out


def test_a_fiscal_period_ended_on_a_day_is_two_expressions(nlp):
    out = found(nlp, "The miner reported a loss for the quarter ended Sept. 30, its third in a row.")
    texts = [t for t, _typ, _v in out]
    assert "the quarter" in texts and "Sept. 30" in texts
    assert ("Sept. 30", "DATE", "2025-09-30") in out


def test_a_year_earlier_in_an_earnings_report_is_the_quarter_a_year_back(nlp):
    out = found(nlp, "The refiner earned $40 million in the third quarter. A year earlier, it lost $3 million.")
    assert ("the third quarter", "DATE", "2025-Q3") in out
    assert ("A year earlier", "DATE", "2024-Q3") in out


def test_a_rate_is_a_set(nlp):
    out = found(nlp, "The clinic treats about 900 patients a year.")
    assert out == [("a year", "SET", "P1Y")]


def test_find_dates_without_publication_date_leaves_relative_values_empty(nlp):
    out = found(nlp, "Troops withdrew on Monday after talks in March 2013 lasting three days.", None)
    assert ("Monday", "DATE", None) in out
    assert ("March 2013", "DATE", "2013-03") in out
    assert ("three days", "DURATION", "P3D") in out


def test_clock_time_takes_the_day_of_its_sentence(nlp):
    out = found(nlp, "The blast hit the convoy on Monday at 10:35 a.m., police said.")
    assert ("10:35 a.m.", "TIME", "2025-10-13T10:35") in out


def test_without_publication_date_a_clock_time_still_takes_an_explicit_day(nlp):
    out = found(nlp, "The vote closed at 8 p.m. on March 3, 2013. Counting began at 9 p.m.", None)
    assert ("8 p.m.", "TIME", "2013-03-03T20:00") in out
    assert ("9 p.m.", "TIME", None) in out           # another sentence: no guess
