"""One DDP all-reduce across the gang, then exit: the smallest job that needs a real rendezvous.

Run by the launch-overhead benchmark under tractorun, torchrun and a raw launch alike; it only
reads the torchrun environment (MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE).

PyTorch's store client waits a whole second before trying again when it reaches MASTER_PORT
before rank 0's store listens there, which happens at random in about half the runs of every
launcher (both ranks import torch at the same time). Ranks other than 0 therefore wait, after
importing torch, until something listens on MASTER_PORT: the benchmark then measures the
launchers, not that coin flip.
"""
import os
import time

import torch
import torch.distributed as dist


def wait_until_listening(port, timeout=120.0):
    needle = ":%04X" % port
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            try:
                with open(table) as f:
                    rows = f.read().splitlines()[1:]
            except OSError:
                continue
            # local_address ends with :PORT in hex; state 0A is LISTEN
            if any(row.split()[1].endswith(needle) and row.split()[3] == "0A" for row in rows):
                return
        time.sleep(0.005)
    raise TimeoutError(f"nothing listens on port {port}")


if int(os.environ["RANK"]) != 0:
    wait_until_listening(int(os.environ["MASTER_PORT"]))
dist.init_process_group("gloo", init_method="env://")
value = torch.ones(1) * (dist.get_rank() + 1)
dist.all_reduce(value)
expected = dist.get_world_size() * (dist.get_world_size() + 1) / 2
assert value.item() == expected, f"all_reduce gave {value.item()}, expected {expected}"
dist.destroy_process_group()
