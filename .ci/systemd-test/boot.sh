#!/usr/bin/env bash
# .ci/systemd-test/boot.sh - a real systemd for kubelet-lite's service tests: Debian 12's systemd 252
# booted as PID 1 of a systemd-nspawn container on this host, whatever the host's own PID 1 is.
# Tests/KubeletLiteEndToEndTests/SystemdServiceTests.swift uses it to check the unit
# (examples/kubelet-lite@.service) against the real service manager rather than a stand-in notify
# socket: Type=notify start, reload, the watchdog and its restart, stop with EXTEND_TIMEOUT_USEC=,
# the journal, `systemd-analyze verify`. Booting takes under a second, so each test run boots a
# fresh container from a root built once per machine.
#
# Usage: boot.sh build | start | exec CMD [ARG...] | copy SRC DST | stop
#                | status | destroy
#
#   build    bootstrap the root with mmdebstrap (or debootstrap) from a Debian mirror, once:
#            about 30 s and 250 MB; does nothing if it is already built
#   start    boot it in the background; returns once `systemctl is-system-running` says running
#            (or degraded) and prints the container's leader pid; exit 1 with the end of the
#            console log if it does not boot
#   exec     run CMD inside (nsenter into the container's namespaces; clean environment; the exit
#            status and standard streams pass through)
#   copy     copy a file (replaced atomically, mode kept) or a directory's contents into the root
#   stop     orderly poweroff (SIGRTMIN+4 to the container's systemd), SIGKILL if it does not
#            power off in time; then removes the host cgroups `start` created
#   status   "running leader=... nspawn=... state=..." or "stopped" (exit 3)
#   destroy  stop and delete the root (only a root this script built: it has a marker file)
#
# Needs root, `systemd-nspawn` (apt-get install --no-install-recommends systemd-container),
# `mmdebstrap` or `debootstrap` and a Debian mirror for `build`, nsenter, ps, tar.
# (--no-install-recommends: libnss-mymachines would add itself to the host's nsswitch.conf.)
#
# Environment (all optional):
#   SYSTEMD_TEST_ROOT          root directory of the container (default /var/lib/kl-systemd-root);
#                              its basename is the machine name and names the host cgroup, so
#                              several roots with different basenames can run at once
#   SYSTEMD_TEST_SUITE         Debian suite to bootstrap (default bookworm: systemd 252)
#   SYSTEMD_TEST_MIRROR        Debian mirror (default: the one apt on this host
#                              uses for the suite, else http://deb.debian.org/debian)
#   SYSTEMD_TEST_PACKAGES      extra packages for `build`, comma or space separated
#   SYSTEMD_TEST_BOOTSTRAP     mmdebstrap (default if installed) | debootstrap
#   SYSTEMD_TEST_CGROUP        unified (default: cgroup2 inside, as on a stock Debian 12 host)
#                              | host (what nspawn picks to match the host) | legacy (v1 only)
#   SYSTEMD_TEST_NETWORK       private (default: loopback only) | host
#   SYSTEMD_TEST_NSPAWN_ARGS   extra systemd-nspawn options, split on spaces
#                              (the tests bind the Swift runtime: "--bind-ro=DIR")
#   SYSTEMD_TEST_BOOT_TIMEOUT  seconds `start` waits for boot (default 90)
#   SYSTEMD_TEST_STOP_TIMEOUT  seconds `stop` waits for poweroff (default 60)
#
# State (pid files, console log) is kept in "$SYSTEMD_TEST_ROOT.run/". The journal persists
# across boots (capped at 32 MB): query it with `journalctl --since @EPOCH` or `-b`.
#
# What systemd 252 does that a test must know: `systemctl reload` with ExecReload=kill returns
# as soon as kill exits (RELOADING=1 ... READY=1 only shows as SubState=reload in between);
# Type=notify-reload and ReloadSignal= are unknown before 253; the watchdog kills with SIGABRT,
# so test units want LimitCORE=0 (core_pattern is the host's).
# shellcheck disable=SC2016,SC2094 # single-quoted scripts run in another shell
set -euo pipefail

