# Threadline — the two commands a new machine needs are `make demo` and `make test`.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ADS    ?= 50000
SEED   ?= 7
DB     ?= sqlite:///threadline.db
PORT   ?= 8000

.PHONY: install demo test lint typecheck pytest bench quality clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || scripts/make-venv.sh $(VENV)
	scripts/ensure-pdf-libs.sh
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv with the threadline command

demo: install  ## generate a synthetic ad world, ingest, extract, link, score, then serve the web app on it
	rm -rf demo/world && rm -f threadline.db threadline.db-wal threadline.db-shm threadline.db.linkstate threadline.db.secret
	$(BIN)/threadline simulate --ads $(ADS) --seed $(SEED) --out demo/world
	$(BIN)/threadline ingest demo/world/warc --db $(DB)
	$(BIN)/threadline extract --db $(DB)
	$(BIN)/threadline link --db $(DB)
	$(BIN)/threadline indicators --db $(DB)
	$(BIN)/threadline stats --db $(DB)
	@echo "first admin login for the web app: user admin, password below (change it or add users with threadline user add)"
	@$(BIN)/threadline user add admin --role admin --generate-password --db $(DB)
	@echo "starting the web app at http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	$(BIN)/threadline serve --db $(DB) --port $(PORT)

lint: install
	$(BIN)/ruff check threadline tests bench

typecheck: install
	$(BIN)/mypy

pytest: install
	scripts/ensure-chromium.sh
	THREADLINE_TEST_PG_URL=$${THREADLINE_TEST_PG_URL:-$$(scripts/pg-test-server.sh)} \
	  $(BIN)/pytest -n 2 -q

test: lint typecheck pytest  ## everything CI checks

bench: install  ## speed and memory figures, each with a baseline measured in the same run
	$(BIN)/python -m bench

quality: install  ## precision / recall figures against the synthetic world's truth
	$(BIN)/python -m bench.quality

clean:
	rm -rf $(VENV) demo bench-out threadline.db threadline.db-wal threadline.db-shm threadline.db.linkstate threadline.db.secret .pytest_cache .mypy_cache .ruff_cache
