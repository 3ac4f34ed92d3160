#!/usr/bin/env python3
"""kubelet-lite's benchmark: the timing and size budgets of design.md §4, measured on this machine.

Run by `make bench` against the release build. Prints figures and ratios; asserts nothing
(timing goals are measured here, behaviour is asserted by the tests).
"""
import json, os, signal, socket, statistics, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("KUBELET_LITE", os.path.join(ROOT, ".build/release/kubelet-lite"))
WORK = tempfile.mkdtemp(prefix="kl-bench-")


def rfc3339(ts):
    # 2026-11-29T01:02:03.123456Z -> seconds (date part ignored except day arithmetic within a run)
    date, clock = ts.rstrip("Z").split("T")
    h, m, s = clock.split(":")
    day = int(date.split("-")[2])
    return day * 86400 + int(h) * 3600 + int(m) * 60 + float(s)


def pod(name, containers, policy="Always", grace=5, extra=None):
    spec = {"restartPolicy": policy, "terminationGracePeriodSeconds": grace, "containers": containers}
    spec.update(extra or {})
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": spec}


def container(name, command, **kw):
    c = {"name": name, "image": "busybox", "command": command}
    c.update(kw)
    return c


RUNNING = []


def start(manifest, *flags, events=None, state=None):
    """Runs `apply -o json`; with `events` (a path) its stdout, one Event per occurrence, goes there."""
    path = os.path.join(WORK, manifest["metadata"]["name"] + ".json")
    with open(path, "w") as f:
        json.dump(manifest, f)
    state = state or os.path.join(WORK, "state")
    out = open(events, "w") if events else subprocess.DEVNULL
    p = subprocess.Popen([BIN, "apply", path, "-o", "json", "--state-dir", state, *flags],
                         stdout=out, stderr=subprocess.DEVNULL, text=True)
    RUNNING.append(p)
    return p, os.path.join(state, "pods", "default_" + manifest["metadata"]["name"])


def wait_for(cond, timeout=30):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.005)
    return False


