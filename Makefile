# Two commands matter (see README): `make demo` and `make test`.
# Everything else here is a step they run.

PYTHON      ?= python3
VENV        ?= .venv
BIN         := $(VENV)/bin
COLLECTIONS := $(CURDIR)/build/collections
PYTEST_WORKERS ?= 3
export CERTSHIFT_COLLECTIONS_PATH := $(COLLECTIONS)
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)

.PHONY: test demo venv system-deps build lint sanity unit integration sandbox-tests molecule bench clean

## make test: everything, from a fresh machine with only Python 3, in one pytest run
## (static checks and molecule scenarios are tests too, so one summary line counts all).
test: venv system-deps build
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile -q -p no:cacheprovider tests

## make demo: the whole story on the local sandbox's demo fleet
demo: venv build
	$(BIN)/python -m demo

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

# A real DNS server (BIND9) for DNS tests and headless Chromium for the HTML report test.
system-deps:
	@if command -v named >/dev/null && command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bind9 bind9-utils chromium >/dev/null; \
	else \
		echo "make test needs Debian packages bind9 and chromium: sudo apt-get install -y bind9 bind9-utils chromium"; exit 1; \
	fi

build: venv
	$(BIN)/python -c "from tests.harness import build_and_install; build_and_install('$(COLLECTIONS)')"

lint: venv
	$(BIN)/pytest -q tests/static -k "not sanity"

sanity: build
	$(BIN)/python tests/sanity/run_sanity.py

unit: venv
	$(BIN)/pytest -q tests/unit

sandbox-tests: build
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) tests/sandbox

integration: build
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) tests/integration

molecule: build
	$(BIN)/pytest -q tests/molecule

bench: venv build
	$(BIN)/python -m bench

clean:
	rm -rf build .pytest_cache acm-reports
