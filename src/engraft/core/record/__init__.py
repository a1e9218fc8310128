"""The patient record: dataclasses, analytes and lab values, HGVS, findings, age, CSV, charts."""
