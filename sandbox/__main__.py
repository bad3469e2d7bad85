"""python -m sandbox serve [--port N] [--endpoint-file F] [--fleet demo] ...
python -m sandbox start|stop [--state-dir D]: in the background, for a person (make sandbox, make sandbox-stop)."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve_ = sub.add_parser("serve", help="run the sandbox in the foreground until SIGTERM/SIGINT")
    serve_.add_argument("--host", default="127.0.0.1")
    serve_.add_argument("--port", type=int, default=0, help="0 picks a free port")
    serve_.add_argument("--endpoint-file", help="write {endpoint, pid} here as JSON once ready")
    serve_.add_argument("--fleet", action="append", default=[], help="seed a named fleet (demo, bench:N:M)")
    serve_.add_argument("--quiet", action="store_true")
    start = sub.add_parser("start", help="start it in the background with the demo fleet; print its environment")
    stop_ = sub.add_parser("stop", help="stop the sandbox `start` started, by its PID")
    for p in (start, stop_):
        p.add_argument("--state-dir", default=".sandbox", help="where its PID, endpoint and log are kept")
    args = parser.parse_args(argv)
    if args.command in ("start", "stop"):
        from . import background

        if args.command == "start":
            return background.main_start(args.state_dir, ["demo"])
        return background.main_stop(args.state_dir)

    from . import server

    def stop(_signum, _frame):
        server.STOP.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    serve(args.host, args.port, args.endpoint_file, args.fleet, args.quiet)
    return 0


def serve(host="127.0.0.1", port=0, endpoint_file=None, fleets=(), quiet=False):
    """Apply corrections, start the server, seed fleets, write the endpoint, block until stopped."""
    from . import corrections, features, server, speedups

    corrections.apply_all()
    speedups.apply()
    features.load_all()
    sandbox = server.SandboxServer(host, port)
    sandbox.start()
    endpoint = sandbox.endpoint
    features.serving_at(endpoint)
    for fleet in fleets:
        features.seed(endpoint, fleet)
    info = {"endpoint": endpoint, "pid": os.getpid(), "fleets": list(fleets)}
    if endpoint_file:
        tmp = f"{endpoint_file}.tmp"
        with open(tmp, "w") as f:
            json.dump(info, f)
        os.replace(tmp, endpoint_file)
    if not quiet:
        print(f"sandbox listening on {endpoint} (pid {os.getpid()})", flush=True)
    try:
        server.STOP.wait()
    finally:
        sandbox.stop()
        if endpoint_file and os.path.exists(endpoint_file):
            os.unlink(endpoint_file)


if __name__ == "__main__":
    sys.exit(main())
