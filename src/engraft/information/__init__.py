"""Stage 1 of the pathway: public pages for families and the "Request information" queue."""
