"""The document model: the domain every stage shares (no I/O, no formats)."""
