"""python -m sandbox serve [--port N] [--endpoint-file F] [--fleet demo] ...
python -m sandbox start|stop [--state-dir D]: in the background, for a person (make sandbox, make sandbox-stop)."""

from __future__ import annotations

import argparse
import signal
import sys

from . import server


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the sandbox in the foreground until SIGTERM/SIGINT")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=0, help="0 picks a free port")
    serve.add_argument("--endpoint-file", help="write {endpoint, pid} here as JSON once ready")
    serve.add_argument("--fleet", action="append", default=[], help="seed a named fleet (demo, bench:N:M)")
    serve.add_argument("--quiet", action="store_true")
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

    def stop(_signum, _frame):
        server._stop.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.serve(args.host, args.port, args.endpoint_file, args.fleet, args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
