#!/usr/bin/env python3
"""United States federal holidays 1970-2035 from pandas, for ForecastCore's HolidayCalendar.

pandas' ``USFederalHolidayCalendar`` is an independent implementation of the same rules: New Year's
Day, Independence Day, Veterans Day, Christmas and (from 2021) Juneteenth on their dates, moved to the
Friday before when on a Saturday and the Monday after when on a Sunday (``nearest_workday``); Martin
Luther King Jr. Day (third Monday of January, from 1986), Washington's Birthday (third Monday of
February), Memorial Day (last Monday of May), Labor Day (first Monday of September), Columbus Day
(second Monday of October) and Thanksgiving (fourth Thursday of November).

Run from the package root with pandas installed (the test venv has it):

    .venv-test/bin/python Scripts/reference/make_holiday_fixtures.py   # writes Tests/ForecastCoreTests/Fixtures/us_federal_holidays.json
"""
import json
from pathlib import Path

import pandas as pd
from pandas.tseries.holiday import USFederalHolidayCalendar

days = USFederalHolidayCalendar().holidays(start="1970-01-01", end="2035-12-31")
document = {
    "generator": "Scripts/reference/make_holiday_fixtures.py",
    "library": f"pandas {pd.__version__} USFederalHolidayCalendar",
    "start": "1970-01-01", "end": "2035-12-31",
    "dates": [d.strftime("%Y-%m-%d") for d in days],
}
out = Path("Tests/ForecastCoreTests/Fixtures/us_federal_holidays.json")
out.write_text(json.dumps(document, indent=0) + "\n")
print(f"wrote {out}: {len(document['dates'])} dates")
