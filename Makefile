# backprop-lab: every target installs what it needs and skips what is present.
#   make build   build the page into www/ (does not serve it)
#   make serve   build, then serve www/ on http://$(HOST):$(PORT) (HOST=0.0.0.0 serves the whole network)
#   make test    every test layer: cargo test, Node contract tests, browser tests
#   make bench   benchmark figures (JSON lines), native and in headless Chromium
#   make mutants planted mutations the tests must catch, and the score

PORT ?= 8000
# The address to serve on: 127.0.0.1 (this machine only) unless asked, e.g. make serve HOST=0.0.0.0 for a lab.
HOST ?= 127.0.0.1
WASM_BINDGEN_VERSION := 0.2.130
WASM := target/wasm32-unknown-unknown/wasm/backprop_lab.wasm
CARGO_BIN := $(HOME)/.cargo/bin
export PATH := $(CARGO_BIN):$(PATH)

.PHONY: build serve test test-rust test-js test-e2e typecheck bench mutants tools wasm-target wasm-bindgen-cli chromium node-deps python-deps vendor clean

build: tools www/pkg/backprop_lab.js vendor

serve: build
	@echo "backprop-lab: open http://$(HOST):$(PORT)/"
	python3 -m http.server $(PORT) --bind $(HOST) -d www

test: build chromium test-rust typecheck test-js test-e2e

test-rust:
	cargo test --release

typecheck: node-deps
	node_modules/.bin/tsc -p tsconfig.json

test-js: build python-deps
	node --test tests/js/

test-e2e: build chromium
	node --test --test-concurrency=1 tests/e2e/

bench: build chromium
	cargo run --release --quiet --example bench
	node bench/browser.mjs

# Planted mutations (scripts/mutants.list.mjs) the tests must catch; not part of `make test`
# (about half an hour). One or a few: make mutants ONLY="page-epoch-readout core-dW-sign".
mutants: build chromium
	node scripts/mutants.mjs $(ONLY)

# ---- the page ----------------------------------------------------------------

# wasm-opt: --low-memory-unused holds because wasm-ld puts the 1 MB stack first (growing down
# to 0) and the data above it, so the low 1 KB is reached only by a stack overflow; it lets
# wasm-opt fold constant addresses (about 0.7 KB). -Oz --converge: about 0.25 KB more than -Os.
# minify-names: wasm-bindgen's import names (a module path and a hashed name each) and export
# names shortened to a letter or two, the glue renamed to match (`memory` kept): about 2 KB.
www/pkg/backprop_lab.js: $(shell find src -name '*.rs') Cargo.toml Cargo.lock .cargo/config.toml scripts/minify-names.mjs | tools
	cargo build --profile wasm --lib --target wasm32-unknown-unknown
	wasm-bindgen --target web --out-dir www/pkg --no-typescript $(WASM)
	node_modules/.bin/wasm-opt -Oz --converge --low-memory-unused --strip-producers --strip-target-features --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue www/pkg/backprop_lab_bg.wasm -o www/pkg/backprop_lab_bg.wasm
	node scripts/minify-names.mjs www/pkg/backprop_lab_bg.wasm www/pkg/backprop_lab.js
	echo '{"type":"module"}' > www/pkg/package.json

Cargo.lock:
	cargo generate-lockfile

# Front-end libraries come from npm and are copied next to the page so it works offline.
vendor: node-deps
	mkdir -p www/vendor/katex www/vendor/uplot
	cp node_modules/katex/dist/katex.min.css node_modules/katex/dist/katex.mjs www/vendor/katex/
	cp -r node_modules/katex/dist/fonts www/vendor/katex/
	cp node_modules/uplot/dist/uPlot.esm.js node_modules/uplot/dist/uPlot.min.css www/vendor/uplot/

# ---- tools -------------------------------------------------------------------

tools: wasm-target wasm-bindgen-cli node-deps

wasm-target:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

# `--locked` fails against this registry (a pinned dependency is newer than it has), so install unlocked.
wasm-bindgen-cli:
	@wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)" || \
	  { echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 4 minutes, once)"; \
	    cargo install wasm-bindgen-cli --version =$(WASM_BINDGEN_VERSION); }

node-deps: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# numpy runs the page's Python export in the tests.
python-deps:
	@python3 -c "import numpy" 2>/dev/null || { echo "installing numpy"; python3 -m pip install --quiet numpy; }

chromium:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { echo "installing Debian's chromium and chromium-driver"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }

clean:
	cargo clean
	rm -rf www/pkg www/vendor node_modules
