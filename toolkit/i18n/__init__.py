"""Translation: PO files, content catalogues, the toolkit's own strings, translate()."""
