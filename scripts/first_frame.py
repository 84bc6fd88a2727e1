#!/usr/bin/env python3
"""Time from starting `backcoach start ROUTINE` in an 80x24 pseudo-terminal to its first
session frame ("step 1 of"), the median of RUNS runs: what levels cost `start`, as it reads
the end of the log first. Each run is ended with q, then Esc at the questions, unrecorded.

usage: first_frame.py BACKCOACH ROUTINE RUNS
"""
import fcntl, os, pty, select, statistics, struct, sys, termios, time

binary, routine, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
cmd = [binary, "start", routine, "--pain", "5", "--quiet", "--no-log", "--lead-in", "0"]


def once():
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(cmd[0], cmd, dict(os.environ, TERM="xterm-256color"))
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen, first = b"", None
    while time.monotonic() - start < 20:
        r, _, _ = select.select([fd], [], [], 0.5)
        if not r:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if first is None and b"step 1 of" in seen:
            first = time.monotonic() - start
            os.write(fd, b"q")
        if first is not None and (b"How is your back now" in seen or b"A note" in seen):
            os.write(fd, b"\x1b")
            seen = b""
    try:
        os.kill(pid, 9)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    return first


times = [t for t in (once() for _ in range(runs)) if t is not None]
if not times:
    sys.exit("first_frame: no frame seen")
print(f"start {routine}: first frame median {1000 * statistics.median(times):6.2f} ms "
      f"(min {1000 * min(times):.2f}, {len(times)} runs)")
