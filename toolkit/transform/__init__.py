"""Transformations of the model: citations → notes, numbering, labels, typography."""
