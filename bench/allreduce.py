"""One DDP all-reduce across the gang, then exit: the smallest job that needs a real rendezvous.

Run by the launch-overhead benchmark under tractorun, torchrun and a raw launch alike; it only
reads the torchrun environment (MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE).
"""
import torch
import torch.distributed as dist

dist.init_process_group("gloo", init_method="env://")
value = torch.ones(1) * (dist.get_rank() + 1)
dist.all_reduce(value)
expected = dist.get_world_size() * (dist.get_world_size() + 1) / 2
assert value.item() == expected, f"all_reduce gave {value.item()}, expected {expected}"
dist.destroy_process_group()
