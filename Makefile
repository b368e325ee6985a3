# postbind — `make book` builds the sample book into dist/, `make test` runs the suite.
# Both create the virtual environment and install what a fresh machine lacks.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Debian packages: Pango (+ HarfBuzz subsetting) and fonts for WeasyPrint; Java for EPUBCheck.
BUILD_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-dejavu-extra
TEST_PACKAGES  := default-jre-headless

.PHONY: book test check bench clean system-build system-test

book: $(STAMP) system-build
	$(BIN)/python build.py

test: $(STAMP) system-build system-test
	$(BIN)/ruff check postbind tests build.py
	$(BIN)/ruff format --check postbind tests build.py
	$(BIN)/python -m pytest -q

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

system-build:
	@PACKAGES="$(BUILD_PACKAGES)" sh .ci/system-packages.sh

system-test:
	@PACKAGES="$(TEST_PACKAGES)" sh .ci/system-packages.sh

clean:
	rm -rf dist build .pytest_cache *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
