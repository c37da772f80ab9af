"""Field helpers shared by the forms."""

from decimal import Decimal, InvalidOperation


def strip(value):
    """Trim spaces from typed text."""
    return value.strip() if isinstance(value, str) else value


def parse_hours(text: str | None) -> Decimal | None:
    """Return hours typed by a person, accepting a comma as the decimal mark."""
    if text is None or not str(text).strip():
        return None
    try:
        value = Decimal(str(text).strip().replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None  # "NaN" and "Infinity" are not hours
