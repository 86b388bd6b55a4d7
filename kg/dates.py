"""Dates in the text, resolved against the article's date.

News copy dates events relative to publication: "on Tuesday", "yesterday",
"Wednesday night", "on Oct. 7", "July 13". A weekday is the latest such day
on or before the article's date; a month and day without a year is in the
article's year, or the year before when that would be in the future.
Anything vaguer ("last week", "earlier this year") stays undated.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_MONTH_DAY = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+"
    r"(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?",
    re.I,
)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?!\d)")


def parse_published(value: str | None) -> date | None:
    if not value:
        return None
    m = _ISO.search(value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def resolve(expression: str, published: date) -> date | None:
    """The calendar day an expression names, or None if it names none."""
    low = expression.lower()
    if re.search(r"\b(last|next|this|earlier|later|past)\s+(week|month|year)\b", low):
        return None
    if re.search(r"\btoday\b|\btonight\b", low):
        return published
    if re.search(r"\byesterday\b", low):
        return published - timedelta(days=1)
    iso = _ISO.search(expression)
    if iso:
        return parse_published(iso.group(0))
    m = _MONTH_DAY.search(expression)
    if m:
        month = _MONTHS[m.group(1).lower()[:3]]
        year = int(m.group(3)) if m.group(3) else published.year
        try:
            day = date(year, month, int(m.group(2)))
        except ValueError:
            return None
        if not m.group(3) and day > published:
            day = date(year - 1, month, day.day)
        return day
    for i, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name}\b", low):
            back = (published.weekday() - i) % 7
            return published - timedelta(days=back)
    return None


def sentence_dates(
    doc, published: date | None, outside: list[tuple[int, int]] = ()
) -> dict[tuple[int, int], date]:
    """(sentence start, end) -> the first day a DATE entity in it resolves to,
    leaving out entities inside the ``outside`` spans (a quote's own words)."""
    out: dict[tuple[int, int], date] = {}
    if published is None or doc is None:
        return out
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        if any(s <= ent.start_char < e for s, e in outside):
            continue
        sent = ent.sent
        key = (sent.start_char, sent.end_char)
        if key in out:
            continue
        day = resolve(ent.text, published)
        if day is not None:
            out[key] = day
    return out
