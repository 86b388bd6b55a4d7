"""The stored SPARQL questions, shipped with the package as kg._queries (data only)."""
