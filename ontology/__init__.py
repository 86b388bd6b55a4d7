"""The ontology, shipped with the package as kg.ontology (data only)."""
