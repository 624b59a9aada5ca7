# Twoway: one command runs it (`make up`), one command tests it (`make test`).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install tools up down status logs test test-unit test-integration lint bench demo contracts clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)
	@command -v prometheus >/dev/null 2>&1 || { echo "installing Debian's prometheus package"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null) \
	  || echo "prometheus not installed: end-to-end metric checks will be skipped"; }
	$(PY) -m deploy.local fetch       # Kafka jars; npm packages of the local OpenID provider
	cd services/portal && npm install --no-audit --no-fund --no-package-lock --silent   # htmx, served from /static

tools: $(STAMP)      ## real validators for the ops tests (kustomize, kubeconform, AsyncAPI parser...), axe-core
	PYTHON=$(PYTHON) bash deploy/tools/install.sh

up: install          ## Kafka, SecantusDB, Prometheus, the four services, the portal and its OpenID provider
	$(PY) -m deploy.local up

down:
	$(PY) -m deploy.local down

status:
	$(PY) -m deploy.local status

test: install tools  ## every test, on real Kafka and SecantusDB started by the fixtures
	$(PY) -m pytest -q -n 2 --dist loadfile --ignore=tests/browser
	$(PY) -m pytest -q tests/browser    # apart: Playwright's sync API holds its worker's event loop

test-unit: $(STAMP)
	$(PY) -m pytest -q tests/unit

test-integration: install
	$(PY) -m pytest -q tests/integration

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy shared services

contracts: $(STAMP)  ## regenerate the published contracts (JSON Schema, AsyncAPI, OpenAPI)
	$(PY) -m cli.main contracts write

bench: install       ## benchmarks print figures; they are not tests
	$(PY) -m bench.matching.run
	$(PY) -m bench.matching.plan_timing
	$(PY) -m bench.pipeline.run
	$(PY) -m bench.portal.run --participants 2000  # enterprise size: --participants 10000
	$(PY) -m bench.burst.run --participants 1000

demo: install        ## on the local stack (started if it is not running)
	$(PY) -m deploy.local status >/dev/null 2>&1 || $(PY) -m deploy.local up
	$(PY) -m cli.main demo

clean:
	rm -rf .run .pytest_cache .hypothesis
