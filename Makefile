# Phối hợp — two commands do everything: `make run` (demo on http://127.0.0.1:8000) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The document font is Liberation 2 (fonts-liberation2): Liberation 1.07 (fonts-liberation) lacks Ộ, Ủ, Ĩ, Ỉ, Ợ…
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-liberation2
# The document tests read PDFs as pictures (poppler-utils) and print the DOCX as an office would (LibreOffice Writer).
TEST_SYSTEM_PACKAGES := poppler-utils libreoffice-writer-nogui softhsm2

.PHONY: run test e2e lint deps test-deps venv setup messages bench vendor clean

## run: set up everything (venv, database, units, demo data) and serve the demo
run: setup
	@HOST="$(HOST)" PORT="$(PORT)" $(BIN)/python manage.py load_demo
	@echo "Phối hợp đang chạy tại http://$(HOST):$(PORT)/ — dừng bằng Ctrl+C"
	@HOST="$(HOST)" PORT="$(PORT)" SIGNING_TRUST_ROOTS="$${SIGNING_TRUST_ROOTS:-var/demo-signing/ca-thu-nghiem.pem}" SIGNING_CRLS="$${SIGNING_CRLS:-var/demo-signing/ca-thu-nghiem.crl}" \
	  EAGER_TASKS_IN_BACKGROUND="$${EAGER_TASKS_IN_BACKGROUND:-true}" $(BIN)/python manage.py runserver $(HOST):$(PORT)

setup: deps $(STAMP)
	@$(BIN)/python manage.py migrate --no-input -v 0
	@$(BIN)/python manage.py load_units

## test: set up and run the test suite (browser tests run separately: make e2e)
test: deps test-deps $(STAMP)
	$(BIN)/pytest -m "not e2e" -n 2 --dist loadfile

## e2e: the browser tests (Playwright driving Debian's Chromium at /usr/bin/chromium)
e2e: deps $(STAMP)
	@command -v chromium >/dev/null || { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; else echo "Cần cài Chromium: sudo apt-get install -y chromium"; exit 1; fi; }
	$(BIN)/pytest -m e2e tests/e2e

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

## deps: the system libraries WeasyPrint needs and a serif font with every Vietnamese letter (Ộ is U+1ED8, Ủ U+1EE6)
deps:
	@missing=""; \
	ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so' || missing="$$missing libharfbuzz-subset0"; \
	command -v fc-list >/dev/null || missing="$$missing fontconfig"; \
	{ command -v fc-list >/dev/null && fc-list 'Liberation Serif:charset=1ed8 1ee6 128 1ec8 1ee2' family | grep -q 'Liberation Serif'; } || missing="$$missing fonts-liberation2"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Cài gói hệ thống:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES); \
	  else echo "Thiếu gói hệ thống. Hãy chạy: sudo apt-get install -y $(SYSTEM_PACKAGES)"; exit 1; fi; \
	fi

## test-deps: what the document tests read PDFs and DOCX with (pdftoppm, LibreOffice Writer headless), and the
## software token (SoftHSM2) the PKCS#11 signing test keeps its key on
test-deps:
	@missing=""; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	command -v softhsm2-util >/dev/null || missing="$$missing softhsm2"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Cài gói hệ thống cho kiểm thử:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(TEST_SYSTEM_PACKAGES); \
	  else echo "Thiếu gói hệ thống cho kiểm thử. Hãy chạy: sudo apt-get install -y $(TEST_SYSTEM_PACKAGES)"; exit 1; fi; \
	fi

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	@touch $(STAMP)

venv: $(STAMP)

## messages: recompile the translation catalogues after editing locale/*/LC_MESSAGES/django.po
messages: $(STAMP)
	$(BIN)/python manage.py compilemessages --ignore=.venv

## bench: the benchmarks (PostgreSQL via DATABASE_URL); each page beside the admin changelist and its SQL's EXPLAIN
## ANALYZE as ratios, never a time asserted. Sizes default to 1M rows: BENCH_ARGS="--petitions 100000 --followups 100000"
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

## vendor: fetch again the browser libraries kept in static/vendor/ (pinned, checked; served from here, never a CDN):
## flatpickr, the date picker of the dd/mm/yyyy boxes, with its Vietnamese locale; and axe-core, the accessibility
## checker the browser tests run on every page they visit (kept in tests/e2e/vendor/, never served to users)
FLATPICKR := 4.6.13
FLATPICKR_SHA256 := 912da5a92aea3447d39ab83d83706c004c999ee9b013a6267fab3d8710e8a7a8
AXE_CORE := 4.11.1
AXE_CORE_SHA256 := 5b86f813d96904f2d925fed5715877c75fc1cc140f89565fb42145e7801b2305
vendor:
	@command -v npm >/dev/null || { echo "Cần npm: sudo apt-get install -y npm"; exit 1; }
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && cd "$$tmp" && \
	  npm pack --silent flatpickr@$(FLATPICKR) >/dev/null && \
	  echo "$(FLATPICKR_SHA256)  flatpickr-$(FLATPICKR).tgz" | sha256sum --check --quiet && \
	  tar xzf flatpickr-$(FLATPICKR).tgz && mkdir -p $(CURDIR)/static/vendor/flatpickr && \
	  cp package/dist/flatpickr.min.js package/dist/flatpickr.min.css package/dist/l10n/vn.js package/LICENSE.md \
	    $(CURDIR)/static/vendor/flatpickr/
	@echo "static/vendor/flatpickr: flatpickr $(FLATPICKR)"
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && cd "$$tmp" && \
	  npm pack --silent axe-core@$(AXE_CORE) >/dev/null && \
	  echo "$(AXE_CORE_SHA256)  axe-core-$(AXE_CORE).tgz" | sha256sum --check --quiet && \
	  tar xzf axe-core-$(AXE_CORE).tgz && mkdir -p $(CURDIR)/tests/e2e/vendor/axe-core && \
	  cp package/axe.min.js package/LICENSE $(CURDIR)/tests/e2e/vendor/axe-core/
	@echo "tests/e2e/vendor/axe-core: axe-core $(AXE_CORE)"

clean:
	rm -rf $(VENV) var
