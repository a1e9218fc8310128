"""Stage 3 of the pathway: the assessment of a patient, its history and its sign-off."""
