# Kanal: `make demo` to try it, `make test` to run the whole suite. Both set up the environment with uv.
SHELL := /bin/bash
.DEFAULT_GOAL := help

HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
export HOST PORT

UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
RUN := $(UV) run --no-sync
MANAGE := $(RUN) python manage.py

.PHONY: help env demo run scheduler test apicheck lint migrate messages

help:
	@echo "make demo      set up, migrate var/kanal.sqlite3, seed demo data, serve http://$(HOST):$(PORT) + worker"
	@echo "make run       serve http://$(HOST):$(PORT) (no seeding, no worker)"
	@echo "make scheduler enqueue periodic jobs for the worker (manage.py run_scheduler; Ctrl-C stops)"
	@echo "make test      set up and run the test suite (extra pytest arguments: PYTEST_ARGS=...)"
	@echo "make apicheck  schemathesis against /api/openapi.json, as a partner admin and as staff (minutes)"
	@echo "make lint      ruff (check and format), mypy, import-linter's app contracts, the app layers in the docs"
	@echo "make bench     page benchmark (gunicorn, demo data; PAGES_ARGS=...) and the conflict check at 1M rows on"
	@echo "               SQLite and PostgreSQL (BENCH_ARGS=...), library search and co-branded PDFs (ENABLEMENT_ARGS=...);"
	@echo "               the leads' import, routing and scoring (LEADS_ARGS=...); the referral redirect under load"
	@echo "               next to a bare lookup, and a graceful stop mid-load (REFERRALS_ARGS=...);"
	@echo "               the incentive accrual over 1M won registrations against a bare SQL aggregate (MONEY_ARGS=...);"
	@echo "               every partner's tier over 5M registrations against a bare SQL aggregate (TIERS_ARGS=...);"
	@echo "               make bench-pages, bench-enablement, bench-leads, bench-referrals, bench-money and bench-tiers run one part alone"
	@echo "make screenshots  every page as every demo persona, English and Russian, into var/screenshots/ (index.html)"
	@echo "               (a few minutes; SCREENSHOTS_ARGS=--phone adds 390 px wide pages)"
	@echo "make migrate   apply migrations"
	@echo "make messages  update locale/ru .po files and compile them"

env:
	@scripts/setup.sh

demo: env
	@scripts/demo.sh

run: env migrate
	$(MANAGE) runserver $(HOST):$(PORT)

scheduler: env migrate
	$(MANAGE) run_scheduler

test: env
	$(RUN) pytest $(PYTEST_ARGS)

# Seeded and bounded (APICHECK_MAX_EXAMPLES per operation, APICHECK_SEED); config/apicheck.py says what it checks.
apicheck: env
	$(RUN) pytest -m apicheck -p no:logging config/tests/test_apicheck.py $(PYTEST_ARGS)

lint: env
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) mypy .
	$(RUN) lint-imports --no-logo
	$(RUN) python scripts/app_layers.py --check

.PHONY: bench bench-pages bench-enablement bench-leads bench-referrals bench-money bench-tiers
bench: bench-pages bench-enablement bench-leads bench-referrals bench-money bench-tiers
	@mkdir -p var/bench
	$(RUN) python -m bench.conflicts.run --db sqlite $(BENCH_ARGS)
	$(RUN) python -m bench.conflicts.run --db postgresql $(BENCH_ARGS)

# Library search over 100,000 assets on PostgreSQL and co-branded PDFs: var/bench/enablement.json.
bench-enablement: env
	@mkdir -p var/bench
	$(RUN) python -m bench.enablement.run $(ENABLEMENT_ARGS)

# Leads: 100,000 leads imported, 10,000 routed across 5,000 partners (PostgreSQL), scoring on the X Education
# leads against a scikit-learn reference: var/bench/leads.json.
bench-leads: env
	@mkdir -p var/bench
	$(RUN) python -m bench.leads.run $(LEADS_ARGS)

# /r/<code> behind gunicorn (production settings, PostgreSQL) against a bare lookup of the same code, and a graceful
# stop mid-load, clicks sent against clicks recorded: var/bench/referrals.json.
bench-referrals: env
	@mkdir -p var/bench
	$(RUN) python -m bench.referrals.run $(REFERRALS_ARGS)

# The incentive accrual over 1,000,000 won registrations on PostgreSQL against a bare SQL aggregate of the same
# totals, a rerun that books nothing and ledger_check: var/bench/money.json.
bench-money: env
	@mkdir -p var/bench
	$(RUN) python -m bench.money.run $(MONEY_ARGS)

# Every partner's tier evaluated over 5,000,000 registrations on PostgreSQL, against a bare SQL aggregate of the
# same figures: var/bench/tiers.json.
bench-tiers: env
	@mkdir -p var/bench
	$(RUN) python -m bench.tiers.run $(TIERS_ARGS)

# Every home and list page under production settings behind gunicorn, next to a minimal page: var/bench/pages.json.
bench-pages: env
	@mkdir -p var/bench
	$(RUN) python -m bench.pages.run $(PAGES_ARGS)

# Seeds the demo into a temporary SQLite database and photographs every page the browser walk opens.
.PHONY: screenshots
screenshots: env
	$(RUN) python -m e2e.screenshots $(SCREENSHOTS_ARGS)

migrate: env
	@mkdir -p var
	$(MANAGE) migrate --noinput

messages: env
	$(MANAGE) makemessages -l ru --no-location --ignore .venv --ignore var --ignore node_modules
	$(MANAGE) compilemessages --ignore .venv
