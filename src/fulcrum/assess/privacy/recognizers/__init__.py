"""Built-in recognizers, one module per family; each class registers itself.

Adding a recognizer means adding a class (in a new module here, or anywhere
that calls ``fulcrum.assess.privacy.register``); nothing central changes.
"""
