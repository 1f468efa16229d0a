"""The demo's assessments: one of each kind, its evidence signed, stored and linked.

Each module runs one assessment on bundled data (``fulcrum/demo/data``, sources in
``SOURCE.md``) for the demo system it fits best, then hands the ``Evidence`` to
``_publish``: signed by the ``demo-ci`` key as a CI job would sign it, stored
(attached to the system's open review case where there is one) and linked to the
obligation it answers. A step whose obligation already holds evidence only reports
it, so the demo can run again and add nothing; a step whose extra is not installed
is skipped with a note.
"""

from fulcrum.demo.assessments._biometrics import run_biometrics
from fulcrum.demo.assessments._explain import run_explain
from fulcrum.demo.assessments._fairness import run_fairness
from fulcrum.demo.assessments._genai import run_genai
from fulcrum.demo.assessments._labels import run_labels
from fulcrum.demo.assessments._privacy import run_privacy
from fulcrum.demo.assessments._robustness import run_robustness

__all__ = [
    "run_biometrics",
    "run_explain",
    "run_fairness",
    "run_genai",
    "run_labels",
    "run_privacy",
    "run_robustness",
]
