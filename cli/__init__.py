"""The command-line edge: the only package that imports typer."""
