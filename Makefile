# flashpoint — the two set-up commands are `make demo` and `make test`.
# Everything is installed into .venv from requirements.lock (every package pinned by hash).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
FP     := $(VENV)/bin/flashpoint
STAMP  := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: demo test eval bench venv clean lock crashtest loadtest fuzz

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "flashpoint needs Python >= 3.11; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

demo: $(STAMP)
	$(FP) demo

test: $(STAMP)
	$(PY) -m pytest

eval: $(STAMP)
	$(PY) -m flashpoint.evaluate --shared $(SHARED) --gate eval_baseline.json

bench: $(STAMP)
	$(PY) benchmarks/run.py --shared $(SHARED)
	$(PY) benchmarks/merge.py
	$(PY) benchmarks/escalation.py

# Crash safety: SIGKILL a real ingest, then a real watch of 20 loopback feeds, at 20 random moments each;
# resume each time, compare with a clean run.
crashtest: $(STAMP)
	$(PY) scripts/crashtest.py --kills 20

# Fuzz every reader and extraction (Hypothesis, plus heavy cases: bombs, 100,000-level nesting, 50 MB lines).
fuzz: $(STAMP)
	$(PY) fuzz/run.py --shared $(SHARED)

# The API under load: 50 concurrent clients x 2,000 mixed requests against a real server on loopback.
loadtest: $(STAMP)
	$(PY) benchmarks/loadtest.py --json bench-out/loadtest.json

# Regenerate requirements.lock after changing dependencies in pyproject.toml.
lock: $(STAMP)
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --extra test -o requirements.lock pyproject.toml
	$(PY) scripts/pin_lock.py

clean:
	rm -rf $(VENV) demo.duckdb build src/*.egg-info
