"""Layout: the document → a tree of blocks with every word rendered and every number set."""
