"""Stage 4 of the pathway: the multidisciplinary pre-transplant work-up."""
