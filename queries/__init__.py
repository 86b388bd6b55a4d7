"""The stored SPARQL questions, shipped with the package as kg.queries (data only)."""
