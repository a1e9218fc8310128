"""A follow-up visit marked done: which item, at which timepoint of which transplant, and when.

The schedule itself (items, timepoints, due dates, windows) is computed by the pure core from
day 0 (`engraft.core.followup`); only what was done is stored. A wrong entry is voided with a
reason, never deleted or edited.
"""

from __future__ import annotations

import uuid

from django.db import models

from engraft.record.models import Patient, Voidable
from engraft.transplant.models import TransplantEpisode


class FollowUpVisitRecord(Voidable):
    """One follow-up item seen at one timepoint (e.g. hearing at 1 year), done on a date."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, related_name="follow_up_visits", on_delete=models.PROTECT)
    episode = models.ForeignKey(
        TransplantEpisode, related_name="follow_up_visits", on_delete=models.PROTECT
    )
    item = models.CharField(max_length=40, help_text="an item id of followup.json")
    timepoint = models.CharField(max_length=20, help_text='e.g. "day_100", "year_3"')
    done_on = models.DateField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["done_on", "id"]
        constraints = [
            # One current entry a visit: a second is refused, a voided one may be replaced.
            models.UniqueConstraint(
                fields=["episode", "item", "timepoint"],
                condition=models.Q(voided_at__isnull=True),
                name="one_current_follow_up_visit_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} at {self.timepoint} done on {self.done_on}"
