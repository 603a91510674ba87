# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export OPDCRAWL_TEST_POSTGRES_URL ?= postgresql+psycopg2://opdcrawl:opdcrawl@127.0.0.1:5432/opdcrawl_test

.PHONY: test demo lint bench venv system clean deploy-check

$(BIN)/.installed: requirements.txt requirements-dev.txt setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

venv: $(BIN)/.installed

system:
	sh scripts/setup-system.sh

test: venv system
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

demo: venv
	OPDCRAWL_NEED_POSTGRES=0 OPDCRAWL_NEED_WORDPRESS=0 OPDCRAWL_NEED_SYSTEMD=0 sh scripts/setup-system.sh
	$(BIN)/opdcrawl demo --out demo-output

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: venv
	$(BIN)/python benchmarks/bench_dates.py
	$(BIN)/python benchmarks/bench_extraction.py

clean:
	rm -rf $(VENV) demo-output *.egg-info build
