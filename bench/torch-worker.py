"""PyTorch CPU's (and NumPy/OpenBLAS's) side of the benchmark: python3 bench/torch-worker.py torch|numpy.

Answers the line protocol of bench/protocol.ts (one JSON command per stdin line, one
"@@bench <json>" reply per command on stdout). One thread (torch.set_num_threads(1), and the
OMP/OpenBLAS/MKL variables set by run.ts) for a like-for-like comparison with Sprout.
`numpy` only runs sgemm: it is the machine's single-thread OpenBLAS reference (DESIGN.md).
"""
import gzip
import json
import os
import resource
import sys
import time

import numpy as np

TOOL = sys.argv[1] if len(sys.argv) > 1 else "torch"
PIXELS, CLASSES, THROUGHPUT_BATCHES = 784, 10, 8

if TOOL == "torch":
    import torch
    import torch.nn.functional as F
    from torch import nn

    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass  # Already set by the environment; one intra-op thread is what matters for timings.


def send(reply):
    sys.stdout.write("@@bench " + json.dumps(reply) + "\n")
    sys.stdout.flush()


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    rank = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def load(data, prefix, limit=None):
    """Images scaled to [0, 1] as float32 [n, 784] and int64 labels; random data when not installed."""
    if data["kind"] == "fashion-mnist":
        x = read_idx(os.path.join(data["directory"], prefix + "-images-idx3-ubyte.gz")).reshape(-1, PIXELS)
        y = read_idx(os.path.join(data["directory"], prefix + "-labels-idx1-ubyte.gz"))
        x = (x.astype(np.float32) / 255)
        y = y.astype(np.int64)
    else:
        n = limit or (60000 if prefix == "train" else 10000)
        rng = np.random.default_rng(1 if prefix == "train" else 2)
        x = rng.random((n, PIXELS), dtype=np.float32)
        y = rng.integers(0, CLASSES, n).astype(np.int64)
    if limit is not None:
        x, y = x[:limit], y[:limit]
    return x, y


def batch_of(x, y, batch, index):
    start = (index % (len(y) // batch)) * batch
    return x[start : start + batch], y[start : start + batch]


def mlp():
    return nn.Sequential(nn.Linear(PIXELS, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, CLASSES))


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, CLASSES),
    )


def trainer(model, batches):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    state = {"i": 0}

    def step():
        x, y = batches[state["i"] % len(batches)]
        state["i"] += 1
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        loss.item()  # As a training loop's log would; also what Sprout and TF.js do.

    return step


def to_batches(x, y, batch, image):
    out = []
    for i in range(THROUGHPUT_BATCHES):
        bx, by = batch_of(x, y, batch, i)
        tx = torch.from_numpy(bx.copy())
        out.append((tx.reshape(batch, 1, 28, 28) if image else tx, torch.from_numpy(by.copy())))
    return out


def task_key(task):
    return f"sgemm:{task['m']}x{task['k']}x{task['n']}" if task["kind"] == "sgemm" else f"{task['kind']}:{task['batch']}"


bodies = {}


def setup(task, warmup, warmup_seconds, data):
    kind = task["kind"]
    if TOOL == "numpy":
        if kind != "sgemm":
            raise ValueError("the numpy reference runs sgemm only")
        rng = np.random.default_rng(0)
        a = rng.standard_normal((task["m"], task["k"]), dtype=np.float32)
        b = rng.standard_normal((task["k"], task["n"]), dtype=np.float32)
        body = lambda: a @ b
    elif kind == "sgemm":
        g = torch.Generator().manual_seed(0)
        a = torch.randn(task["m"], task["k"], generator=g)
        b = torch.randn(task["k"], task["n"], generator=g)
        body = lambda: torch.mm(a, b)
    elif kind in ("mlpTrain", "cnnTrain"):
        torch.manual_seed(0)
        x, y = load(data, "train", task["batch"] * THROUGHPUT_BATCHES)
        model = mlp() if kind == "mlpTrain" else cnn()
        body = trainer(model, to_batches(x, y, task["batch"], kind == "cnnTrain"))
    elif kind == "inference":
        torch.manual_seed(0)
        model = mlp().eval()
        x = torch.from_numpy(load(data, "train", task["batch"])[0].copy())

        def body():
            with torch.no_grad():
                model(x).numpy()

    else:
        raise ValueError("unknown task " + kind)
    warm = time_reps(body, warmup, warmup_seconds) if warmup > 0 else None
    bodies[task_key(task)] = body
    info = "numpy " + np.__version__ + " (OpenBLAS, 1 thread)" if TOOL == "numpy" else "torch " + torch.__version__ + ", set_num_threads(1)"
    return {"ok": True, "info": info, **({"warmup": warm} if warm else {})}


def time_reps(body, reps, max_seconds):
    """Up to reps repetitions, stopping after max_seconds (always one): protocol.ts's timeReps."""
    times = []
    cpu = time.process_time()
    start = time.perf_counter()
    for _ in range(reps):
        t0 = time.perf_counter()
        body()
        times.append((time.perf_counter() - t0) * 1000)
        if time.perf_counter() - start >= max_seconds:
            break
    return {"reps": len(times), "seconds": time.perf_counter() - start, "times": times, "cpuSeconds": time.process_time() - cpu}


def accuracy(data):
    x, y = load(data, "train")
    tx, ty = load(data, "t10k")
    torch.manual_seed(0)
    model = mlp()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    batch = 128
    steps = len(y) // batch
    start = time.perf_counter()
    for i in range(steps):
        bx, by = batch_of(x, y, batch, i)
        optimizer.zero_grad()
        loss = F.cross_entropy(model(torch.from_numpy(bx.copy())), torch.from_numpy(by.copy()))
        loss.backward()
        optimizer.step()
        loss.item()
    seconds = time.perf_counter() - start
    with torch.no_grad():
        predicted = model(torch.from_numpy(tx.copy())).argmax(1).numpy()
    return {"accuracy": float((predicted == ty).mean()), "seconds": seconds, "trainSamples": steps * batch}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        command = json.loads(line)
        op = command["op"]
        try:
            if op == "setup":
                send(setup(command["task"], command["warmup"], command["warmupSeconds"], command["data"]))
            elif op == "round":
                body = bodies.get(task_key(command["task"]))
                if body is None:
                    raise ValueError("round before a successful setup of " + task_key(command["task"]))
                send({"ok": True, "round": time_reps(body, command["reps"], command["maxSeconds"])})
            elif op == "accuracy":
                send({"ok": True, "accuracy": accuracy(command["data"])})
            elif op == "exit":
                # ru_maxrss is in KiB on Linux, like Node's resourceUsage().maxRSS.
                send({"ok": True, "maxRssKiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss})
                return
        except Exception as error:  # noqa: BLE001 - every failure becomes a reply the table shows
            send({"ok": False, "error": f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"})


main()
