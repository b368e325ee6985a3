# postbind — `make book` builds the sample book into dist/, `make test` runs the suite.
# Both create the virtual environment and install what a fresh machine lacks.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Debian packages: Pango (+ HarfBuzz subsetting) and fonts for WeasyPrint; Java for EPUBCheck.
BUILD_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-dejavu-extra fonts-linuxlibertine
# Tests: Java for EPUBCheck (a JDK: the tests run EPUBCheck in one JVM through a single-file Java launch, which
# needs the compiler); Ghostscript's CMYK ICC profile for the PDF/X test.
TEST_PACKAGES  := default-jdk-headless libgs10-common
# make check: Chromium for DAISY Ace, Calibre as a real reader's engine, Node.js for Ace itself.
CHECK_PACKAGES := chromium chromium-driver calibre libpdfbox2-java libactivation-java libjaxb-api-java
TOOLS  := .tools
ACE    := $(TOOLS)/node_modules/.bin/ace-cli

.PHONY: book test check bench clean docs pictures page-list-picture system-build system-test system-check

# An editable install leaves postbind's own modules uncompiled, and a machine that sets
# PYTHONDONTWRITEBYTECODE never caches them: every command would compile them again (~0.15 s a start).
# compileall skips what is up to date.
COMPILE := $(BIN)/python -m compileall -q postbind

book: $(STAMP) system-build
	$(COMPILE)
	$(BIN)/python build.py

test: $(STAMP) system-build system-test
	$(BIN)/ruff check postbind tests build.py
	$(BIN)/ruff format --check postbind tests build.py
	$(COMPILE)
	$(BIN)/python -m pytest -q -m "not heavy" --durations=10 -n 2 --dist loadfile

# The heavy tests: DAISY Ace and Calibre on the sample book and books built from ../shared/corpus, books of
# thousands of pages, a Dask cluster, the watch loop in Chromium; then the fuzzers on fresh examples.
check: $(STAMP) system-build system-test system-check $(ACE)
	PATH="$(CURDIR)/$(TOOLS)/node_modules/.bin:$$PATH" PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium \
		$(BIN)/python -m pytest -q -m heavy --durations=10
	POSTBIND_FUZZ=50 $(BIN)/python -m pytest -q tests/pipeline/test_fuzz.py

$(ACE):
	@command -v npm >/dev/null 2>&1 || PACKAGES="nodejs npm" sh .ci/system-packages.sh
	PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix $(TOOLS) --no-audit --no-fund --loglevel=error @daisy/ace-cli@1

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,dask]'
	touch $@

# Speed and memory against pandoc (and pandoc + WeasyPrint); writes bench/RESULTS.md.
bench: $(STAMP) system-build
	$(COMPILE)
	$(BIN)/python bench/run.py

# Generated documentation: the book.yaml reference (from the config schema) and the pictures.
docs: $(STAMP) pictures
	$(BIN)/python -m postbind.reference > docs/book-yaml.md

# The README's pictures: spreads of the sample book's PDF, the EPUB in a reader, the web edition, the cover wrap.
pictures: book
	@PACKAGES="poppler-utils calibre xvfb xauth xdotool imagemagick chromium" sh .ci/system-packages.sh
	$(BIN)/python -m postbind build book -o dist --format pdf,html
	$(BIN)/python docs/make_pictures.py dist/from-blog-to-book.pdf docs/images
	$(BIN)/python docs/make_math_picture.py docs/images/math-pdf-and-epub.png

# The README's "go to page" picture: calibre 8 (page-lists since 7.17) from Debian trixie in a chroot
# (/opt/trixie, made on first use; needs root and about 2 GB), so the system itself is left alone.
page-list-picture: $(STAMP) system-build
	@PACKAGES="poppler-utils debootstrap" sh .ci/system-packages.sh
	$(BIN)/python -m postbind build book -o dist --format epub,pdf
	sh docs/make_reader_picture.sh dist/from-blog-to-book.epub docs/images/reader-go-to-page.png 6

system-build:
	@PACKAGES="$(BUILD_PACKAGES)" sh .ci/system-packages.sh

system-test:
	@PACKAGES="$(TEST_PACKAGES)" sh .ci/system-packages.sh

system-check:
	@PACKAGES="$(CHECK_PACKAGES)" sh .ci/system-packages.sh

clean:
	rm -rf dist build .pytest_cache *.egg-info $(TOOLS)
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
