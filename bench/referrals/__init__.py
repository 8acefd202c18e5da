"""`make bench`'s referral redirect benchmark: `/r/<code>` under concurrent load behind gunicorn, next to a
bare lookup of the same code through the same stack, and a graceful stop in the middle of the load (`run.py`
says how)."""

LOOKUP_PREFIX = "/bench/lookup/"  # the bare lookup's route, in the bench's settings only (`urls.py`)
