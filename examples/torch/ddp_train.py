#!/usr/bin/env python3
"""PyTorch DDP training on synthetic data, written exactly as for torchrun.

Uses `init_process_group` with `env://` (MASTER_ADDR, MASTER_PORT, WORLD_SIZE, RANK), gloo on
CPU and nccl when every process has a GPU. Every rank prints the same final loss: the loss is
averaged across ranks with all_reduce. Under tractorun the script also saves a checkpoint
through the tractorun toolbox and resumes from the last one when run again on the same
yt_path; under plain torchrun it simply trains from scratch.
"""
import io
import os
import sys

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

STEPS = int(os.environ.get("DDP_STEPS", "30"))
BATCH = 64
FEATURES = 16


def open_toolbox():
    """The tractorun toolbox when running under tractorun, else None."""
    if "TRACTORUN_TOOLBOX_URL" not in os.environ:
        return None
    from tractorun_toolbox import prepare_and_get_toolbox
    return prepare_and_get_toolbox()


def pick_device():
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    if torch.cuda.is_available() and torch.cuda.device_count() > local_rank:
        torch.cuda.set_device(local_rank)
        return "nccl", torch.device("cuda", local_rank)
    return "gloo", torch.device("cpu")


def synthetic_batch(step, rank, device):
    generator = torch.Generator().manual_seed(1000 * step + rank)
    x = torch.randn(BATCH, FEATURES, generator=generator)
    true_weights = torch.arange(1, FEATURES + 1, dtype=torch.float32) / FEATURES
    y = x @ true_weights.unsqueeze(1) + 0.01 * torch.randn(BATCH, 1, generator=generator)
    return x.to(device), y.to(device)


def load_state(toolbox, model, optimizer):
    if toolbox is None:
        return 0
    checkpoint = toolbox.checkpoint_manager.get_last_checkpoint()
    if checkpoint is None:
        return 0
    state = torch.load(io.BytesIO(checkpoint.value))
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    print("resumed from checkpoint %d at step %d" % (checkpoint.index, state["step"]), flush=True)
    return state["step"]


def save_state(toolbox, model, optimizer, step, loss):
    if toolbox is None or not toolbox.coordinator.is_primary():
        return
    buffer = io.BytesIO()
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step},
               buffer)
    toolbox.checkpoint_manager.save_checkpoint(buffer.getvalue(), {"step": step, "loss": loss})


def main():
    backend, device = pick_device()
    dist.init_process_group(backend=backend, init_method="env://")
    rank, world = dist.get_rank(), dist.get_world_size()
    toolbox = open_toolbox()

    torch.manual_seed(0)
    model = torch.nn.Linear(FEATURES, 1).to(device)
    ddp = DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
    optimizer = torch.optim.SGD(ddp.parameters(), lr=0.05)
    start = load_state(toolbox, model, optimizer)

    loss_value = float("nan")
    for step in range(start, start + STEPS):
        x, y = synthetic_batch(step, rank, device)
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(ddp(x), y)
        loss.backward()
        optimizer.step()
        mean_loss = loss.detach().clone()
        dist.all_reduce(mean_loss)
        loss_value = mean_loss.item() / world
    end = start + STEPS
    save_state(toolbox, model, optimizer, end, loss_value)
    print("rank %d/%d backend %s: trained steps %d..%d, final loss %.6f" % (
        rank, world, backend, start, end, loss_value), flush=True)
    dist.barrier()
    dist.destroy_process_group()
    return 0


if __name__ == "__main__":
    sys.exit(main())
