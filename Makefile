# Two commands: `make run` (dashboard on the bundled data) and `make test` (the whole suite).
# Both create or refresh .venv when pyproject.toml changed, and do nothing more when it did not.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@# Debian's python3 may lack ensurepip (package python3-venv): fall back to a pip-less venv
	@# and let the system pip install pip into it.
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) 2>/dev/null || $(PYTHON) -m venv --clear --without-pip $(VENV)
	@$(BIN)/python -m pip --version >/dev/null 2>&1 || $(PYTHON) -m pip --python $(BIN)/python install -q pip
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/marsad serve

# The type checker first (its configuration is [tool.mypy] in pyproject.toml), then the tests.
test: $(STAMP)
	$(BIN)/python -m mypy
	@$(BIN)/python -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure here" >&2; exit 1; fi; \
	exit $$rc

# Benchmarks print figures; bench_dashboard.py (up to 1M events) is long: run it by itself.
bench: $(STAMP)
	@for b in bench_geo bench_dates bench_extract bench_corpus articles export bench_curation bench_robust bench_lexicon; do \
	  echo "== bench/$$b.py"; $(BIN)/python bench/$$b.py || exit 1; done

clean:
	rm -rf $(VENV) data/marsad.db data/marsad.db-* .pytest_cache .mypy_cache
