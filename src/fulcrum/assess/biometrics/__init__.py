"""Face-recognition (biometric) assessment: ISO/IEC 19795-1/-10 and 30107-3 metrics.

Verification (1:1) performance is computed from comparison scores, or from
embeddings by forming all pairs in blocks: FMR and FNMR at exact thresholds
(accept when ``score >= threshold``; the threshold for a target FMR is the
smallest observed score whose FMR is within the target), FNMR at FMR 1e-2 to
1e-6, EER and the DET curve. Demographic differentials follow NIST FRTE practice:
one global threshold from an overall target FMR, then per-group FMR and FNMR,
the cross-group FMR matrix, max/min ratios, the Fairness Discrepancy Rate, the
Inequity Rate and GARBE, with raw counts beside every rate and subject-level
bootstrap intervals. Presentation-attack detection (APCER, BPCER) and 1:N
identification (FPIR, FNIR, CMC) complete it. Every assessment returns an
:class:`~fulcrum.evidence.Evidence` record with verdicts against thresholds
taken from catalog requirements.

Metrics follow scikit-learn's naming: ``*_rate`` is lower-is-better.
"""

from fulcrum.assess.biometrics._differentials import (
    fairness_discrepancy_rate,
    garbe,
    gini,
    inequity_rate,
)
from fulcrum.assess.biometrics._embeddings import assess_embeddings
from fulcrum.assess.biometrics._identification import IdentificationResult, assess_identification
from fulcrum.assess.biometrics._pad import PadResult, assess_pad
from fulcrum.assess.biometrics._profiles import (
    IDENTIFICATION_METRICS,
    PAD_METRICS,
    VERIFICATION_METRICS,
)
from fulcrum.assess.biometrics._verification import VerificationResult, assess_verification

__all__ = [
    "IDENTIFICATION_METRICS",
    "PAD_METRICS",
    "VERIFICATION_METRICS",
    "IdentificationResult",
    "PadResult",
    "VerificationResult",
    "assess_embeddings",
    "assess_identification",
    "assess_pad",
    "assess_verification",
    "fairness_discrepancy_rate",
    "garbe",
    "gini",
    "inequity_rate",
]
