"""The model's calendar: one step is a week, and a year is `WEEKS_PER_YEAR` steps.

Funding lengths, follow-up grants and the yearly rates of the rules are given in years
and turned into weeks here; outputs counted in weeks (weeks of use) are turned back into
years with the same number.
"""

WEEKS_PER_YEAR = 52


def weeks(years: float) -> int:
    """Whole weeks in `years` years (rounded to the nearest week)."""
    return int(round(WEEKS_PER_YEAR * years))
