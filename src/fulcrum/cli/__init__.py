"""The ``fulcrum`` command line: thin Typer shells over the Python API.

Each module in this package that defines ``register(app)`` adds its commands
to the root app; a new command group is a new file, not an edit here.
"""
