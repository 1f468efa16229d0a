"""One router per resource, each included by ``fulcrum.api.main``."""
