"""Benchmarks of issue 10 (leads)."""
