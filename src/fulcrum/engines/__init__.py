"""Engines: where data is scanned.

An assessment expresses its scan once, as a grouped aggregation ("count the rows
per combination of these columns, with this numeric column cut into uniform
bins, and sum these columns"), and an engine runs it:

- ``numpy``: in memory, the reference engine (Arrow dictionary encoding plus
  ``np.bincount``);
- ``duckdb``: streams CSV/Parquet files larger than memory in one pass;
- ``spark``: the same aggregation run by Spark, for data beyond one machine
  (optional extra).

Engines are found by name: ``get_engine("duckdb")`` imports
``fulcrum.engines.duckdb_engine``; a new engine is a new module.
"""

from fulcrum.engines._base import Engine, GroupedCounts, Source, UniformBins, get_engine

__all__ = ["Engine", "GroupedCounts", "Source", "UniformBins", "get_engine"]