ROOT=${SYSTEMD_TEST_ROOT:-/var/lib/kl-systemd-root}
while [[ $ROOT == */ && $ROOT != / ]]; do ROOT=${ROOT%/}; done
SUITE=${SYSTEMD_TEST_SUITE:-bookworm}
CGROUP_MODE=${SYSTEMD_TEST_CGROUP:-unified}
NETWORK=${SYSTEMD_TEST_NETWORK:-private}
BOOT_TIMEOUT=${SYSTEMD_TEST_BOOT_TIMEOUT:-90}
STOP_TIMEOUT=${SYSTEMD_TEST_STOP_TIMEOUT:-60}
STATE=$ROOT.run
MARKER=$ROOT/etc/systemd-test-root
BASE_PACKAGES=systemd,systemd-sysv,dbus,procps,python3
# Machine name = hostname inside the container; derived from the root's name.
NAME=$(basename -- "$ROOT" | tr -c 'A-Za-z0-9\n-' '-' | cut -c1-40)
NAME=${NAME#-}
NAME=${NAME:-systemd-test}
CGROUP_LEAF=systemd-test-$NAME
CONTAINER_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

die() { echo "boot.sh: $*" >&2; exit 1; }
note() { echo "boot.sh: $*" >&2; }

need_root() { [[ $(id -u) == 0 ]] || die "must run as root"; }
need_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || die "'$c' not found (apt-get install systemd-container mmdebstrap)"
	done
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# alive PID: the process exists and is not a zombie.
alive() {
	local st
	[[ -n ${1:-} && -r /proc/$1/stat ]] || return 1
	st=$(<"/proc/$1/stat") 2>/dev/null || return 1
	st=${st##*) }
	[[ ${st:0:1} != Z ]]
}

# Prints the pid of systemd-nspawn if the container is up, else fails.
nspawn_pid() {
	local p
	[[ -r $STATE/nspawn.pid ]] || return 1
	p=$(<"$STATE/nspawn.pid")
	alive "$p" || return 1
	[[ $(readlink "/proc/$p/exe" 2>/dev/null) == */systemd-nspawn ]] || return 1
	# ... and it is the one for this root (not a reused pid).
	tr '\0' '\n' <"/proc/$p/cmdline" 2>/dev/null | grep -Fx -- "$ROOT" >/dev/null || return 1
	echo "$p"
}

# Prints the pid (as seen from the host) of the container's PID 1.
leader_pid() {
	local p l
	p=$(nspawn_pid) || return 1
	for l in $(ps -o pid= --ppid "$p" 2>/dev/null); do
		[[ $(readlink "/proc/$l/ns/pid" 2>/dev/null) != "$(readlink "/proc/$p/ns/pid")" ]] || continue
		echo "$l"
		return 0
	done
	return 1
}

# Runs a command inside the running container (all its namespaces, its root).
in_container() {
	local l=$1
	shift
	nsenter -t "$l" -a -r -w /usr/bin/env -i PATH="$CONTAINER_PATH" HOME=/root \
		LANG=C.UTF-8 TERM="${TERM:-dumb}" "$@"
}

# Runs a command inside the container's file system: in the container if it
# is running, else with chroot.
in_root() {
	local l
	if l=$(leader_pid); then
		in_container "$l" "$@"
	else
		chroot "$ROOT" /usr/bin/env -i PATH="$CONTAINER_PATH" HOME=/root LANG=C.UTF-8 "$@"
	fi
}

detect_mirror() {
	local m=
	if [[ -n ${SYSTEMD_TEST_MIRROR:-} ]]; then
		echo "$SYSTEMD_TEST_MIRROR"
		return
	fi
	if command -v apt-get >/dev/null 2>&1; then
		m=$(apt-get indextargets --format '$(RELEASE) $(COMPONENT) $(REPO_URI)' 2>/dev/null |
			awk -v s="$SUITE" '!m && $1 == s && $2 == "main" { m = $3 } END { print m }') || true
	fi
	echo "${m:-http://deb.debian.org/debian}"
}

# --- host cgroups -----------------------------------------------------------
# When the host's PID 1 is systemd, systemd-nspawn asks it (over D-Bus) for a
# scope to run in. Otherwise it runs with --keep-unit and creates "payload" and
# "supervisor" cgroups below the cgroup it was started in; we start it in a
# cgroup of its own (systemd-test-NAME) so that several containers don't share
# those names and so that `stop` can remove them.
host_is_systemd() { [[ -d /run/systemd/system ]]; }

# Prints the cgroup directories (one per line) that systemd-nspawn will use for
# this container when the host's PID 1 is not systemd.
host_cgroup_dirs() {
	local fs base
	fs=$(stat -fc %T /sys/fs/cgroup 2>/dev/null) || die "/sys/fs/cgroup is not mounted"
	if [[ $fs == cgroup2fs ]]; then
		base=$(awk -F: '$1 == "0" { print $3; exit }' /proc/self/cgroup)
		echo "/sys/fs/cgroup${base%/}/$CGROUP_LEAF"
		return
	fi
	# Legacy or hybrid: systemd tracks processes in the name=systemd hierarchy
	# and, in hybrid mode, mirrors that path in the cgroup2 mount.
	base=$(awk -F: '$2 == "name=systemd" { print $3; exit }' /proc/self/cgroup)
	[[ -n $base && $(stat -fc %T /sys/fs/cgroup/systemd 2>/dev/null) == cgroupfs ]] ||
		die "no name=systemd cgroup hierarchy at /sys/fs/cgroup/systemd; systemd-nspawn needs one on a cgroup v1 host"
	echo "/sys/fs/cgroup/systemd${base%/}/$CGROUP_LEAF"
	if [[ $(stat -fc %T /sys/fs/cgroup/unified 2>/dev/null) == cgroup2fs ]]; then
		echo "/sys/fs/cgroup/unified${base%/}/$CGROUP_LEAF"
	fi
}

remove_host_cgroups() {
	local d
	host_is_systemd && return 0
	while read -r d; do
		[[ -d $d ]] || continue
		find "$d" -depth -type d -exec rmdir {} + 2>/dev/null ||
			note "could not remove cgroup $d (processes left in it?)"
	done < <(host_cgroup_dirs)
}

# --- subcommands ------------------------------------------------------------
cmd_build() {
	need_root
	if [[ -e $MARKER ]]; then
		echo "already built: $ROOT"
		return 0
	fi
	if [[ -e $ROOT ]] && [[ -n $(ls -A "$ROOT" 2>/dev/null) ]]; then
		die "$ROOT exists and is not a root built by this script; remove it or set SYSTEMD_TEST_ROOT"
	fi
	local mirror pkgs t0 tool tmp
	mirror=$(detect_mirror)
	pkgs=$BASE_PACKAGES
	if [[ -n ${SYSTEMD_TEST_PACKAGES:-} ]]; then
		pkgs+=,$(echo "$SYSTEMD_TEST_PACKAGES" | tr -s ' ,' ',,' | sed 's/^,//; s/,$//')
	fi
	tmp=$ROOT.build.$$
	mkdir -p "$(dirname -- "$ROOT")"
	rm -rf -- "$tmp"
	BUILD_TMP=$tmp
	trap 'rm -rf -- "$BUILD_TMP"' EXIT
	t0=$(now)
	tool=${SYSTEMD_TEST_BOOTSTRAP:-}
	if [[ -z $tool ]]; then
		if command -v mmdebstrap >/dev/null 2>&1; then tool=mmdebstrap; else tool=debootstrap; fi
	fi
	need_cmd "$tool"
	case $tool in
	mmdebstrap) mmdebstrap --variant=minbase --include="$pkgs" "$SUITE" "$tmp" "$mirror" ;;
	debootstrap) debootstrap --variant=minbase --include="$pkgs" "$SUITE" "$tmp" "$mirror" ;;
	*) die "SYSTEMD_TEST_BOOTSTRAP must be mmdebstrap or debootstrap, not '$tool'" ;;
	esac

	# Make it a quiet, self-contained test machine.
	echo "$NAME" >"$tmp/etc/hostname"
	printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' \
		"$NAME" >"$tmp/etc/hosts"
	tr -d '-' </proc/sys/kernel/random/uuid >"$tmp/etc/machine-id"
	local u
	for u in apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer \
		e2scrub_all.timer e2scrub_reap.service console-getty.service; do
		ln -sfn /dev/null "$tmp/etc/systemd/system/$u"
	done
	# Keep the journal across boots (for post-mortems) but small.
	mkdir -p "$tmp/etc/systemd/journald.conf.d"
	printf '[Journal]\nSystemMaxUse=32M\n' >"$tmp/etc/systemd/journald.conf.d/size.conf"
	rm -rf "$tmp"/var/cache/apt/archives/*.deb "$tmp"/var/lib/apt/lists/* 2>/dev/null || true
	{
		echo "suite=$SUITE"
		echo "mirror=$mirror"
		echo "packages=$pkgs"
		echo "built_with=$tool"
		echo "built_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	} >"$tmp/etc/systemd-test-root"

	if [[ -e $ROOT ]]; then rmdir -- "$ROOT"; fi
	mv -- "$tmp" "$ROOT"
	trap - EXIT
	echo "built $ROOT ($(du -sm "$ROOT" | cut -f1) MB, systemd $(chroot "$ROOT" dpkg-query -W -f='${Version}' systemd)) in $(elapsed "$t0") s"
}

cmd_start() {
	need_root
	need_cmd systemd-nspawn nsenter ps setsid
	[[ -e $MARKER ]] || die "$ROOT is not built; run: $0 build"
	local l
	if l=$(leader_pid); then
		note "already running"
		echo "$l"
		return 0
	fi
	mkdir -p "$STATE"
	rm -f "$STATE/nspawn.pid" "$STATE/leader.pid"
	: >"$STATE/console.log"

	local -a args=(-D "$ROOT" --boot --machine="$NAME" --register=no
		--link-journal=no --console=read-only)
	case $NETWORK in
	private) args+=(--private-network) ;;
	host) ;;
	*) die "SYSTEMD_TEST_NETWORK must be private or host, not '$NETWORK'" ;;
	esac
	local unified
	case $CGROUP_MODE in
	unified) unified=1 ;;
	legacy) unified=0 ;;
	host) unified= ;;
	*) die "SYSTEMD_TEST_CGROUP must be unified, host or legacy, not '$CGROUP_MODE'" ;;
	esac
	local -a dirs=()
	if ! host_is_systemd; then
		args+=(--keep-unit)
		remove_host_cgroups
		mapfile -t dirs < <(host_cgroup_dirs)
	fi
	# shellcheck disable=SC2206 # word splitting is intended
	args+=(${SYSTEMD_TEST_NSPAWN_ARGS:-})

	local t0
	t0=$(now)
	(
		# Don't hand the caller's open files (pipes) to the container.
		for fd in "/proc/$BASHPID"/fd/*; do
			fd=${fd##*/}
			if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
		done
		for d in "${dirs[@]}"; do
			mkdir -p "$d"
			echo "$BASHPID" >"$d/cgroup.procs"
		done
		if [[ -n $unified ]]; then
			export SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=$unified
		else
			unset SYSTEMD_NSPAWN_UNIFIED_HIERARCHY
		fi
		# New session, so that the caller's terminal signals don't reach it;
		# the process that becomes systemd-nspawn writes its own pid.
		exec setsid /bin/sh -c 'echo $$ >"$0"; exec "$@"' "$STATE/nspawn.pid" \
			systemd-nspawn "${args[@]}"
	) </dev/null >>"$STATE/console.log" 2>&1 &
	local launcher=$!

	local deadline state='' p
	deadline=$(($(date +%s) + BOOT_TIMEOUT))
	fail() {
		note "$1"
		note "--- last lines of $STATE/console.log:"
		tail -n 25 "$STATE/console.log" >&2 || true
		if l=$(leader_pid); then
			note "--- jobs still queued in the container:"
			in_container "$l" systemctl list-jobs --no-pager >&2 2>/dev/null || true
			kill -KILL "$l" 2>/dev/null || true
		fi
		if p=$(nspawn_pid); then
			for _ in 1 2 3 4 5 6 7 8 9 10; do alive "$p" && sleep 0.5; done
			if alive "$p"; then kill -KILL "$p" 2>/dev/null || true; fi
			sleep 0.5
		fi
		remove_host_cgroups
		exit 1
	}
	while :; do
		(($(date +%s) < deadline)) || fail "container did not boot within ${BOOT_TIMEOUT}s (last state: ${state:-none})"
		if [[ ! -s $STATE/nspawn.pid ]]; then
			if ! alive "$launcher"; then
				sleep 0.5
				[[ -s $STATE/nspawn.pid ]] || fail "could not launch systemd-nspawn"
			fi
			sleep 0.1
			continue
		fi
		p=$(<"$STATE/nspawn.pid")
		if ! alive "$p"; then fail "systemd-nspawn exited"; fi
		# The container's PID 1 exists and has exec'd systemd.
		if ! l=$(leader_pid) || [[ $(cat "/proc/$l/comm" 2>/dev/null) != systemd ]]; then
			sleep 0.1
			continue
		fi
		state=$(in_container "$l" systemctl is-system-running 2>/dev/null) || true
		case $state in
		running) break ;;
		degraded)
			note "system is degraded; failed units:"
			in_container "$l" systemctl --failed --no-legend --plain >&2 || true
			break
			;;
		esac
		sleep 0.2
	done
	echo "$l" >"$STATE/leader.pid"
	note "booted in $(elapsed "$t0") s ($state); console log: $STATE/console.log"
	echo "$l"
}

