"""The audit trail: who read or wrote which personal data, when, and from where."""
