# msoko — the two commands of the README:
#   make demo   install the system libraries if missing, build, run the sample district
#   make test   install the system libraries if missing, run the whole test suite

SWIFT      ?= swift
PIPELINE   ?= Pipelines/mosalsk.yaml
OUT        ?= out/mosalsk
# libsqlite3-dev: the system SQLite that GRDB links through its module map (the history store).
DEB_PACKAGES := libopenblas-dev liblapack-dev pkg-config libsqlite3-dev
# The browser check of `make test` (issue 12): headless Chromium and rsvg-convert.
TEST_DEB_PACKAGES := chromium librsvg2-bin

.PHONY: demo test build deps test-deps bench sample-data clean

PACKAGES ?= $(DEB_PACKAGES)

# OpenBLAS (with LAPACK) from Debian. We are root on the project's machines;
# anywhere else the command to run is printed.
deps:
	@missing=""; \
	for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "installing:$$missing"; \
	    (apt-get install -y --no-install-recommends $$missing || \
	     (apt-get update && apt-get install -y --no-install-recommends $$missing)) >/dev/null || exit 1; \
	  else \
	    echo "msoko needs:$$missing"; \
	    echo "run: sudo apt-get update && sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build -c release --product msoko

demo: build
	$(SWIFT) run -c release msoko run $(PIPELINE) --out $(OUT)

# Chromium is large: where it cannot be installed the browser test is skipped
# with its reason, so a failure here does not stop the suite.
test-deps:
	@$(MAKE) --no-print-directory deps PACKAGES="$(TEST_DEB_PACKAGES)" || echo "the browser check will be skipped"

test: deps test-deps
	$(SWIFT) test

# Regenerates the committed synthetic district (a test checks it is current):
# the canonical files and the folders of native files of the latest year.
SAMPLE_NATIVE := self-assessment passports surveys contests navigator
sample-data: build
	$(SWIFT) run -c release msoko sample --out .build/sample-data --schools 12 --seed 2024
	cp .build/sample-data/schools.csv .build/sample-data/observations.csv .build/sample-data/README.md Datasets/mosalsk-sample/
	rm -rf $(addprefix Datasets/mosalsk-sample/,$(SAMPLE_NATIVE))
	cp -R $(addprefix .build/sample-data/,$(SAMPLE_NATIVE)) Datasets/mosalsk-sample/

bench: build
	Benchmarks/run.sh

clean:
	rm -rf .build out
