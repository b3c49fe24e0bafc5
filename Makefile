# Outward: the commands a newcomer needs. Only python3 (3.11+), make and git are assumed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export OUTWARD_DATA_DIR ?= $(CURDIR)/var

.PHONY: install run serve worker demo test test-sqlite test-postgres lint format bench bench-themes embeddings clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/dev.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Outward needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements/dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $(STAMP)

run: install
	$(BIN)/outward bootstrap
	$(BIN)/outward serve

worker: install
	$(BIN)/outward worker

demo: install
	$(BIN)/outward demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/outward makemigrations --check --dry-run
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint test-sqlite test-postgres

test-sqlite: install
	@echo "== SQLite"
	DATABASE_URL= TEST_DATABASE_URL= $(BIN)/pytest -n 2 --dist loadfile

# Runs the suite again on PostgreSQL when TEST_DATABASE_URL is set (CI sets it).
test-postgres: install
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== PostgreSQL: $$TEST_DATABASE_URL"; \
		$(BIN)/pytest -n 2 --dist loadfile; \
	elif [ -n "$$OUTWARD_REQUIRE_POSTGRES" ]; then \
		echo "OUTWARD_REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not"; exit 1; \
	else \
		echo "== PostgreSQL run skipped: TEST_DATABASE_URL is not set"; \
	fi

# Benchmarks; the analytics ones read the public data sets in $(DATA) (not in this repository).
DATA ?= ../shared/data
RATED ?=
bench: install
	$(BIN)/python bench/feedback_ingest.py
	$(BIN)/python bench/sentiment.py $(DATA)/reviews/womens_clothing_reviews.csv --repeat 9
	@if [ -n "$(RATED)" ]; then $(BIN)/python bench/sentiment_rated.py $(RATED)/*_GroundTruth.txt; \
	else echo "== sentiment_rated.py skipped: set RATED to the hutto_ICWSM_2014 folder (bench/README.md)"; fi
	$(BIN)/python bench/text_signals.py $(DATA)/reviews/womens_clothing_reviews.csv $(DATA)/tweets/spotifycares_support_requests.csv --repeat 9
	$(BIN)/python bench/rootcause_accuracy.py $(DATA)
	$(BIN)/python bench/themes.py --banking $(DATA)/banking77/train.csv --bitext $(DATA)/bitext/bitext_20k_utterances.csv
	$(BIN)/python bench/analyze_scale.py $(DATA)/reviews/womens_clothing_reviews.csv $(DATA)/tweets/spotifycares_support_requests.csv $(DATA)/banking77/train.csv --n 1000000
	$(BIN)/python bench/drivers.py $(DATA)/reviews/womens_clothing_reviews.csv
	$(BIN)/python bench/prevalence.py $(DATA)/tweets/spotifycares_support_requests.csv
	$(BIN)/python bench/emerging.py $(DATA)/tweets/spotifycares_support_requests.csv
	$(BIN)/python bench/coverage_page.py --customers 100000 --items 1000000

# Optional sentence-transformers backend: torch's CPU wheel first, or pip pulls CUDA packages.
embeddings: install
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[embeddings]'

# The theme comparison with BERTopic runs in its own environment: BERTopic is no dependency.
.venv-bench/.installed: bench/requirements-bertopic.txt pyproject.toml
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/pip install --quiet torch==2.13.0
	.venv-bench/bin/pip install --quiet -r requirements/base.lock -e . -r bench/requirements-bertopic.txt
	@touch $@

bench-themes: .venv-bench/.installed
	.venv-bench/bin/python bench/themes.py --banking $(DATA)/banking77/train.csv --bitext $(DATA)/bitext/bitext_20k_utterances.csv

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
