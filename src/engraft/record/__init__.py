"""Stage 2 of the pathway: referral intake and the patient record."""
