"""`make bench`: the conflict check at a million rows, against a brute-force oracle and an exact-key floor.

generate.py builds the seeded records from real company names (names.py), queries.py derives labelled
queries from them, engines.py measures the three ways of answering, run.py drives a database end to end.
"""
