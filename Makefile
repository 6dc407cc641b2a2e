# Guild: every target is a thin call. See README.md.
VENV ?= .venv
PY := $(VENV)/bin/python
export VENV

.PHONY: run test bench lint fmt messages schema setup check

run:            ## set up, seed the demo, serve on 127.0.0.1:8000 with the task worker
	@bin/run

test:           ## set up, run every check, then the whole test suite with coverage
	@bin/test

setup:
	@bin/setup

lint:           ## ruff, djlint, import-linter, migrations up to date
	@bin/setup && bin/lint

fmt:            ## format Python and templates
	@bin/setup && $(VENV)/bin/ruff format src tests bench && $(VENV)/bin/ruff check --fix src tests bench

messages:       ## update the French catalogues of every app
	@bin/setup && bin/messages

schema:         ## regenerate docs/api/openapi.yaml
	@bin/setup && env -u DATABASE_URL $(PY) manage.py spectacular --file docs/api/openapi.yaml --validate --fail-on-warn

bench:          ## run every benchmark under bench/ (see docs/benchmarks.md)
	@bin/setup && for b in $$(grep -l "__main__" bench/*.py); do echo "== $$b"; $(PY) $$b || exit 1; done
