"""The simulated timeline and the fast time formatting the page and WARC writers need.

Times inside the simulator are whole seconds since the Unix epoch (``int``): they sort, add and
compare cheaply, and only become text when a page, a WARC header or the truth file is written.
The span is modelled on the Backpage seizure (2018-04-06): about nine weeks before the closure of
the dominant site and eight weeks after, so displacement to other sites can be studied.
"""

from __future__ import annotations

import calendar
import time
from datetime import UTC, datetime
from functools import lru_cache

MINUTE = 60
HOUR = 3600
DAY = 86_400


def epoch(text: str) -> int:
    """Seconds since the epoch of an ISO-8601 UTC time written as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return calendar.timegm(time.strptime(text, "%Y-%m-%dT%H:%M:%SZ"))


START = epoch("2018-02-05T00:00:00Z")
CLOSURE = epoch("2018-04-06T18:00:00Z")
END = epoch("2018-06-01T00:00:00Z")

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_LONG_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_LONG_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


_TWO = tuple(f"{n:02d}" for n in range(60))


@lru_cache(maxsize=1024)  # the world spans about 120 days
def _day(day: int) -> tuple[str, str, str, str]:
    """The ``day``-th day since the epoch as ISO (``2018-03-05``), RFC 7231 (``Mon, 05 Mar 2018``),
    long (``Monday, March 5, 2018``) and day-first (``05/03/2018``) dates. Times of day are added
    from :data:`_TWO`: formatting a time costs a division and a lookup, not a ``gmtime`` call."""
    t = time.gmtime(day * DAY)
    return (
        f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}",
        f"{_DAYS[t.tm_wday]}, {t.tm_mday:02d} {_MONTHS[t.tm_mon - 1]} {t.tm_year:04d}",
        f"{_LONG_DAYS[t.tm_wday]}, {_LONG_MONTHS[t.tm_mon - 1]} {t.tm_mday}, {t.tm_year}",
        f"{t.tm_mday:02d}/{t.tm_mon:02d}/{t.tm_year:04d}",
    )


@lru_cache(maxsize=1 << 16)  # the same capture time is formatted for the WARC and the truth file
def iso(ts: int) -> str:
    """``2018-03-05T21:14:07Z``: the form used in WARC-Date and in the truth file."""
    day, s = divmod(ts, DAY)
    h, s = divmod(s, HOUR)
    m, s = divmod(s, MINUTE)
    return f"{_day(day)[0]}T{_TWO[h]}:{_TWO[m]}:{_TWO[s]}Z"


def http_date(ts: int) -> str:
    """RFC 7231 date for the HTTP ``Date`` header."""
    day, s = divmod(ts, DAY)
    h, s = divmod(s, HOUR)
    m, s = divmod(s, MINUTE)
    return f"{_day(day)[1]} {_TWO[h]}:{_TWO[m]}:{_TWO[s]} GMT"


def long_date(ts: int) -> str:
    """``Monday, March 5, 2018 9:14 PM``: the wordy style older classified sites print (UTC)."""
    day, s = divmod(ts, DAY)
    h, s = divmod(s, HOUR)
    return f"{_day(day)[2]} {h % 12 or 12}:{_TWO[s // MINUTE]} {'AM' if h < 12 else 'PM'}"


def day_month(ts: int, *, spanish: bool = False) -> str:
    """Short calendar date as ads write it: ``3/15`` (US) or ``15/3`` (Spanish)."""
    t = time.gmtime(ts)
    return f"{t.tm_mday}/{t.tm_mon}" if spanish else f"{t.tm_mon}/{t.tm_mday}"


def dmy_hm(ts: int) -> str:
    """``05/03/2018 21:14``: day-first date used by the Spanish-language site."""
    day, s = divmod(ts, DAY)
    h, s = divmod(s, HOUR)
    return f"{_day(day)[3]} {_TWO[h]}:{_TWO[s // MINUTE]}"


def iso_local(ts: int, offset_hours: int) -> str:
    """``2018-03-05T13:14:00-0800``: a local time with its UTC offset, as a ``datetime`` attribute."""
    day, s = divmod(ts + offset_hours * HOUR, DAY)
    h, s = divmod(s, HOUR)
    m, s = divmod(s, MINUTE)
    sign = "-" if offset_hours < 0 else "+"
    return f"{_day(day)[0]}T{_TWO[h]}:{_TWO[m]}:{_TWO[s]}{sign}{abs(offset_hours):02d}00"


def local_clock(ts: int, offset_hours: int) -> str:
    """``2018-03-05 1:14pm``: the human local time next to a machine-readable one."""
    day, s = divmod(ts + offset_hours * HOUR, DAY)
    h, s = divmod(s, HOUR)
    return f"{_day(day)[0]} {h % 12 or 12}:{_TWO[s // MINUTE]}{'am' if h < 12 else 'pm'}"


def to_datetime(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, tz=UTC)


def utc_offset_hours(longitude: float) -> int:
    """A city's standard-time offset, from its longitude (time zones follow 15-degree bands closely
    enough for posting-hour realism; daylight time is ignored on purpose so it stays deterministic)."""
    return max(-10, min(-3, round(longitude / 15.0)))


def local_hour_to_utc(day_start: int, local_hour: float, offset_hours: int) -> int:
    """The UTC second of ``local_hour`` on the local calendar day beginning at UTC ``day_start``."""
    return day_start + int(local_hour * HOUR) - offset_hours * HOUR
