"""``toolkit import docx``: turn an existing Word report into a submission folder.

One concern per module: :mod:`.package` opens the DOCX safely, :mod:`.inlines` turns
runs, links and notes into model inline nodes, :mod:`.headings` recognises what a heading
means, :mod:`.structure` walks the body into sections, :mod:`.output` writes the YAML.
"""
