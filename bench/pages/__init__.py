"""`make bench`'s page benchmark: every home and list page under production settings behind gunicorn, next to
a minimal authenticated page (`run.py` says how)."""
