import datetime

import pytest

from reper.periods import PeriodError, parse_period, period_label, quarter_bounds, recent_quarters


@pytest.mark.parametrize(
    "text", ["T3 2022", "t3 2022", "T3-2022", "T3/2022", "Q3 2022", "2022 T3", "2022-T3", " T3  2022 "]
)
def test_a_quarter_is_read_in_its_usual_spellings(text):
    assert parse_period(text) == (datetime.date(2022, 7, 1), datetime.date(2022, 9, 30))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1er trimestre 2022", (datetime.date(2022, 1, 1), datetime.date(2022, 3, 31))),
        ("2e trimestre 2022", (datetime.date(2022, 4, 1), datetime.date(2022, 6, 30))),
        ("4ème trimestre 2021", (datetime.date(2021, 10, 1), datetime.date(2021, 12, 31))),
    ],
)
def test_a_quarter_is_read_written_in_words(text, expected):
    assert parse_period(text) == expected


def test_the_first_quarter_of_a_leap_year_ends_on_31_march():
    assert quarter_bounds(2024, 1) == (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))


def test_a_range_of_dates_is_read():
    assert parse_period("du 01/07/2022 au 15/08/2022") == (datetime.date(2022, 7, 1), datetime.date(2022, 8, 15))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Indiquez la période"),
        ("T5 2022", "non reconnue"),
        ("troisième", "non reconnue"),
        ("T3 1899", "n'est pas plausible"),
        ("du 31/02/2022 au 15/03/2022", "n'existe pas"),
        ("du 15/08/2022 au 01/07/2022", "précède son début"),
    ],
)
def test_an_unreadable_period_is_refused_in_french(text, message):
    with pytest.raises(PeriodError, match=message):
        parse_period(text)


def test_a_quarter_is_labelled_like_t3_2022():
    assert period_label(datetime.date(2022, 7, 1), datetime.date(2022, 9, 30)) == "T3 2022"


def test_another_period_is_labelled_with_its_dates():
    label = period_label(datetime.date(2022, 7, 1), datetime.date(2022, 8, 15))
    assert label == "du 01/07/2022 au 15/08/2022"
    assert parse_period(label) == (datetime.date(2022, 7, 1), datetime.date(2022, 8, 15))


def test_recent_quarters_go_back_across_years():
    assert recent_quarters(datetime.date(2022, 2, 10), count=3) == ["T1 2022", "T4 2021", "T3 2021"]
