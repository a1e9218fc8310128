"""Engraft: the osteopetrosis programme of a paediatric BMT centre."""
