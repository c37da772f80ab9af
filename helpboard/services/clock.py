"""Times as the neighbours read them."""

import os
from datetime import datetime
from zoneinfo import ZoneInfo


def local_zone() -> ZoneInfo:
    """Return the board's time zone (HELPBOARD_TIMEZONE, default Europe/London)."""
    return ZoneInfo(os.environ.get("HELPBOARD_TIMEZONE", "Europe/London"))


def local_time(moment: datetime) -> str:
    """Return a time as "14:02"."""
    return moment.astimezone(local_zone()).strftime("%H:%M")


def local_datetime(moment: datetime) -> str:
    """Return a date and time as "Sat 21 Nov, 14:02"."""
    return moment.astimezone(local_zone()).strftime("%a %-d %b, %H:%M")
