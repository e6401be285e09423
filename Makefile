# Saebom English: `make run` starts everything, `make test` proves it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ADDRESS ?= 127.0.0.1:8000
VAR_DIR := $(or $(SAEBOM_VAR_DIR),var)
LOG_DIR := $(VAR_DIR)/log
# Setup steps log only warnings (not each page saved or search-index task run).
QUIET := LOG_LEVEL=WARNING

.PHONY: run test lint bench bench-scale clean

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
	@mkdir -p $(LOG_DIR)
	@echo "Preparing the database and starter content (details in $(LOG_DIR)/setup.log)..."
	@{ $(QUIET) $(BIN)/python manage.py migrate --noinput && \
	  $(QUIET) $(BIN)/python manage.py load_content && \
	  $(QUIET) $(BIN)/python manage.py seed_hub; } >$(LOG_DIR)/setup.log 2>&1 || \
	  { tail -n 20 $(LOG_DIR)/setup.log; exit 1; }
	@$(QUIET) $(BIN)/python manage.py seed_demo
	@echo "Saebom is starting at http://$(ADDRESS)/ (Ctrl-C stops web, worker and beat)"
	@echo "Worker and beat log to $(LOG_DIR)/worker.log and $(LOG_DIR)/beat.log"
	@trap 'kill $$(jobs -p) 2>/dev/null' INT TERM EXIT; \
	$(BIN)/celery -A cms --quiet worker --loglevel=INFO --concurrency=2 --logfile=$(LOG_DIR)/worker.log & \
	$(BIN)/celery -A cms --quiet beat --loglevel=INFO --pidfile= --logfile=$(LOG_DIR)/beat.log & \
	$(BIN)/python manage.py runserver $(ADDRESS) --noreload

test: $(VENV)/.installed-test
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

bench-scale: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks --part scale $(BENCH_ARGS)

clean:
	rm -rf var/celery var/test.sqlite3
