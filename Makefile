# kubelet-lite — build, test, install.
#   make run        build and run an example pod
#   make test       every test (unit, runtime, end-to-end through the binary)
#   make release    static Swift stdlib, stripped
#   make install    PREFIX=/usr/local DESTDIR= (binary, pause program, man page, systemd unit)

SWIFT   ?= swift
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(DESTDIR)$(PREFIX)/bin
MANDIR   = $(DESTDIR)$(PREFIX)/share/man/man1
UNITDIR  = $(DESTDIR)$(PREFIX)/lib/systemd/system
RELEASE  = .build/release

.PHONY: build release test run install uninstall clean

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release --static-swift-stdlib
	strip $(RELEASE)/kubelet-lite $(RELEASE)/kubelet-lite-pause

# The end-to-end tests run the built binaries, so build them first.
test: build
	$(SWIFT) test

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