cmd_exec() {
	[[ $# -gt 0 ]] || die "usage: $0 exec CMD [ARG...]"
	need_root
	local l
	l=$(leader_pid) || die "container is not running; run: $0 start"
	in_container "$l" "$@"
}

cmd_copy() {
	[[ $# -eq 2 ]] || die "usage: $0 copy SRC DST  (DST: absolute path inside the container)"
	need_root
	local src=$1 dst=$2
	[[ $dst == /* ]] || die "DST must be an absolute path inside the container: $dst"
	[[ -e $MARKER ]] || die "$ROOT is not built; run: $0 build"
	if [[ -d $src ]]; then
		# Directory: its contents go into DST (created if missing).
		tar -C "$src" -cf - . | in_root /bin/sh -c 'mkdir -p "$1" && tar -C "$1" -xf -' sh "$dst"
	elif [[ -f $src ]]; then
		# File: DST may be a directory (then the file keeps its name) or a
		# file path; the file is replaced atomically, so copying over a
		# running binary works.
		in_root /bin/sh -c '
			dst=$1 mode=$2 base=$3
			case $dst in */) mkdir -p "$dst" ;; esac
			[ -d "$dst" ] && dst=${dst%/}/$base
			mkdir -p "$(dirname "$dst")"
			cat >"$dst.tmp.$$" && chmod "$mode" "$dst.tmp.$$" && mv -f "$dst.tmp.$$" "$dst"
		' sh "$dst" "$(stat -c %a "$src")" "$(basename -- "$src")" <"$src"
	else
		die "no such file or directory: $src"
	fi
}

cmd_stop() {
	need_root
	local p l t0 deadline
	if ! p=$(nspawn_pid); then
		remove_host_cgroups
		rm -f "$STATE/nspawn.pid" "$STATE/leader.pid"
		note "not running"
		return 0
	fi
	t0=$(now)
	if l=$(leader_pid); then
		# SIGRTMIN+4 asks systemd (PID 1) for an orderly poweroff.
		kill -s SIGRTMIN+4 "$l"
	else
		kill -TERM "$p"
	fi
	deadline=$(($(date +%s) + STOP_TIMEOUT))
	while alive "$p" && (($(date +%s) < deadline)); do sleep 0.1; done
	if alive "$p"; then
		note "no poweroff within ${STOP_TIMEOUT}s; killing the container"
		if l=$(leader_pid); then kill -KILL "$l" 2>/dev/null || true; fi
		deadline=$(($(date +%s) + 10))
		while alive "$p" && (($(date +%s) < deadline)); do sleep 0.1; done
		if alive "$p"; then kill -KILL "$p" 2>/dev/null || true; fi
		sleep 0.5
	fi
	rmdir "/run/systemd/nspawn/propagate/$NAME" 2>/dev/null || true
	remove_host_cgroups
	rm -f "$STATE/nspawn.pid" "$STATE/leader.pid"
	note "stopped in $(elapsed "$t0") s"
}

cmd_status() {
	local l
	if l=$(leader_pid); then
		echo "running leader=$l nspawn=$(nspawn_pid) state=$(in_container "$l" systemctl is-system-running 2>/dev/null || true)"
	else
		echo "stopped"
		return 3
	fi
}

cmd_destroy() {
	need_root
	cmd_stop
	if [[ -e $MARKER ]]; then
		rm -rf --one-file-system -- "$ROOT"
		echo "removed $ROOT"
	elif [[ -e $ROOT ]]; then
		die "$ROOT was not built by this script; not removing it"
	fi
	rm -rf -- "$STATE"
}

usage() {
	sed -n '2,/^set -euo/{/^set -euo/d;/^# shellcheck/d;s/^# \{0,1\}//;p}' "$0"
}

cmd=${1:-}
[[ $# -gt 0 ]] && shift
case $cmd in
build) cmd_build "$@" ;;
start) cmd_start "$@" ;;
exec) cmd_exec "$@" ;;
copy) cmd_copy "$@" ;;
stop) cmd_stop "$@" ;;
status) cmd_status "$@" ;;
destroy) cmd_destroy "$@" ;;
-h | --help | help) usage ;;
*)
	usage >&2
	exit 2
	;;
esac
