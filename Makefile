# Two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: run test lint typecheck bench rasa clean fonts

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip >/dev/null

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install -c constraints.txt -e .
	touch $@

$(TSTAMP): $(STAMP)
	$(BIN)/pip install -c constraints.txt -e '.[test,ocr]'
	touch $@

## make fonts: the Chinese fonts of the pages (fonts-noto-cjk) and of the PDF report, which
## embeds a TrueType CJK font (fonts-wqy-microhei); installed with apt-get when run as root
FONT_PKGS := fonts-noto-cjk fonts-wqy-microhei
fonts:
	@if [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] && [ -d /usr/share/fonts/opentype/noto ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing $(FONT_PKGS)"; \
	  (apt-get install -y -qq $(FONT_PKGS) || (apt-get update -qq && apt-get install -y -qq $(FONT_PKGS))) >/dev/null \
	    || echo "could not install $(FONT_PKGS): Chinese text and PDF reports need them"; \
	else echo "中文网页和 PDF 报告需要字体，请安装：sudo apt-get install $(FONT_PKGS)"; fi

## make run: install, migrate and start the gateway on http://127.0.0.1:8000 (make run PORT=8080)
PORT ?= $(or $(HOTLINE_PORT),8000)
run: $(STAMP) fonts
	$(BIN)/hotline serve --host 127.0.0.1 --port $(PORT)

## make test: install the test dependencies and run the whole suite
test: $(TSTAMP) fonts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -ra $(PYTEST_ARGS)

lint: $(TSTAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(TSTAMP)
	$(BIN)/mypy

bench: $(TSTAMP)
	$(BIN)/python bench/chat_load.py

## make rasa: build the Rasa 3.6 environment (Python 3.10), train on config/nlu and serve on :5005
rasa:
	rasa/setup.sh serve

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
