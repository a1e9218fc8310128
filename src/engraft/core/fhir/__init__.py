"""FHIR R4 export and import of the patient record (fhir.resources R4B models)."""
