"""A process frozen at a moment of a build, answering requests on a Unix socket.

`make serve` (tools/serve.py) shows an edited page in about a second: when a
language's build has rendered every page, the build forks (hooks/dev_snapshots.py);
the copy keeps everything that build knew (configuration, files, navigation,
templates, every hook's state for that language) and renders single pages on
request while the full rebuild runs elsewhere. This module is the process and
its protocol, without MkDocs: ``fork`` starts one, ``ask`` sends it a request.
A snapshot ends when asked to, or when the server that uses it has gone.
"""
from __future__ import annotations

import os
import socket
import sys
from multiprocessing.connection import Client, Connection
from typing import Callable

POLL_SECONDS = 2.0


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fork(address: str, handle: Callable[[dict], dict], server_pid: int) -> int:
    """Start a copy of this process that answers requests at ``address`` with
    ``handle(request)`` until a request says ``{"do": "exit"}`` or the process
    ``server_pid`` ends (``address``: a Unix socket path, or an abstract name
    starting with NUL). Returns the copy's pid. Call it only from a process
    without other threads (a fork copies one thread)."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen(4)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        listener.close()  # the copy keeps listening; closing does not remove the address
        return pid
    code = 0
    try:
        _serve(listener, handle, server_pid)
    except BaseException:  # noqa: BLE001 - a snapshot must never return into the build
        import traceback
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _serve(listener: socket.socket, handle: Callable[[dict], dict], server_pid: int) -> None:
    listener.settimeout(POLL_SECONDS)
    while True:
        try:
            sock, _ = listener.accept()
        except socket.timeout:
            if not alive(server_pid):
                return
            continue
        sock.settimeout(None)
        with Connection(sock.detach()) as conn:
            while True:
                try:
                    request = conn.recv()
                except (EOFError, OSError):
                    break
                if request.get("do") == "exit":
                    conn.send({"ok": True})
                    return
                conn.send(handle(request))


def ask(address: str, request: dict, timeout: float) -> dict:
    """Send ``request`` to the snapshot at ``address`` and return its answer;
    TimeoutError when it does not answer within ``timeout`` seconds."""
    with Client(address, family="AF_UNIX") as conn:
        conn.send(request)
        if not conn.poll(timeout):
            raise TimeoutError(f"no answer from {address} within {timeout:.0f} s")
        return conn.recv()
