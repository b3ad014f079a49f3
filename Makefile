# make demo  — install, migrate, load the demo data and serve on http://127.0.0.1:8000
# make test  — install and run the whole test suite (extra pytest arguments: PYTEST_ARGS="...")

VENV        := .venv
PY          := $(VENV)/bin/python
STAMP       := $(VENV)/.installed
SYSTEM_PY   := $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
PYTEST_ARGS ?=

.PHONY: demo test install worker beat lint clean

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

install: $(STAMP)

$(PY):
	@test -n "$(SYSTEM_PY)" || { echo "需要 Python 3.11：未找到 python3.11 或 python3" >&2; exit 1; }
	@$(SYSTEM_PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
		|| { echo "需要 Python 3.11，$(SYSTEM_PY) 的版本不符" >&2; exit 1; }
	$(SYSTEM_PY) -m venv $(VENV)

# Reinstall only when the dependencies change; the stamp is written after a successful install.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

worker: install
	$(VENV)/bin/celery -A config worker -l info

beat: install
	$(VENV)/bin/celery -A config beat -l info

lint: install
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

clean:
	rm -rf .pytest_cache .ruff_cache .hypothesis staticfiles build *.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
