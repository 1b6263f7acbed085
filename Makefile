# jhro: `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DATA_DIR ?= data
DEMO_DIR ?= data/demo

.DEFAULT_GOAL := help

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	@touch $(STAMP)

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

.PHONY: install
install: $(STAMP) ## Create .venv and install jhro with its test tools

.PHONY: run
run: $(STAMP) ## Open jhro on the encrypted database in data/ (first run: set-up wizard)
	$(BIN)/jhro --data-dir $(DATA_DIR)

.PHONY: demo
demo: $(STAMP) ## Build the synthetic caseload in data/demo unless built, then open it
	@$(BIN)/jhro demo --data-dir $(DEMO_DIR) --reuse
	$(BIN)/jhro --data-dir $(DEMO_DIR)

.PHONY: test
test: $(STAMP) ## Run the whole test suite
	$(BIN)/python -m pytest -q

.PHONY: lint
lint: $(STAMP) ## ruff, mypy and the import contracts
	$(BIN)/ruff check jhro_tui tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

.PHONY: check
check: lint test ## Lint, type-check, import contracts, then tests

.PHONY: snapshot-update
snapshot-update: $(STAMP) ## Accept the current look of the snapshot tests
	$(BIN)/python -m pytest -q tests/ui --snapshot-update

.PHONY: i18n
i18n: $(STAMP) ## Extract new strings into the .po catalogs (then translate the French ones)
	$(BIN)/python -m jhro_tui.i18n.catalogs

.PHONY: bench
bench: $(STAMP) ## Measure against a 100,000-case caseload; writes bench/RESULTS.md
	$(BIN)/python -m bench.run
