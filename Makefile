# The two commands: `make run` starts the app, `make test` runs the whole suite.
# Both create the virtualenv and install what a fresh machine lacks on first use.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test screenshots beheer-screenshots benchmarks faulted-sync api-fuzz crash-trials translations lint clean

$(STAMP): pyproject.toml tools/system-deps.sh
	bash tools/system-deps.sh
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[server,test]"
	$(MAKE) --no-print-directory translations
	touch $(STAMP)

run: $(STAMP)
	$(PY) main.py

test: $(STAMP)
	$(PY) -m pytest -q

translations:
	@if [ -f tools/build_translations.py ]; then $(PY) tools/build_translations.py; fi

screenshots: $(STAMP)
	$(PY) tools/screenshots.py

beheer-screenshots: $(STAMP)
	$(PY) tools/beheer_screenshots.py

benchmarks: $(STAMP)
	for b in benchmarks/bench_*.py; do $(PY) $$b; done

faulted-sync: $(STAMP)
	$(PY) tools/faulted_sync.py

api-fuzz: $(STAMP)
	INSPECTOR_FUZZ_EXAMPLES=$${INSPECTOR_FUZZ_EXAMPLES:-300} $(PY) -m pytest -q -s -o timeout=7200 tests/test_api_fuzz.py

# Kill a child process editing a workspace 200 times (and its creation and a passphrase change):
# prints figures, ends with one JSON line; fails when an acknowledged edit was lost.
crash-trials: $(STAMP)
	$(PY) tools/crash_trials.py --trials 200

lint: $(STAMP)
	$(VENV)/bin/ruff check inspector ui tests main.py
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) .pytest_cache
