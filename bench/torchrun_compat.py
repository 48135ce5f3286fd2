#!/usr/bin/env python3
"""Runs torchrun with a fix for PyTorch 1.13 on Python 3.11, for the benchmarks only.

On Python 3.11, iterating an IntFlag no longer yields its zero member, so torchrun's
`Std.from_str("0")` returns None and every launch dies in `to_map`. This wrapper replaces
that one parser and then runs torchrun unchanged.
"""
import re
import sys

from torch.distributed.elastic.multiprocessing import api


def _std_from_str(value):
    if re.fullmatch(r"[0-3]", value):
        return api.Std(int(value))
    return {int(rank): api.Std(int(std))
            for rank, std in (pair.split(":") for pair in value.split(","))}


api.Std.from_str = staticmethod(_std_from_str)

from torch.distributed.run import main  # noqa: E402  (after the patch on purpose)

if __name__ == "__main__":
    sys.exit(main())
