"""Periods of the REPER figures: calendar quarters written « T3 2022 », or any range of dates.

Territories report their figures every quarter, so a quarter is the usual period; a period
may also be any range within one calendar year (written « du 01/07/2022 au 15/08/2022 »).
"""

import datetime
import re

QUARTER_PATTERNS = [
    # T3 2022, T3-2022, t3/2022, Q3 2022
    re.compile(r"^[TQ]\s*(?P<quarter>[1-4])\s*[-/ ]?\s*(?P<year>\d{4})$", re.IGNORECASE),
    # 2022 T3, 2022-T3
    re.compile(r"^(?P<year>\d{4})\s*[-/ ]?\s*[TQ]\s*(?P<quarter>[1-4])$", re.IGNORECASE),
    # 3e trimestre 2022, 1er trimestre 2022, 3ème trimestre 2022
    re.compile(r"^(?P<quarter>[1-4])\s*(?:er|re|e|è|ème|eme)?\s+trimestre\s+(?P<year>\d{4})$", re.IGNORECASE),
]
RANGE_PATTERN = re.compile(
    r"^(?:du\s+)?(?P<start>\d{1,2}/\d{1,2}/\d{4})\s*(?:au|-|–|—)\s*(?P<end>\d{1,2}/\d{1,2}/\d{4})$", re.IGNORECASE
)
MIN_YEAR, MAX_YEAR = 2000, 2100
EXAMPLE = "« T3 2022 » ou « du 01/07/2022 au 15/08/2022 »"


class PeriodError(ValueError):
    """A period that cannot be read; the message is in French, for the user."""


def quarter_bounds(year, quarter):
    """The first and last days of a calendar quarter."""
    first_month = 3 * (quarter - 1) + 1
    start = datetime.date(year, first_month, 1)
    if quarter == 4:
        end = datetime.date(year, 12, 31)
    else:
        end = datetime.date(year, first_month + 3, 1) - datetime.timedelta(days=1)
    return start, end


def quarter_of(day):
    """(year, quarter) of a date."""
    return day.year, (day.month - 1) // 3 + 1


def quarter_label(year, quarter):
    return f"T{quarter} {year}"


def is_quarter(start, end):
    year, quarter = quarter_of(start)
    return (start, end) == quarter_bounds(year, quarter)


def period_label(start, end):
    """« T3 2022 » for a calendar quarter, « du 01/07/2022 au 15/08/2022 » for another period."""
    if is_quarter(start, end):
        return quarter_label(*quarter_of(start))
    return f"du {start:%d/%m/%Y} au {end:%d/%m/%Y}"


def _check_year(year):
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f"L'année {year} n'est pas plausible.")


def _parse_date(text):
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007 (a calendar day, no time zone)
    except ValueError as error:
        raise PeriodError(f"La date « {text} » n'existe pas (format attendu : JJ/MM/AAAA).") from error


def parse_period(text):
    """Read a quarter (« T3 2022 », « 2022-T3 », « 3e trimestre 2022 ») or a range of dates.

    Returns (first day, last day); raises PeriodError with a French message otherwise.
    """
    value = " ".join(str(text or "").split())
    if not value:
        raise PeriodError(f"Indiquez la période, par exemple {EXAMPLE}.")
    for pattern in QUARTER_PATTERNS:
        match = pattern.match(value)
        if match:
            year = int(match["year"])
            _check_year(year)
            return quarter_bounds(year, int(match["quarter"]))
    match = RANGE_PATTERN.match(value)
    if match:
        start, end = _parse_date(match["start"]), _parse_date(match["end"])
        _check_year(start.year)
        _check_year(end.year)
        if end < start:
            raise PeriodError("La fin de la période précède son début.")
        return start, end
    raise PeriodError(f"Période « {value} » non reconnue : écrivez par exemple {EXAMPLE}.")


def recent_quarters(today, count=8):
    """Labels of the current quarter and the `count - 1` quarters before it, newest first."""
    year, quarter = quarter_of(today)
    labels = []
    for _ in range(count):
        labels.append(quarter_label(year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return labels