def read_bytes(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return b""


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def spawn_floor(n):
    """A bare posix_spawn of `sleep 3600` from C, per process, not waiting for it (the design's floor)."""
    src = os.path.join(WORK, "floor.c")
    exe = os.path.join(WORK, "floor")
    with open(src, "w") as f:
        f.write(r'''#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <signal.h>
extern char **environ;
int main(int c, char **v) { int n = atoi(v[1]); struct timespec a, b; clock_gettime(CLOCK_MONOTONIC, &a);
  pid_t *ps = calloc(n, sizeof *ps);
  for (int i = 0; i < n; i++) { char *args[] = {"sleep", "3600", 0};
    posix_spawn(&ps[i], "/bin/sleep", 0, 0, args, environ); }
  clock_gettime(CLOCK_MONOTONIC, &b);
  for (int i = 0; i < n; i++) { int st; kill(ps[i], 9); waitpid(ps[i], &st, 0); }
  printf("%f\n", ((b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9) / n); return 0; }''')
    subprocess.run(["cc", "-O2", "-o", exe, src], check=True)
    return float(subprocess.run([exe, str(n)], capture_output=True, text=True).stdout)


HERE = os.path.dirname(os.path.abspath(__file__))


def build_c(name):
    """Compiles Tests/Bench/NAME.c into the scratch directory."""
    exe = os.path.join(WORK, name)
    if not os.path.exists(exe):
        subprocess.run(["cc", "-O2", "-o", exe, os.path.join(HERE, name + ".c")], check=True)
    return exe


def stamps(path, count, timeout=30):
    """The CLOCK_MONOTONIC stamps the bench child wrote, once there are `count` of them."""
    def read():
        try:
            with open(path) as f:
                return [float(x) for x in f.read().split()]
        except OSError:
            return []
    wait_for(lambda: len(read()) >= count, timeout)
    return read()


class Floor:
    """The C floor: a supervisor that only spawns, restarts at once, and forwards SIGTERM."""
    name = "floor"

    def __init__(self):
        self.exe = build_c("floor")

    def launch(self, command):
        return subprocess.Popen([self.exe, *command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class KubeletLite:
    """kubelet-lite running the same command as a one-container pod (restartPolicy Always)."""
    name = "kubelet-lite"

    def __init__(self, state=None):
        self.runs = 0
        self.state = state

    def launch(self, command):
        self.runs += 1
        p, _ = start(pod(f"cmp{self.runs}", [container("c", command)]), "--quiet", state=self.state)
        return p


def compare(label, measure, runs, note="", state=None):
    """Runs `measure(supervisor)` `runs` times for the floor and for kubelet-lite (its state
    directory at `state`, else on the scratch disk), interleaved, and prints the medians with their ratio."""
    supervisors = [Floor(), KubeletLite(state)]
    samples = {s.name: [] for s in supervisors}
    for _ in range(runs):
        for s in supervisors:
            value = measure(s)
            if value is not None:
                samples[s.name].append(value)
    floor = statistics.median(samples["floor"]) if samples["floor"] else float("nan")
    ours = statistics.median(samples["kubelet-lite"]) if samples["kubelet-lite"] else float("nan")
    print(f"{label}: floor {floor*1000:.2f} ms, kubelet-lite {ours*1000:.2f} ms ({ours/floor:.1f}x the floor; "
          f"medians of {runs}){note}")
    return floor, ours


def measure_start(s):
    """Launch of the supervisor → the child's first instruction."""
    out = os.path.join(WORK, f"start-{time.monotonic_ns()}")
    t0 = time.monotonic()
    p = s.launch([build_c("child"), "start", out])
    got = stamps(out, 1)
    p.send_signal(signal.SIGTERM)
    p.wait()
    return got[0] - t0 if got else None


def measure_restart(s):
    """The child's exit → the next instance's first instruction (the first restart: no back-off)."""
    out = os.path.join(WORK, f"restart-{time.monotonic_ns()}")
    p = s.launch([build_c("child"), "crash-once", out, out + ".marker"])
    got = stamps(out, 3)
    p.send_signal(signal.SIGTERM)
    p.wait()
    return got[2] - got[1] if len(got) >= 3 else None


def measure_term(s):
    """SIGTERM to the supervisor → the child got it, and → the supervisor exited (a pair)."""
    out = os.path.join(WORK, f"term-{time.monotonic_ns()}")
    p = s.launch([build_c("child"), "term", out])
    stamps(out, 1)
    time.sleep(0.1)  # settled: what is measured is the signal's path, not the start
    t0 = time.monotonic()
    p.send_signal(signal.SIGTERM)
    p.wait()
    exited = time.monotonic() - t0
    got = stamps(out, 2, timeout=5)
    return (got[1] - t0, exited) if len(got) >= 2 else None


def bench_against_floor(runs, state=None, where=""):
    compare(f"start{where}: launch → the child's first instruction", measure_start, runs, state=state)
    compare(f"first restart{where}: exit → the next instance's first instruction", measure_restart, runs,
            state=state)
    pairs = {"floor": [], "kubelet-lite": []}

    def term(s):
        v = measure_term(s)
        if v:
            pairs[s.name].append(v)
        return v[0] if v else None
    compare(f"shutdown{where}: SIGTERM to the supervisor → the child got SIGTERM", term, runs, state=state)
    floor = statistics.median(x[1] for x in pairs["floor"])
    ours = statistics.median(x[1] for x in pairs["kubelet-lite"])
    print(f"shutdown{where}: SIGTERM to the supervisor → the supervisor exited: floor {floor*1000:.2f} ms, "
          f"kubelet-lite {ours*1000:.2f} ms ({ours/floor:.1f}x the floor)")


def cpu_seconds(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


def bench_storm(n, seconds):
    """n containers exiting at once, restarted after 1 ms: restarts per second, supervisor CPU per
    restart, and how long SIGTERM takes to end it all during the storm."""
    m = pod("storm", [container(f"c{i}", ["false"]) for i in range(n)])
    p, d = start(m, "--quiet", "--backoff-initial", "0.001", "--backoff-max", "0.001")

    def restarts():
        doc = read_json(d + "/pod.json") or {}
        return sum(c.get("restartCount", 0) for c in doc.get("status", {}).get("containerStatuses", []))
    wait_for(lambda: restarts() >= n)
    c0, r0 = cpu_seconds(p.pid), restarts()
    time.sleep(seconds)
    c1, r1 = cpu_seconds(p.pid), restarts()
    t0 = time.monotonic()
    p.send_signal(signal.SIGTERM)
    p.wait()
    took = time.monotonic() - t0
    done = max(r1 - r0, 1)
    size = os.path.getsize(d + "/events.jsonl")
    print(f"crash storm: {n} containers restarted after 1 ms: {done/seconds:.0f} restarts/s, supervisor CPU "
          f"{(c1-c0)/done*1000:.2f} ms per restart; SIGTERM during the storm → kubelet-lite gone {took*1000:.0f} ms "
          f"later; events.jsonl {size/1024:.0f} KiB")


def bench_cat_floor(mib):
    """The floor of the log path: the same lines copied from a pipe to a file by cat."""
    out = os.path.join(WORK, "cat.out")
    t0 = time.monotonic()
    subprocess.run(["sh", "-c", f"yes 0123456789012345678901234567890123456789012345678901234567890123456789012345678 "
                    f"| head -c {mib}M | cat > {out}"], check=True)
    dt = time.monotonic() - t0
    os.unlink(out)
    return mib / dt


def rss_kib(pid):
    """A process's resident set (VmRSS), in KiB; 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0


def tmpfs_state_dir():
    """A state dir on a tmpfs, as /run (the default's home) is on most hosts; None if there is none."""
    try:
        with open("/proc/mounts") as f:
            if not any(l.split()[1] == "/dev/shm" and l.split()[2] == "tmpfs" for l in f):
                return None
        return tempfile.mkdtemp(prefix="kl-bench-", dir="/dev/shm")
    except OSError:
        return None


def bench_start(n, floor, state=None, where=""):
    m = pod(f"start{n}", [container(f"c{i}", ["sleep", "3600"]) for i in range(n)])
    t0 = time.monotonic()
    p, d = start(m, state=state)
    # A byte search, not a parse: parsing the pod.json of 1 000 containers (700 KB) every 5 ms kept
    # one of the two cores busy, and the start measured was the start beside that poller.
    ok = wait_for(lambda: b'"phase": "Running"' in read_bytes(d + "/pod.json"))
    wall = time.monotonic() - t0
    doc = read_json(d + "/pod.json")
    started = [rfc3339(s["state"]["running"]["startedAt"]) for s in doc["status"]["containerStatuses"]]
    first = rfc3339(doc["status"]["startTime"])
    internal = max(started) - first
    rss = rss_kib(p.pid)
    t1 = time.monotonic()
    p.send_signal(signal.SIGTERM)
    p.wait()
    stop = time.monotonic() - t1
    per = internal / n
    print(f"start{where}  {n:>3} containers: all running {internal*1000:7.2f} ms after the pod started "
          f"({per*1000:.3f} ms each; floor {floor*1000:.3f} ms; over floor {(per-floor)*1000:+.3f} ms); "
          f"apply→Running seen {wall*1000:.0f} ms; stop on SIGTERM {stop*1000:.1f} ms; supervisor RSS {rss/1024:.1f} MiB "
          f"(goal 10 MiB + 50 KiB each: {(10240 + 50*n)/1024:.1f} MiB)" + ("" if ok else "  [TIMEOUT]"))
    return internal, stop


def bench_restart():
    # The first instance exits at once; the second stays up, so both timestamps are in one status.
    marker = os.path.join(WORK, "restarted")
    m = pod("restart", [container("c", ["sh", "-c", f"[ -f {marker} ] && exec sleep 60; touch {marker}; exit 1"])])
    p, d = start(m)

    def running_again():
        s = ((read_json(d + "/pod.json") or {}).get("status", {}).get("containerStatuses") or [{}])[0]
        return s.get("restartCount", 0) >= 1 and "running" in s.get("state", {})
    wait_for(running_again)
    s = read_json(d + "/pod.json")["status"]["containerStatuses"][0]
    p.send_signal(signal.SIGTERM)
    p.wait()
    gap = rfc3339(s["state"]["running"]["startedAt"]) - rfc3339(s["lastState"]["terminated"]["finishedAt"])
    print(f"restart: exit (reaped) → next instance started {gap*1000:.3f} ms (first restart, no back-off)")


def bench_probe_lateness(seconds):
    log = os.path.join(WORK, "probe-times")
    stamp = os.path.join(WORK, "stamp")
    with open(stamp + ".c", "w") as f:
        f.write(r'''#include <stdio.h>
#include <time.h>
int main(int c, char **v) { struct timespec t; clock_gettime(CLOCK_REALTIME, &t);
  FILE *f = fopen(v[1], "a"); fprintf(f, "%ld.%09ld\n", (long)t.tv_sec, t.tv_nsec); fclose(f); return 0; }''')
    subprocess.run(["cc", "-O2", "-o", stamp, stamp + ".c"], check=True)
    m = pod("lateness", [container("c", ["sleep", "3600"], livenessProbe={
        "exec": {"command": [stamp, log]}, "periodSeconds": 1})])
    p, d = start(m)
    wait_for(lambda: (read_json(d + "/pod.json") or {}).get("status", {}).get("phase") == "Running")
    started = rfc3339(read_json(d + "/pod.json")["status"]["containerStatuses"][0]["state"]["running"]["startedAt"])
    time.sleep(seconds + 0.5)
    p.send_signal(signal.SIGTERM)
    p.wait()
    with open(log) as f:
        runs = [float(x) for x in f.read().split()]
    # Wall-clock epoch seconds; startedAt is RFC 3339 of the same clock: compare within the day.
    day0 = int(runs[0] // 86400) * 86400
    late = []
    for k, r in enumerate(runs):
        due = started + k  # grid: startedAt + initialDelay(0) + k * period
        late.append((r - day0) - (due - int(started // 86400) * 86400))
    late_ms = [x * 1000 for x in late]
    print(f"probe lateness over {len(runs)} runs of a 1 s exec probe (the probe program's first instruction vs "
          f"its grid, so two process starts included): "
          f"median {statistics.median(late_ms):.2f} ms, worst {max(late_ms):.2f} ms, best {min(late_ms):.2f} ms")


def stamp_program():
    """A C program appending CLOCK_REALTIME to a file: a probe whose first instruction is timed."""
    stamp = os.path.join(WORK, "stamp")
    if not os.path.exists(stamp):
        with open(stamp + ".c", "w") as f:
            f.write(r'''#include <stdio.h>
#include <time.h>
int main(int c, char **v) { struct timespec t; clock_gettime(CLOCK_REALTIME, &t);
  FILE *f = fopen(v[1], "a"); fprintf(f, "%ld.%09ld\n", (long)t.tv_sec, t.tv_nsec); fclose(f); return 0; }''')
        subprocess.run(["cc", "-O2", "-o", stamp, stamp + ".c"], check=True)
    return stamp


def events(path):
    """The Events of an `apply -o json` output file, one per occurrence."""
    try:
        with open(path) as f:
            return [json.loads(l) for l in f if l.strip()]
    except OSError:
        return []


def bench_backoff():
    """The crash-loop back-off against its schedule (make test asserts only its order of magnitude)."""
    m = pod("backoff", [container("c", ["sh", "-c", "exit 1"])])
    log = os.path.join(WORK, "backoff-events")
    p, d = start(m, "--backoff-initial", "1", "--backoff-max", "4", events=log)
    wait_for(lambda: sum(e["reason"] == "Started" for e in events(log)) >= 5, timeout=40)
    p.send_signal(signal.SIGTERM)
    p.wait()
    starts = [rfc3339(e["lastTimestamp"]) for e in events(log) if e["reason"] == "Started"]
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    late = [(g - want) * 1000 for g, want in zip(gaps, [0, 1, 2, 4])]
    print("back-off: restarts after " + ", ".join(f"{g:.3f}" for g in gaps) + " s (due 0, 1, 2, 4 s; start to start, "
          f"the instant `exit 1` included): late by {', '.join(f'{x:.1f}' for x in late)} ms")


def bench_grace_kill(runs=5):
    """SIGKILL at the grace deadline: SIGTERM to apply → exit, for a container ignoring SIGTERM (grace 2 s)."""
    m = pod("grace", [container("c", ["sh", "-c", "trap '' TERM; while true; do sleep 1; done"])], grace=2)
    took = []
    for _ in range(runs):
        p, d = start(m)
        wait_for(lambda: (read_json(d + "/pod.json") or {}).get("status", {}).get("phase") == "Running")
        time.sleep(0.2)
        t0 = time.monotonic()
        p.send_signal(signal.SIGTERM)
        p.wait()
        took.append(time.monotonic() - t0)
    over = sorted((t - 2) * 1000 for t in took)
    print(f"grace: SIGTERM to a pod whose container ignores it (grace 2 s) → kubelet-lite gone "
          f"{statistics.median(over):+.1f} ms after the deadline (median of {runs}; {over[0]:+.1f} to {over[-1]:+.1f})")


def bench_hostile_neighbour(seconds):
    """A 1 s exec probe beside a container whose HTTP probe hangs on a server that never answers."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(64)
    port = silent.getsockname()[1]
    held = []  # (connection, when accepted): kept open, never answered

    def accept():
        while True:
            try:
                held.append((silent.accept()[0], time.time()))
            except OSError:
                return
    threading.Thread(target=accept, daemon=True).start()
    log = os.path.join(WORK, "neighbour-times")
    m = pod("neighbour", [
        container("hanging", ["sleep", "3600"], readinessProbe={
            "httpGet": {"path": "/", "port": port}, "periodSeconds": 4, "timeoutSeconds": 3}),
        container("ticker", ["sleep", "3600"], livenessProbe={"exec": {"command": [stamp_program(), log]}, "periodSeconds": 1})])
    p, d = start(m)
    wait_for(lambda: (read_json(d + "/pod.json") or {}).get("status", {}).get("phase") == "Running")
    st = [s for s in read_json(d + "/pod.json")["status"]["containerStatuses"] if s["name"] == "ticker"][0]
    started = rfc3339(st["state"]["running"]["startedAt"])
    time.sleep(seconds + 0.3)
    while len(held) < 2 or time.time() - held[-1][1] > 1.5:  # stop while a probe hangs (3 s from its accept)
        time.sleep(0.02)
    t0 = time.monotonic()
    p.send_signal(signal.SIGTERM)
    p.wait()
    stop = time.monotonic() - t0
    with open(log) as f:
        runs = [float(x) for x in f.read().split()]
    late = [((r - started) - int(r - started)) * 1000 for r in runs]
    print(f"probe lateness beside a hanging HTTP probe ({len(runs)} runs of a 1 s exec probe; the neighbour's probe hangs "
          f"3 s of every 4): median {statistics.median(late):.2f} ms, worst {max(late):.2f} ms; "
          f"SIGTERM during a hang → kubelet-lite gone {stop * 1000:.1f} ms later")
    silent.close()


def bench_idle_and_memory():
    m = pod("idle", [container("c", ["sleep", "3600"])])
    p, d = start(m)
    wait_for(lambda: os.path.exists(d + "/sandbox.pid") and (read_json(d + "/pod.json") or {}).get("status", {}).get("phase") == "Running")
    time.sleep(0.3)
    pause = int(open(d + "/sandbox.pid").read())

    def cpu_and_switches(pid):
        f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        ticks = int(f[11]) + int(f[12])
        status = open(f"/proc/{pid}/status").read()
        sw = sum(int(l.split()[1]) for l in status.splitlines() if "ctxt_switches" in l)
        return ticks, sw

    c0, s0 = cpu_and_switches(p.pid)
    time.sleep(5)
    c1, s1 = cpu_and_switches(p.pid)
    rss = [l for l in open(f"/proc/{p.pid}/status").read().splitlines() if l.startswith("VmRSS")][0].split()[1]
    pss = [l for l in open(f"/proc/{pause}/smaps_rollup").read().splitlines() if l.startswith("Pss:")][0].split()[1]
    own = [l for l in open(f"/proc/{p.pid}/smaps_rollup").read().splitlines() if l.startswith("Pss:")][0].split()[1]
    p.send_signal(signal.SIGTERM)
    p.wait()
    print(f"idle 5 s: supervisor CPU {c1-c0} ticks, {s1-s0} context switches (wake-ups); "
          f"supervisor RSS {int(rss)/1024:.1f} MiB, PSS {int(own)/1024:.1f} MiB; pause PSS {int(pss)} KiB")


def bench_log_throughput(mib):
    m = pod("logs", [container("c", ["sh", "-c", f"yes 0123456789012345678901234567890123456789012345678901234567890123456789012345678 | head -c {mib}M"])],
            policy="Never")
    t0 = time.monotonic()
    p, d = start(m, "--quiet", "--container-log-max-size", "8Gi")  # no rotation: the write path alone
    p.wait()
    dt = time.monotonic() - t0
    size = os.path.getsize(d + "/logs/c/0.log")
    cat = bench_cat_floor(mib)
    print(f"log throughput: {mib} MiB of 80-byte lines through kubelet-lite to its CRI log in {dt:.2f} s "
          f"= {mib/dt:.0f} MiB/s of container output ({size/2**20:.0f} MiB written with timestamps); "
          f"cat from a pipe to a file: {cat:.0f} MiB/s ({mib/dt/cat:.2f}x cat)")


def yaml_manifest(lines):
    """A Pod of about `lines` lines of block-style YAML (containers with env, ports, probes, a literal
    script), and the same data as JSON."""
    out = ["apiVersion: v1", "kind: Pod", "metadata:", "  name: big", "spec:", "  containers:"]
    containers = []
    i = 0
    while len(out) < lines:
        script = f"echo stopping {i}\nsleep 1\necho done\n"
        containers.append(container(f"c{i}", ["sh", "-c", f"echo hello {i}; sleep 3600"],
                                    env=[{"name": f"VAR_{i}", "value": f"value {i}"}],
                                    ports=[{"containerPort": 8000 + i, "protocol": "TCP"}],
                                    livenessProbe={"exec": {"command": ["cat", "/tmp/healthy"]}, "periodSeconds": 5},
                                    lifecycle={"preStop": {"exec": {"command": ["sh", "-c", script]}}}))
        out += [f"  - name: c{i}", "    image: busybox", f'    command: ["sh", "-c", "echo hello {i}; sleep 3600"]',
                "    env:", f"    - name: VAR_{i}", f'      value: "value {i}"', "    ports:",
                f"    - containerPort: {8000 + i}", "      protocol: TCP", "    livenessProbe:", "      exec:",
                "        command: [cat, /tmp/healthy]", "      periodSeconds: 5", "    lifecycle:", "      preStop:",
                "        exec:", "          command:", "          - sh", "          - -c", "          - |",
                f"            echo stopping {i}", "            sleep 1", "            echo done"]
        i += 1
    return "\n".join(out) + "\n", json.dumps(pod("big", containers, grace=30) | {"spec": {"containers": containers}})


def bench_yaml(runs):
    """validate of a 10 000-line manifest, YAML against its JSON twin; hostile YAML refused."""
    text, twin = yaml_manifest(10_000)
    files = {}
    for name, body in (("big.yaml", text), ("big.json", twin)):
        files[name] = os.path.join(WORK, name)
        with open(files[name], "w") as f:
            f.write(body)
    laughs = "a: &a [" + ", ".join(["lol"] * 9) + "]\n" + "".join(
        f"{n}: &{n} [" + ", ".join([f"*{p}"] * 9) + "]\n" for p, n in zip("abcdefghi", "bcdefghij"))
    files["laughs.yaml"] = os.path.join(WORK, "laughs.yaml")
    files["deep.yaml"] = os.path.join(WORK, "deep.yaml")
    with open(files["laughs.yaml"], "w") as f:
        f.write(laughs)
    with open(files["deep.yaml"], "w") as f:
        f.write("[" * 1_000_000)
    times = {}
    for name, path in files.items():
        samples = []
        for _ in range(runs):
            t0 = time.monotonic()
            subprocess.run([BIN, "validate", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            samples.append(time.monotonic() - t0)
        times[name] = statistics.median(samples)
    print(f"yaml: validate of a {text.count(chr(10))}-line manifest: YAML {times['big.yaml']*1000:.1f} ms, "
          f"its JSON twin {times['big.json']*1000:.1f} ms (reading YAML adds "
          f"{(times['big.yaml'] - times['big.json'])*1000:.1f} ms); billion laughs refused in "
          f"{times['laughs.yaml']*1000:.1f} ms, 1 000 000 nested '[' refused in {times['deep.yaml']*1000:.1f} ms "
          f"(medians of {runs} runs, whole process)")


def bench_interrupt(runs):
    """Ctrl-C (SIGINT) to the exit of logs -f, delete's wait and get -w: the budget is 0.5 s."""
    ticker = container("c", ["sh", "-c", "trap '' TERM; while true; do echo tick; sleep 0.1; done"])
    p, pod_dir = start(pod("interrupted", [ticker], grace=60))
    state = os.path.dirname(os.path.dirname(pod_dir))
    wait_for(lambda: os.path.exists(os.path.join(pod_dir, "logs", "c", "0.log")))
    verbs = {"logs -f": ["logs", "-f", "interrupted"], "delete (waiting)": ["delete", "interrupted"],
             "get -w": ["get", "-w"]}
    for label, args in verbs.items():
        times = []
        for _ in range(runs):
            v = subprocess.Popen([BIN, *args, "--state-dir", state], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            time.sleep(0.2)  # let it reach its wait: what is measured is the signal's effect
            sent = time.monotonic()
            v.send_signal(signal.SIGINT)
            v.wait()
            times.append(time.monotonic() - sent)
        print(f"interrupt: SIGINT to the exit of {label}: median {statistics.median(times)*1000:.2f} ms, "
              f"worst {max(times)*1000:.2f} ms over {runs} runs (budget 500 ms)")
    p.kill()
    p.wait()


def main():
    quick = "--quick" in sys.argv
    only = next((a.split("=", 1)[1].split(",") for a in sys.argv if a.startswith("--only=")), None)
    if not os.access(BIN, os.X_OK):
        sys.exit(f"no binary at {BIN}: run make release")
    print(f"kubelet-lite bench: {BIN}; {os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M:%S')}")
    # --only=floor,start,storm,restart,backoff,grace,idle,logs,yaml,interrupt,lateness,neighbour runs just those.
    def wanted(name):
        return only is None or name in only
    if wanted("floor"):
        bench_against_floor(5 if quick else 21)
        # The same with the state directory on a tmpfs, as under /run, the default's home on most
        # hosts: on ext4 each file the start and the stop create or remove costs tens of µs.
        shm = tmpfs_state_dir()
        if shm:
            bench_against_floor(5 if quick else 21, state=shm, where=" (state on tmpfs)")
            subprocess.run(["rm", "-rf", shm])
    if wanted("start"):
        floor = spawn_floor(100)
        print(f"floor: bare posix_spawn of a process from C (not waiting for it): {floor*1000:.3f} ms per process")
        for n in (1, 10, 100) if quick else (1, 10, 100, 1000):
            bench_start(n, floor)
        # On ext4 every file created scans past the inodes freed in the last seconds (the kernel's
        # recently_deleted), so a disk state dir's figure depends on what ran just before.
        shm = None if quick else tmpfs_state_dir()
        if shm:
            bench_start(1000, floor, state=shm, where=" (tmpfs)")
            subprocess.run(["rm", "-rf", shm])
    if wanted("storm"):
        bench_storm(50, 3)
    for name, run in [("restart", bench_restart), ("backoff", bench_backoff), ("grace", bench_grace_kill),
                      ("idle", bench_idle_and_memory), ("logs", lambda: bench_log_throughput(256 if quick else 1024)),
                      ("yaml", lambda: bench_yaml(5 if quick else 21)),
                      ("interrupt", lambda: bench_interrupt(5 if quick else 20)),
                      ("lateness", lambda: bench_probe_lateness(10 if quick else 60)),
                      ("neighbour", lambda: bench_hostile_neighbour(10 if quick else 30))]:
        if wanted(name):
            run()
    subprocess.run(["rm", "-rf", WORK])


if __name__ == "__main__":
    try:
        main()
    finally:
        # A failed measurement must not leave a pod running.
        for p in RUNNING:
            if p.poll() is None:
                # Two SIGINTs at once are one request now (lifecycle §D6): SIGKILL, and the pod dies
                # with its supervisor (architecture §5.5).
                p.kill()
                p.wait()
