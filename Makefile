# Two commands matter: `make run` and `make test` (see README). Both install first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint lock bench worker beat clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

run: export DJANGO_DEBUG = 1
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_catalogue
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py seed_demo_review
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Static checks: ruff (pyflakes, pycodestyle, import order, bugbear, pyupgrade) and the
# import contracts that keep the layers apart (pyproject.toml, [tool.importlinter]).
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

worker: install
	$(BIN)/celery -A opsassess worker --loglevel=INFO --concurrency=2

# With REDIS_URL: the clock that closes assessments at their deadline and sends scheduled
# reminders (one beat for the whole deployment). Without Redis the web process does it.
beat: install
	$(BIN)/celery -A opsassess beat --loglevel=INFO --schedule var/celerybeat-schedule

bench: install
	$(BIN)/python benchmarks/bench_scoring.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_exports.py

# Re-pin requirements.lock from pyproject.toml's ranges (needs the network).
lock:
	rm -rf var/lockenv && $(PYTHON) -m venv var/lockenv
	var/lockenv/bin/pip install --quiet --upgrade pip
	var/lockenv/bin/pip install --quiet '.[test]'
	var/lockenv/bin/pip freeze --exclude-editable | grep -v '^opsassess' > requirements.lock
	rm -rf var/lockenv

clean:
	rm -rf $(VENV) var/staticfiles .pytest_cache
