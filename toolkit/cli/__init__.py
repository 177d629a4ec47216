"""The command line: typer commands, wiring only."""
