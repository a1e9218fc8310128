"""Post-transplant surveillance for osteopetrosis: hypercalcaemia and SOS/VOD (pure core).

Rule 9 of clinical.md section 8: calcium from about day +10 to +60 with an alert above
11.0 mg/dL, and the EBMT paediatric 2018 SOS/VOD criteria applied daily. Thresholds are data
(``engraft/core/knowledge/surveillance.json``); results carry the rule, values and citations.
"""
