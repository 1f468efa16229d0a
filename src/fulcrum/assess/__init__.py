"""Technical assessments, one subpackage each (fairness, biometrics, privacy).

Each takes data, computes its metrics from aggregated counts (one pass), checks
them against thresholds and returns an ``fulcrum.evidence.Evidence`` record.
Pure computation: nothing here imports the database, the review or the web.
"""
