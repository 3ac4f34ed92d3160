# kubelet-lite — build, test, install.
#   make run        build and run an example pod
#   make test       every test (unit, runtime, end-to-end through the binary), then what was skipped
#   make test-release  the release build: a smoke test, then the end-to-end tests against it
#   make test-long  the long tests: the Kubernetes liveness tutorial pod verbatim (about 90 s)
#   make lint       size and documentation limits of the sources (.ci/lint)
#   make stress     make test's suite N times (N=20) with both cores busy (.ci/stress)
#   make bench      timing and size budgets, measured on the release build
#   make release    kubelet-lite-core fully static (Swift stdlib and C library) at a fixed address, stripped
#   make install    PREFIX=/usr/local DESTDIR= (kubelet-lite and its two programs, man page, systemd unit)

# The Swift toolchain: `swift` on PATH, else where this machine kind installs it. Its bin directory
# goes first on PATH for every recipe, so that the build and the tests find its other tools.
SWIFT_BIN ?= $(patsubst %/,%,$(dir $(or $(shell command -v swift 2>/dev/null),/opt/swift/usr/bin/swift)))
SWIFT   ?= $(SWIFT_BIN)/swift
export PATH := $(SWIFT_BIN):$(PATH)

CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(DESTDIR)$(PREFIX)/bin
MANDIR   = $(DESTDIR)$(PREFIX)/share/man/man1
UNITDIR  = $(DESTDIR)$(PREFIX)/lib/systemd/system
RELEASE  = .build/release
TESTLOG  = .build/test.log

.PHONY: build release test test-release test-long lint stress bench run install uninstall clean toolchain

toolchain:
	@test -x "$(SWIFT)" || { echo "make: no Swift toolchain: swift is not on PATH nor at /opt/swift/usr/bin;" \
	    "install Swift 6 (https://www.swift.org/install/linux/) and put its usr/bin on PATH, or make SWIFT=/path/to/swift" >&2; exit 1; }

build: toolchain
	$(SWIFT) build

# The two C programs are built by cc, static and without the C library (NOLIBC: their own entry
# point kl_entry, system calls of their own; Sources/CKubeletLiteShims/nolibc/kl_nolibc.h). The
# pause program starts with every container, exec probe and hook (the exec helper): a static C
# library's start-up alone made each start 1.3 ms longer here, and an idle pod's pause process
# holds 24 KiB of PSS (docs/architecture.md §5.2); SwiftPM would link the static stdlib into it.
# The kubelet-lite front blocks kubelet-lite's signals in its first instruction, before
# kubelet-lite-core's loader runs (docs/architecture.md §8.4).
NOLIBC = -O2 -Wall -D_GNU_SOURCE -static -nostdlib -ffreestanding -fno-builtin -fno-stack-protector -Wl,-e,kl_entry
# kubelet-lite-core starts with every apply, get and delete, so the loader's work counts: linked
# fully static (no loader at all: no libc and libm to find, map, relocate and bind; the C library's
# dlopen still loads the system's OpenSSL and NSS modules, which need the glibc it was built against),
# at a fixed address (no 24 000 relative relocations, each dirtying a page), exporting no symbols (the
# runtime's dladdr scans them all) and without an $ORIGIN run path (docs/architecture.md §8.11).
# The static libstdc++ comes from a directory holding only it.
# Generic types' metadata is reached through accessor functions, not by demangling a type name on
# first use: the runtime's demangler was a tenth of a short apply's CPU (§8.11).
STATICLIBS = .build/static-libs
CORE_SWIFT = -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors
CORE_LINK  = -Xlinker -no-pie -Xlinker -L$(STATICLIBS) -Xswiftc -Xclang-linker -Xswiftc -static-libgcc \
             -Xlinker --no-export-dynamic --disable-local-rpath
release: toolchain
	@mkdir -p $(STATICLIBS)
	@lib=$$($(CC) -print-file-name=libstdc++.a); case $$lib in /*) ln -sf "$$lib" $(STATICLIBS)/libstdc++.a;; \
	    *) echo "make: no static libstdc++ (libstdc++-dev); kubelet-lite-core will load the shared one" >&2;; esac
	$(SWIFT) build -c release --static-swift-stdlib -Xswiftc -static-executable $(CORE_SWIFT) $(CORE_LINK)
	$(CC) $(NOLIBC) -o $(RELEASE)/kubelet-lite-pause Sources/kubelet-lite-pause/*.c
	$(CC) $(NOLIBC) -o $(RELEASE)/kubelet-lite Sources/kubelet-lite/front.c
	strip $(RELEASE)/kubelet-lite $(RELEASE)/kubelet-lite-core $(RELEASE)/kubelet-lite-pause

# The end-to-end tests run the built binaries, so build them first. The output is kept in
# $(TESTLOG); the tests skipped on this machine (a missing optional tool, root-only or long
# tests) are listed at the end, each with the reason and how to get what it needs.
test: build
	@mkdir -p .build
	@{ $(SWIFT) test 2>&1; echo $$? > .build/test.status; } | tee $(TESTLOG)
	@.ci/skipped $(TESTLOG)
	@exit $$(cat .build/test.status)

# The static release build, which make test's debug build does not exercise (docs/architecture.md
# §8.11): the release smoke test (HOME from the password database, an HTTPS probe: both dlopen),
# then every end-to-end test against .build/release instead of .build/debug.
test-release: release
	.ci/release-smoke
	KUBELET_LITE_E2E_BIN_DIR=$(abspath $(RELEASE)) $(SWIFT) test --filter KubeletLiteEndToEndTests

# The liveness tutorial pod of examples/liveness-exec.json as written: 60 s healthy, probes every 5 s.
test-long: build
	KUBELET_LITE_LONG_TESTS=1 $(SWIFT) test --filter 'TutorialTests/livenessExecTutorialPod\(\)'

lint:
	.ci/lint

# N runs of the test suite with two busy loops on the cores; RUNS=20 by default.
stress: build
	.ci/stress $(or $(RUNS),20)

# Timing and size budgets of design.md §4, measured on the release build (about 2 minutes).
bench: release
	python3 Tests/Bench/bench.py

run: build
	.build/debug/kubelet-lite apply examples/init-containers.json --state-dir .build/state

install: release
	install -d $(BINDIR) $(MANDIR) $(UNITDIR)
	install -m 0755 $(RELEASE)/kubelet-lite $(RELEASE)/kubelet-lite-core $(RELEASE)/kubelet-lite-pause $(BINDIR)/
	install -m 0644 man/kubelet-lite.1 $(MANDIR)/kubelet-lite.1
	sed 's|/usr/local/bin/kubelet-lite|$(PREFIX)/bin/kubelet-lite|' examples/kubelet-lite@.service > $(UNITDIR)/kubelet-lite@.service
	chmod 0644 $(UNITDIR)/kubelet-lite@.service

uninstall:
	rm -f $(BINDIR)/kubelet-lite $(BINDIR)/kubelet-lite-core $(BINDIR)/kubelet-lite-pause $(MANDIR)/kubelet-lite.1 $(UNITDIR)/kubelet-lite@.service

clean:
	rm -rf .build
