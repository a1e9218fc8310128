"""Pages of the transplant episode, the flowsheet and the ward (thin: the core computes)."""
