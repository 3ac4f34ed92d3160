#!/usr/bin/env python3
"""Crash containment trials: SIGKILL a supervisor at a random moment and look for survivors.

Each trial runs `kubelet-lite apply` on a pod made to escape (a setsid double-forking daemon, a main
process that calls setsid, one that ignores SIGTERM, a running exec probe, a running preStop hook),
kills the supervisor with SIGKILL after a random delay, and checks that within one second every
process the pod had is gone. This script is a child subreaper, so the pod's orphans come to it:
it reaps them, and a process that is still running (not a zombie) one second later is a survivor.

  containment.py BINARY TRIALS [--user UID] [--parallel N] [--seed S] [--pause-first] [--kill-helper]

Prints one line per trial and exits 0 when there was no survivor in any trial.
"""
import ctypes, os, random, signal, sys, tempfile, time, json, shutil

PR_SET_CHILD_SUBREAPER = 36

POD = {
    "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "escape"},
    "spec": {"terminationGracePeriodSeconds": 30, "containers": [
        {"name": "daemon", "image": "busybox", "command": ["sh", "-c",
            "echo $$$$ >> {D}/pids; (setsid sh -c 'echo $$$$ >> {D}/pids; exec sleep 600' &); exec sleep 600"]},
        {"name": "setsid", "image": "busybox", "command": ["setsid", "sh", "-c",
            "echo $$$$ >> {D}/pids; sleep 600 & echo $! >> {D}/pids; wait"]},
        {"name": "stubborn", "image": "busybox", "command": ["sh", "-c",
            "trap '' TERM; echo $$$$ >> {D}/pids; while :; do sleep 1; done"]},
        {"name": "probed", "image": "busybox", "command": ["sleep", "600"],
         "livenessProbe": {"exec": {"command": ["sh", "-c", "echo $$$$ >> {D}/pids; sleep 0.7"]},
                           "periodSeconds": 1, "timeoutSeconds": 5}},
        {"name": "stopping", "image": "busybox", "command": ["sh", "-c", "echo $$$$ >> {D}/pids; exec sleep 600"],
         "livenessProbe": {"exec": {"command": ["false"]}, "periodSeconds": 1, "failureThreshold": 1},
         "lifecycle": {"preStop": {"exec": {"command": ["sh", "-c",
            "echo $$$$ >> {D}/pids; setsid sleep 600 & echo $! >> {D}/pids; sleep 600"]}}}},
    ]},
}


def descendants(root):
    """Every live process below `root`, from /proc (pid -> ppid)."""
    parent = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            parent[int(name)] = int(fields[1])
        except (OSError, IndexError):
            pass
    out, frontier = set(), {root}
    while frontier:
        frontier = {p for p, pp in parent.items() if pp in frontier and p not in out}
        out |= frontier
    return out


def running(pid):
    """True if the process exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        return state not in ("Z", "X")
    except (OSError, IndexError):
        return False


def reap_all():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def start_trial(binary, user, rng, mode):
    d = tempfile.mkdtemp(prefix="kl-contain-")
    os.chmod(d, 0o755)
    pod = json.loads(json.dumps(POD).replace("{D}", d))
    with open(f"{d}/pod.json", "w") as f:
        json.dump(pod, f)
    open(f"{d}/pids", "w").close()
    os.chmod(f"{d}/pids", 0o666)
    state = f"{d}/state"
    if user is not None:
        os.mkdir(state, 0o700)
        os.chown(state, user, user)
    pid = os.fork()
    if pid == 0:
        try:
            out = os.open(f"{d}/out", os.O_WRONLY | os.O_CREAT, 0o644)
            os.dup2(out, 1)
            os.dup2(out, 2)
            if user is not None:
                os.setgroups([])
                os.setgid(user)
                os.setuid(user)
            os.execv(binary, [binary, "apply", "--quiet", "--state-dir", state, f"{d}/pod.json"])
        finally:
            os._exit(127)
    delay = rng.uniform(0.0, 2.5)
    return {"dir": d, "pid": pid, "delay": delay, "mode": mode, "start": time.monotonic()}


def kill_trial(t):
    seen = descendants(t["pid"])
    if t["mode"] == "pause-first":
        try:
            with open(f"{t['dir']}/state/pods/default_escape/sandbox.pid") as f:
                os.kill(int(f.read().split()[0]), signal.SIGKILL)
        except (OSError, ValueError):
            pass
        time.sleep(0.2)  # the supervisor starts stopping the pod: the moment under test
        seen |= descendants(t["pid"])
    os.kill(t["pid"], signal.SIGKILL)
    t["killed"] = time.monotonic()
    t["seen"] = seen


def check_trial(t):
    with open(f"{t['dir']}/pids") as f:
        recorded = {int(x) for x in f.read().split() if x.strip().isdigit()}
    candidates = t["seen"] | recorded
    deadline = t["killed"] + 1.0
    survivors = set(candidates)
    while time.monotonic() < deadline:
        reap_all()
        survivors = {p for p in survivors if running(p)}
        if not survivors:
            break
        time.sleep(0.02)
    reap_all()
    survivors = {p for p in survivors if running(p)}
    for p in survivors:
        try:
            os.kill(p, signal.SIGKILL)
        except OSError:
            pass
    return candidates, survivors


def main():
    args = sys.argv[1:]
    binary, trials = args[0], int(args[1])
    user = int(args[args.index("--user") + 1]) if "--user" in args else None
    parallel = int(args[args.index("--parallel") + 1]) if "--parallel" in args else 5
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else int(time.time())
    mode = "pause-first" if "--pause-first" in args else "plain"
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("cannot become a child subreaper", file=sys.stderr)
        return 2
    rng = random.Random(seed)
    failures = 0
    done = 0
    print(f"seed {seed}, {trials} trials, {parallel} at a time, user {user}, mode {mode}")
    while done < trials:
        batch = [start_trial(binary, user, rng, mode) for _ in range(min(parallel, trials - done))]
        for t in sorted(batch, key=lambda t: t["delay"]):
            time.sleep(max(0.0, t["start"] + t["delay"] - time.monotonic()))
            kill_trial(t)
        for t in batch:
            candidates, survivors = check_trial(t)
            done += 1
            status = "ok" if not survivors else "SURVIVORS " + " ".join(map(str, sorted(survivors)))
            print(f"trial {done}: killed after {t['delay']:.3f}s, {len(candidates)} processes: {status}")
            if survivors:
                failures += 1
                for p in sorted(survivors):
                    try:
                        print("   ", p, open(f"/proc/{p}/cmdline").read().replace("\0", " "))
                    except OSError:
                        pass
            shutil.rmtree(t["dir"], ignore_errors=True)
    reap_all()
    print(f"{failures} of {trials} trials had survivors")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
