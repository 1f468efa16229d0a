"""Reports: pure functions from result objects to readable documents."""
