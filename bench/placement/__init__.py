"""Placement benchmarks: instance generator and the solver comparison (`run.py`)."""
