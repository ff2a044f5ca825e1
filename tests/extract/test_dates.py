"""Time expressions resolved against the publication date."""
import pytest

from flashpoint.extract.dates import resolve


@pytest.mark.parametrize("text,value", [
    ("earlier this week", "2025-W42"),
    ("last week", "2025-W41"),
    ("Tuesday", "2025-10-14"),
    ("on Friday", "2025-10-17"),
    ("yesterday", "2025-10-16"),
    ("October 14", "2025-10-14"),
    ("14 October 2024", "2024-10-14"),
    ("March 2013", "2013-03"),
    ("last month", "2025-09"),
    ("2019", "2019"),
])
def test_dates_resolve_against_publication(text, value):
    assert resolve(text, "2025-10-17") == ("DATE", value)


def test_durations():
    assert resolve("three days", "2025-10-17") == ("DURATION", "P3D")


def test_relative_date_without_publication_date_has_no_value():
    assert resolve("yesterday", None) == ("DATE", None)
