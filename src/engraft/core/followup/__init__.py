"""Long-term follow-up after the transplant: the schedule from day 0 and each visit's state."""

from engraft.core.followup.knowledge import (
    FollowUpItem,
    FollowUpKnowledge,
    build_followup_knowledge,
    load_followup_knowledge,
)
from engraft.core.followup.schedule import (
    FollowUpInputError,
    FollowUpVisit,
    VisitState,
    add_months,
    follow_up_schedule,
)

__all__ = [
    "FollowUpInputError",
    "FollowUpItem",
    "FollowUpKnowledge",
    "FollowUpVisit",
    "VisitState",
    "add_months",
    "build_followup_knowledge",
    "follow_up_schedule",
    "load_followup_knowledge",
]
