"""``python -m toolkit.cli`` runs the command line."""

from toolkit.cli.main import main

main()
