"""Benchmarks of issue 10 (leads): each part writes its keys of var/bench/leads.json."""
