# msoko — the two commands of the README:
#   make demo   install the system libraries if missing, build, run the sample district
#   make test   install the system libraries if missing, run the whole test suite

SWIFT      ?= swift
PIPELINE   ?= Pipelines/mosalsk.yaml
OUT        ?= out/mosalsk
# libsqlite3-dev: the system SQLite that GRDB links through its module map (the history store).
# zlib1g-dev: zlib, for reading Office files (ZIPFoundation) and writing them (CMsokoZlib).
DEB_PACKAGES := libopenblas-dev liblapack-dev pkg-config libsqlite3-dev zlib1g-dev
# The browser check of `make test` (issue 12): headless Chromium and rsvg-convert.
TEST_DEB_PACKAGES := chromium librsvg2-bin

.PHONY: demo test build deps test-deps bench sample-data clean fuzz fuzz-build notebooks docs

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

# The DocC catalogs of the library modules (Sources/<Module>/Documentation.docc),
# built with swift-docc-plugin; a documentation warning fails the build.
# Not part of `make test`: it builds every module's symbol graph again.
DOC_TARGETS := MsokoLinearAlgebra MsokoStatistics MsokoClustering MsokoModel MsokoIngest \
               MsokoStore MsokoAnalysis MsokoCharts MsokoReport MsokoPipeline
docs: deps
	$(SWIFT) package generate-documentation $(foreach target,$(DOC_TARGETS),--target $(target)) --warnings-as-errors

# libFuzzer targets (Fuzz/README.md): the libraries are built with
# coverage instrumentation into their own build folder, each target file is
# compiled with the shared entry points and linked with their objects.
# `make fuzz FUZZ_SECONDS=600` runs each target that long; findings are
# written to $(FUZZ_BUILD)/findings/, the growing corpus to $(FUZZ_BUILD)/corpus/.
FUZZ_BUILD   ?= .build-fuzz
FUZZ_TARGETS ?= csv office yaml values
FUZZ_SECONDS ?= 60
FUZZ_BIN      = $(FUZZ_BUILD)/release
FUZZ_OBJECTS  = MsokoModel MsokoIngest MsokoAnalysis MsokoClustering MsokoStatistics MsokoLinearAlgebra Yams CYaml ZIPFoundation \
                Crypto CryptoBoringWrapper CCryptoBoringSSL CCryptoBoringSSLShims
FUZZ_MAPS     = Sources/COpenBLAS/module.modulemap Sources/CMsokoZlib/module.modulemap $(FUZZ_BUILD)/checkouts/Yams/Sources/CYaml/include/module.modulemap \
                $(FUZZ_BUILD)/checkouts/ZIPFoundation/Sources/CZLib/module.modulemap \
                $(FUZZ_BUILD)/checkouts/swift-crypto/Sources/CCryptoBoringSSL/include/module.modulemap \
                $(FUZZ_BUILD)/checkouts/swift-crypto/Sources/CCryptoBoringSSLShims/include/module.modulemap

fuzz-build: deps
	$(SWIFT) build -c release --build-path $(FUZZ_BUILD) --target MsokoIngest -Xswiftc -sanitize=fuzzer
	$(SWIFT) build -c release --build-path $(FUZZ_BUILD) --target MsokoAnalysis -Xswiftc -sanitize=fuzzer
	@for t in $(FUZZ_TARGETS); do \
	  echo "linking $(FUZZ_BUILD)/fuzz_$$t"; \
	  swiftc -O -sanitize=fuzzer -parse-as-library -module-name Fuzz_$$t -I $(FUZZ_BIN)/Modules \
	    $(addprefix -Xcc -fmodule-map-file=,$(FUZZ_MAPS)) \
	    Fuzz/FuzzEntryPoints.swift Fuzz/fuzz_$$t.swift \
	    $$(for m in $(FUZZ_OBJECTS); do find $(FUZZ_BIN)/$$m.build -name "*.o"; done) \
	    -lopenblas -lz -o $(FUZZ_BUILD)/fuzz_$$t || exit 1; \
	done

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/findings/$$t; \
	  echo "fuzz_$$t for $(FUZZ_SECONDS) s"; \
	  SWIFT_BACKTRACE=enable=no $(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
	    -max_len=65536 -print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/findings/$$t/ \
	    $(FUZZ_BUILD)/corpus/$$t Fuzz/corpus/$$t 2>&1 | tail -n 12 || exit 1; \
	done

# Regenerates the committed synthetic district (a test checks it is current):
# the canonical files and the folders of native files of the latest year.
SAMPLE_NATIVE := self-assessment passports surveys contests navigator
sample-data: build
	$(SWIFT) run -c release msoko sample --out .build/sample-data --schools 12 --seed 2024
	cp .build/sample-data/schools.csv .build/sample-data/observations.csv .build/sample-data/README.md Datasets/mosalsk-sample/
	rm -rf $(addprefix Datasets/mosalsk-sample/,$(SAMPLE_NATIVE))
	cp -R $(addprefix .build/sample-data/,$(SAMPLE_NATIVE)) Datasets/mosalsk-sample/

# Runs the ```sh run cells of every notebook and rewrites their output blocks,
# tables and figures (msoko notebook; a test checks every notebook is current). The debug
# build, as the test uses, so both print the same bytes.
notebooks: deps
	$(SWIFT) build --product msoko
	$$($(SWIFT) build --show-bin-path)/msoko notebook Notebooks-md/*.md

bench: build
	Benchmarks/run.sh

clean:
	rm -rf .build out
