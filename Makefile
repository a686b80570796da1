# talksafe — the two commands a newcomer needs are `make run` and `make test`.
GO      ?= go
BIN     := .build/talksafe
ADDR    ?= localhost:8080
SHELL   := /bin/bash

# Tests run as `go test -json`, read by cmd/testtime: go test's own output,
# then the ten slowest tests and the packages' ok / FAIL lines. pipefail: a
# failed go test fails the target even if the reader did not see why.
TESTTIME := .build/testtime
GOTEST    = set -o pipefail; $(GO) test -json

.PHONY: run check test test-fast test-browser tools lint generate build bench bench-report bench-export soak db clean

## run: build, install and start PostgreSQL if needed, migrate, seed the demo world once, serve on http://localhost:8080
run: build
	@.dev/ensure-tools run
	@.dev/ensure-postgres
	TALKSAFE_DEV=1 $(BIN) serve --seed-demo --addr $(ADDR)

## check: the fast lane while working: every test but the browser tests (race detector on), then lint;
## needs gcc and PostgreSQL (`make test` installs them)
check:
	@.dev/ensure-postgres
	$(MAKE) test-fast
	$(MAKE) lint

## test: before stopping and in CI: install what the tests need (gcc, chromium, Korean and emoji fonts,
## PostgreSQL), then the fast lane, the browser lane and lint; nothing is skipped
test:
	@.dev/ensure-tools test
	@.dev/ensure-postgres
	$(MAKE) test-fast
	$(MAKE) test-browser
	$(MAKE) lint

## test-fast: every test built without tags, against the real PostgreSQL
test-fast: $(TESTTIME)
	$(GOTEST) -race -count=1 -timeout 30m ./... | $(TESTTIME)

## test-browser: the tests that drive headless Chromium (build tag browser, all named TestBrowser...)
test-browser: $(TESTTIME)
	$(GOTEST) -race -count=1 -timeout 30m -tags browser -run '^TestBrowser' ./handlers/ | $(TESTTIME)

$(TESTTIME): cmd/testtime/main.go
	$(GO) build -o $@ ./cmd/testtime

## tools: install what `make test` needs (see .dev/ensure-tools)
tools:
	@.dev/ensure-tools test

## lint: gofmt, go vet, staticcheck, deadcode (no unreachable function), and generated templ code up to date;
## the test files of every lane (browser, soak) are read too; ST1001 is off because views/ dot-imports
## views/components on purpose (every template calls T, Word, Page, ...)
LINT_TAGS := browser,soak
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) vet -tags $(LINT_TAGS) ./...
	$(GO) tool staticcheck -tags $(LINT_TAGS) -checks 'inherit,-ST1001' ./...
	@out=$$($(GO) tool deadcode -test -tags $(LINT_TAGS) ./...); \
	  if [ -n "$$out" ]; then echo "unreachable code (delete it, or use it):"; echo "$$out"; exit 1; fi
	@$(GO) tool templ generate >/dev/null 2>&1; \
	  if git rev-parse --git-dir >/dev/null 2>&1 && ! git diff --quiet -- '*_templ.go'; then \
	    echo "templ output is stale: run 'make generate' and commit the *_templ.go files"; git diff --stat -- '*_templ.go'; exit 1; fi; \
	  if git rev-parse --git-dir >/dev/null 2>&1 && [ -n "$$(git ls-files --others --exclude-standard -- '*_templ.go')" ]; then \
	    echo "generated *_templ.go files are not committed:"; git ls-files --others --exclude-standard -- '*_templ.go'; exit 1; fi

## generate: write the *_templ.go files from views/**/*.templ
generate:
	$(GO) tool templ generate

## build: the talksafe binary in .build/
build:
	$(GO) build -o $(BIN) ./cmd/talksafe

## bench: the benchmarks, with memory figures
bench:
	@.dev/ensure-tools test
	@.dev/ensure-postgres
	$(GO) test -run '^$$' -bench . -benchmem -count=1 -timeout 60m ./...

## bench-report: filing a chat report over HTTP (BenchmarkFileChatReports) side by side with pgbench sending the
## same statements (handlers/testdata/report.pgbench) over the same data, taking turns, 5 times: reports/s, sql-tps,
## ratio-to-sql, CPU per report on each side and cpu-ratio-to-sql, steal-%
bench-report:
	@.dev/ensure-tools test
	@.dev/ensure-postgres
	$(GO) test -run '^$$' -bench '^BenchmarkFileChatReports$$' -benchtime=5x -count=5 -timeout 60m ./handlers/

## bench-export: each export format over HTTP side by side with COPY of the same 1,000,000 rows, 5 times:
## rows/s, ratio-to-copy, cpu-ratio-to-copy, allocs/msg, peak heap, steal-%
bench-export:
	@.dev/ensure-tools test
	@.dev/ensure-postgres
	$(GO) test -run '^$$' -bench '^BenchmarkExport$$' -benchtime=3x -count=5 -timeout 60m ./handlers/

## soak: three `talksafe serve` instances behind HAProxy and 200 clients for 60 s; the test's own PostgreSQL cluster
## crashed and restarted at 20 s, one instance killed (SIGKILL) at 35 s and started again; prints the figures.
## Takes about two minutes with the set-up, so it is not part of `make test`.
soak:
	@.dev/ensure-tools soak
	$(GO) test -tags soak -run '^TestSoak$$' -count=1 -v -timeout 15m ./cmd/talksafe

## db: make sure a PostgreSQL server answers (starts a project-local one if only the binaries are installed)
db:
	@.dev/ensure-postgres

clean:
	rm -rf .build
