"""Fulcrum: the working system behind an AI ethics committee.

It knows the rules (``fulcrum.catalog``), the AI systems and their risk class
(``fulcrum.profile``, ``fulcrum.rules``), runs the ethics review
(``fulcrum.review``), produces technical evidence (``fulcrum.assess``) and keeps a
verifiable audit trail (``fulcrum.audit``).
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
