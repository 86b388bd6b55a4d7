"""The ontology, shipped with the package as kg._ontology (data only)."""
