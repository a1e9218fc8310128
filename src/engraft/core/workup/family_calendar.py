"""The family's appointments as an iCalendar file (RFC 5545) via the icalendar package."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from icalendar import Calendar, Event

APPOINTMENT_LENGTH = timedelta(hours=1)  # in-house: the calendar shows an hour per visit


@dataclass(frozen=True)
class Appointment:
    uid: str
    starts_at: datetime
    title: str
    place: str
    why: str
    bring: str = ""


def family_calendar(
    appointments: Sequence[Appointment], *, programme: str, generated_at: datetime
) -> bytes:
    """An iCalendar document of the appointments, in plain language for the family."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{programme}//Engraft work-up//EN")
    calendar.add("version", "2.0")
    for appointment in appointments:
        if appointment.starts_at.tzinfo is None:
            raise ValueError(f"appointment {appointment.uid} needs a time zone")
        event = Event()
        event.add("uid", appointment.uid)
        event.add("dtstamp", generated_at)
        event.add("dtstart", appointment.starts_at)
        event.add("dtend", appointment.starts_at + APPOINTMENT_LENGTH)
        event.add("summary", appointment.title)
        event.add("location", appointment.place)
        description = appointment.why
        if appointment.bring:
            description += f"\nPlease bring: {appointment.bring}"
        event.add("description", description)
        calendar.add_component(event)
    return calendar.to_ical()
