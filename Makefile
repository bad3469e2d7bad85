# Two commands matter (see README): `make demo` and `make test`.
# Everything else here is a step they run, and `make sandbox` / `make sandbox-stop` for trying
# the playbooks by hand (README: "Try every command against the sandbox").

PYTHON      ?= python3
VENV        ?= .venv
BIN         := $(VENV)/bin
COLLECTIONS := $(CURDIR)/build/collections
PYTEST_WORKERS ?= 3
# where `make sandbox` keeps the PID, endpoint and log of the sandbox it started
SANDBOX_DIR ?= .sandbox
APT_INSTALL := DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends
export CERTSHIFT_COLLECTIONS_PATH := $(COLLECTIONS)
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)

.PHONY: test demo sandbox sandbox-stop venv python-venv system-deps build lint sanity unit integration sandbox-tests \
	molecule bench clean

## make test: everything, from a fresh Debian machine with Python 3 and make, in one pytest run
## (static checks and molecule scenarios are tests too, so one summary line counts all).
test: venv system-deps build
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile -q -p no:cacheprovider tests

## make demo: the whole story on the local sandbox's demo fleet
demo: venv build
	$(BIN)/python -m demo

## make sandbox: the sandbox with the demo fleet, in the background; prints the shell lines that point
## the playbooks at it (stdout; notes on stderr), so `eval "$(make sandbox)"` sets them.
sandbox:
	@echo "Building the collection into build/collections ..." >&2
	@$(MAKE) -s --no-print-directory venv build >&2
	@$(BIN)/python -m sandbox start --state-dir "$(SANDBOX_DIR)"

## make sandbox-stop: stop it, by the PID `make sandbox` recorded
sandbox-stop:
	@$(BIN)/python -m sandbox stop --state-dir "$(SANDBOX_DIR)"

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt constraints.txt
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || $(MAKE) --no-print-directory python-venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

# Debian's python3 has no venv (ensurepip) until python3-venv is installed.
python-venv:
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && $(APT_INSTALL) python3-venv >/dev/null; \
	else \
		echo "$(PYTHON) cannot create a virtualenv: sudo apt-get install -y --no-install-recommends python3-venv"; exit 1; \
	fi

# A real DNS server (BIND9's named) for DNS tests and headless Chromium for the HTML report tests;
# nothing else (no recommended packages: the tests need no dig, no desktop, no GL).
system-deps:
	@if { [ -x /usr/sbin/named ] || command -v named >/dev/null; } && command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && $(APT_INSTALL) bind9 chromium >/dev/null; \
	else \
		echo "make test needs Debian packages bind9 and chromium: sudo apt-get install -y --no-install-recommends bind9 chromium"; exit 1; \
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
