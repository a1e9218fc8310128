"""The pure core of Engraft: clinical rules, knowledge base, HLA, search, FHIR mapping.

Nothing under this package imports Django, touches the database or knows about HTTP.
It takes plain values (dataclasses, enums) and returns plain values.
"""
