"""Stage 5 of the pathway: HLA typings, donor search and donor selection."""
