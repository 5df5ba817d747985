# Front door for Canon. `make run` and `make test` work on a fresh Debian 12 machine.
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 20
FUZZ_LONG_SECONDS ?= 600
CTEST := ctest --output-on-failure -j $(JOBS)

.PHONY: all bootstrap build asan fuzz-build run test unit-test asan-test system-test fuzz-smoke fuzz bench format clean

all: build

bootstrap:
	@scripts/bootstrap --quiet

build/build.ninja: | bootstrap
	cmake --preset default >/dev/null

build: bootstrap build/build.ninja
	cmake --build --preset default -j $(JOBS)

build-asan/build.ninja: | bootstrap
	cmake --preset asan >/dev/null

asan: bootstrap build-asan/build.ninja
	cmake --build --preset asan -j $(JOBS) --target unit_tests

build-fuzz/build.ninja: | bootstrap
	cmake --preset fuzz >/dev/null

fuzz-build: bootstrap build-fuzz/build.ninja
	cmake --build --preset fuzz -j $(JOBS) --target fuzzers

## run: build and serve examples/ on 127.0.0.1:5353
run: build
	@scripts/run-example

## test: everything CI checks: unit + system tests, unit tests under ASan/UBSan, fuzz smoke runs
test: build asan fuzz-build
	cd build && $(CTEST)
	cd build-asan && $(CTEST) -L unit
	scripts/fuzz build-fuzz $(FUZZ_SECONDS)
	@echo "make test: all suites passed"

unit-test: build
	cd build && $(CTEST) -L unit

system-test: build
	cd build && $(CTEST) -L system

fuzz: fuzz-build
	scripts/fuzz build-fuzz $(FUZZ_LONG_SECONDS)

bench: build
	bench/run-all

format:
	find src bench fuzz -name '*.cc' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf build build-asan build-fuzz
