"""Staff accounts, roles and the one rule book of who may see and do what."""
