# factcheck: `make run` (the workbench on http://127.0.0.1:8000/) and `make test` (the suite).
# Needs only python3 and make: the virtualenv and requirements are installed on first use.
# Process orchestration lives in devstack/ (`python -m devstack --help`).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check
# Extra arguments, e.g. `make test ARGS="-k workflow -x"`.
ARGS   ?=

.DEFAULT_GOAL := help
.PHONY: help run test lint format typecheck bench stop

help:
	@echo "make run        the workbench on http://127.0.0.1:8000/ (Ctrl-C stops it all)"
	@echo "make test       the whole suite against real PostgreSQL and Redis (ARGS=... for pytest)"
	@echo "make lint       every static check CI runs: ruff, ruff format, mypy, lint-imports, makemigrations"
	@echo "make typecheck  mypy alone"
	@echo "make bench      the benchmarks in bench/ (ARGS=... passed to each)"
	@echo "make stop       stop servers a killed 'make run' left behind"

$(PY):
	$(PYTHON) -m venv $(VENV)

# Stamps: pip runs again only when a requirements file changed.
$(VENV)/.requirements: requirements.txt | $(PY)
	$(PIP) install -r requirements.txt
	@touch $@

$(VENV)/.requirements-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install -r requirements-dev.txt
	@touch $@ $(VENV)/.requirements

run: $(VENV)/.requirements
	$(PY) -m devstack run

test: $(VENV)/.requirements-dev
	$(PY) -m devstack test -- $(ARGS)

# The static checks CI runs (.ci/run), each one run even when an earlier one fails; the target
# fails if any did. makemigrations reads DATABASE_URL when set (DEBUG=1 supplies the defaults).
LINT_CHECKS := \
	"$(PY) -m ruff check ." \
	"$(PY) -m ruff format --check ." \
	"DEBUG=1 $(PY) -m mypy ." \
	"$(VENV)/bin/lint-imports --no-cache" \
	"DEBUG=1 DATABASE_POOL=0 $(PY) manage.py makemigrations --check --dry-run"

lint: $(VENV)/.requirements-dev
	@failed=""; \
	for check in $(LINT_CHECKS); do \
		echo "== $$check"; \
		sh -c "$$check" || failed="$$failed\n    $$check"; \
	done; \
	if [ -n "$$failed" ]; then printf "== static checks FAILED:$$failed\n"; exit 1; fi; \
	echo "== static checks passed"

format: $(VENV)/.requirements-dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

typecheck: $(VENV)/.requirements-dev
	DEBUG=1 $(PY) -m mypy .

# Each bench/*.py script says what it needs (api_bench.py: the PostgreSQL and Redis on
# 127.0.0.1:5432 / 6379). `make bench ARGS="--claims 100000"` passes arguments to each.
bench: $(VENV)/.requirements-dev
	@set -e; for script in bench/*.py; do \
		[ -f "$$script" ] || continue; \
		echo "== $$script"; \
		$(PY) "$$script" $(ARGS); \
	done

stop: $(VENV)/.requirements
	$(PY) -m devstack stop
