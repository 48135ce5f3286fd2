#!/usr/bin/env python3
"""Proves the mesh: every rank reports itself to the primary over TCP and all must agree.

Needs nothing but the Python standard library. Rank 0 listens on MASTER_ADDR:MASTER_PORT,
collects one report from every rank, checks that ranks are 0..WORLD_SIZE-1 with no
duplicates and that everybody sees the same world size and master address, then sends the
verdict back. Every rank prints one line and exits 0 only when the mesh is consistent.
"""
import json
import os
import socket
import sys
import time

CONNECT_DEADLINE_SECONDS = 120


def env_int(name):
    return int(os.environ[name])


def my_report():
    return {
        "rank": env_int("RANK"),
        "world_size": env_int("WORLD_SIZE"),
        "node_rank": env_int("NODE_RANK"),
        "local_rank": env_int("LOCAL_RANK"),
        "local_world_size": env_int("LOCAL_WORLD_SIZE"),
        "master": "%s:%s" % (os.environ["MASTER_ADDR"], os.environ["MASTER_PORT"]),
    }


def send_line(sock, obj):
    sock.sendall((json.dumps(obj) + "\n").encode())


def read_line(sock_file):
    line = sock_file.readline()
    if not line:
        raise ConnectionError("peer closed the connection")
    return json.loads(line)


def verdict_for(reports, world_size):
    ranks = sorted(r["rank"] for r in reports)
    problems = []
    if ranks != list(range(world_size)):
        problems.append("ranks %s are not 0..%d" % (ranks, world_size - 1))
    for field in ("world_size", "master"):
        values = {r[field] for r in reports}
        if len(values) != 1:
            problems.append("%s differs between ranks: %s" % (field, sorted(values)))
    return {"ok": not problems, "problems": problems, "peers": len(reports)}


def serve_as_primary(me):
    world_size = me["world_size"]
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("0.0.0.0", int(os.environ["MASTER_PORT"])))
    server.listen(world_size)
    reports, peers = [me], []
    while len(reports) < world_size:
        conn, _ = server.accept()
        sock_file = conn.makefile("r")
        reports.append(read_line(sock_file))
        peers.append((conn, sock_file))
    verdict = verdict_for(reports, world_size)
    for conn, sock_file in peers:
        send_line(conn, verdict)
        sock_file.close()
        conn.close()
    server.close()
    return verdict


def report_to_primary(me):
    deadline = time.monotonic() + CONNECT_DEADLINE_SECONDS
    delay = 0.05
    while True:
        try:
            conn = socket.create_connection(
                (os.environ["MASTER_ADDR"], int(os.environ["MASTER_PORT"])), timeout=5)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
    conn.settimeout(CONNECT_DEADLINE_SECONDS)
    with conn, conn.makefile("r") as sock_file:
        send_line(conn, me)
        return read_line(sock_file)


def main():
    me = my_report()
    verdict = serve_as_primary(me) if me["rank"] == 0 else report_to_primary(me)
    status = "mesh ok" if verdict["ok"] else "mesh BROKEN: " + "; ".join(verdict["problems"])
    print("rank %d/%d (node %d, local %d/%d): %s, %d peers agree on master %s" % (
        me["rank"], me["world_size"], me["node_rank"], me["local_rank"],
        me["local_world_size"], status, verdict["peers"], me["master"]), flush=True)
    return 0 if verdict["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
