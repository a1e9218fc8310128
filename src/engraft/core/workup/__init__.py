"""The pre-transplant work-up: which consults and tests apply, when each is due, readiness."""
