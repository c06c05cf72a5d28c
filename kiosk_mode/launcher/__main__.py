"""python -m kiosk_mode.launcher URL: run the kiosk in Chromium, one throwaway profile per visit."""
from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from . import Launcher, default_reference, default_sessions_dir, make_reference


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m kiosk_mode.launcher", description=__doc__)
    p.add_argument("url", help="the kiosk home (https://…/kiosk/), or with --make-reference the one-time enrolment URL")
    p.add_argument("--make-reference", action="store_true",
                   help="open URL in a new profile and keep it as the reference once the kiosk is set up")
    p.add_argument("--from-reference", action="store_true",
                   help="with --make-reference: start from the current reference (to refresh content)")
    p.add_argument("--reference", type=Path, default=None, help=f"the reference profile (default {default_reference()})")
    p.add_argument("--sessions-dir", type=Path, default=None,
                   help=f"where session profiles live while in use (default {default_sessions_dir()})")
    p.add_argument("--chromium", default=None, help="Chromium's path (default: $TRINVIS_CHROMIUM or /usr/bin/chromium)")
    p.add_argument("--headless", action="store_true", help="no window (for tests)")
    p.add_argument("--idle-seconds", type=int, default=None,
                   help="idle time before the warning (default: the device's, as the kiosk page reports it)")
    p.add_argument("--warning-seconds", type=int, default=30, help="length of the idle warning (default 30)")
    p.add_argument("--sessions", type=int, default=None, help="stop after this many sessions (default: never)")
    p.add_argument("--chromium-arg", action="append", default=[], help="one more Chromium flag (repeatable)")
    return p


def stop(signum, frame):
    """A service manager stops us with SIGTERM: end as for Ctrl+C, so the session is cleaned up."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.make_reference:
        reference = args.reference or default_reference()
        make_reference(args.url, reference, args.chromium, args.headless,
                       start_from=reference if args.from_reference else None, extra_args=tuple(args.chromium_arg))
        return 0
    launcher = Launcher(args.url, args.reference, args.sessions_dir, args.chromium, args.headless,
                        args.idle_seconds, args.warning_seconds, extra_args=tuple(args.chromium_arg))
    signal.signal(signal.SIGTERM, stop)
    try:
        launcher.run(args.sessions)
    except KeyboardInterrupt:
        return 130
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
