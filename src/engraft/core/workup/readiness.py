"""The readiness gate: admission may be marked ready only when nothing required is open."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from engraft.core.workup.requirement import Requirement


class TaskStatus(StrEnum):
    TO_SCHEDULE = "to_schedule"
    SCHEDULED = "scheduled"
    DONE = "done"
    RESULT_RECORDED = "result_recorded"
    WAIVED = "waived"

    @property
    def closes_task(self) -> bool:
        """Done, with a result, or waived by a physician: nothing more is expected."""
        return self in (TaskStatus.DONE, TaskStatus.RESULT_RECORDED, TaskStatus.WAIVED)


@dataclass(frozen=True)
class TaskState:
    name: str
    requirement: Requirement
    status: TaskStatus


@dataclass(frozen=True)
class Readiness:
    ready: bool
    blocking: tuple[str, ...]


def readiness(tasks: Sequence[TaskState]) -> Readiness:
    """Ready when every required task is done or waived; otherwise the tasks that block it."""
    blocking = tuple(
        task.name
        for task in tasks
        if task.requirement is Requirement.REQUIRED and not task.status.closes_task
    )
    return Readiness(ready=not blocking and bool(tasks), blocking=blocking)
