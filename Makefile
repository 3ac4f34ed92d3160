# kubelet-lite — build, test, install.
#   make run        build and run an example pod
#   make test       every test (unit, runtime, end-to-end through the binary)
#   make release    static Swift stdlib, stripped
#   make install    PREFIX=/usr/local DESTDIR= (binary, pause program, man page, systemd unit)

SWIFT   ?= swift
CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(DESTDIR)$(PREFIX)/bin
MANDIR   = $(DESTDIR)$(PREFIX)/share/man/man1
UNITDIR  = $(DESTDIR)$(PREFIX)/lib/systemd/system
RELEASE  = .build/release

.PHONY: build release test bench run install uninstall clean

build:
	$(SWIFT) build

# The pause program is plain C: built by cc it needs no Swift runtime, which keeps an idle pod
# (and every exec probe's helper) far below 1 MiB; SwiftPM would link the static stdlib into it.
release:
	$(SWIFT) build -c release --static-swift-stdlib
	$(CC) -O2 -Wall -D_GNU_SOURCE -o $(RELEASE)/kubelet-lite-pause Sources/kubelet-lite-pause/*.c
	strip $(RELEASE)/kubelet-lite $(RELEASE)/kubelet-lite-pause

# The end-to-end tests run the built binaries, so build them first.
test: build
	$(SWIFT) test

# Timing and size budgets of design.md §4, measured on the release build (about 2 minutes).
bench: release
	python3 Tests/Bench/bench.py

run: build
	.build/debug/kubelet-lite apply examples/init-containers.json --state-dir .build/state

install: release
	install -d $(BINDIR) $(MANDIR) $(UNITDIR)
	install -m 0755 $(RELEASE)/kubelet-lite $(RELEASE)/kubelet-lite-pause $(BINDIR)/
	install -m 0644 man/kubelet-lite.1 $(MANDIR)/kubelet-lite.1
	sed 's|/usr/local/bin/kubelet-lite|$(PREFIX)/bin/kubelet-lite|' examples/kubelet-lite@.service > $(UNITDIR)/kubelet-lite@.service
	chmod 0644 $(UNITDIR)/kubelet-lite@.service

uninstall:
	rm -f $(BINDIR)/kubelet-lite $(BINDIR)/kubelet-lite-pause $(MANDIR)/kubelet-lite.1 $(UNITDIR)/kubelet-lite@.service

clean:
	rm -rf .build
