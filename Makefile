# Saebom English: `make run` starts everything, `make test` proves it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ADDRESS ?= 127.0.0.1:8000

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Saebom needs Python 3.11 or newer (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test,dev]"
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_content
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py seed_hub
	@echo "Saebom is starting at http://$(ADDRESS)/ (Ctrl-C stops web, worker and beat)"
	@trap 'kill $$(jobs -p) 2>/dev/null' INT TERM EXIT; \
	$(BIN)/celery -A cms worker --loglevel=INFO --concurrency=2 & \
	$(BIN)/celery -A cms beat --loglevel=INFO --pidfile= & \
	$(BIN)/python manage.py runserver $(ADDRESS) --noreload

test: $(VENV)/.installed-test
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf var/celery var/test.sqlite3
