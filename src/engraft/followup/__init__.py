"""Stage 7, its follow-up half: the long-term follow-up visits after the transplant."""
