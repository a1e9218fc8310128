"""A seeded synthetic cohort of osteopetrosis patients for the demo and tests."""
