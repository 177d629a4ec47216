"""Readers: YAML with positions, the schema, inline markup → the document model."""
