"""Writes for claims. Workflow and editing: `claims.services.workflow`; extraction:
`claims.services.extraction`; matching: `claims.services.matching`."""
