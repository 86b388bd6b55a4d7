"""Extraction stages, one module each; see kg.pipeline.REGISTRY."""
