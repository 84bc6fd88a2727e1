#!/usr/bin/env python3
"""Runs one full-screen backcoach session in an 80x24 pseudo-terminal, answering the closing
questions, and prints its wall time, CPU time (user + system, from wait4's rusage, to the
microsecond) and peak memory (VmHWM from /proc when the session ends: wait4's maxrss would
count the Python process the child was forked from).

usage: pty_session.py BACKCOACH ROUTINE_FILE [voice]   (voice: with --voice)
       pty_session.py BACKCOACH nudge SECONDS   (waits between nudges for SECONDS, then q)
"""
import fcntl, os, pty, select, struct, sys, termios, time

binary, routine = sys.argv[1], sys.argv[2]
quit_after = None
if routine == "nudge":
    cmd = [binary, "nudge", "--quiet", "--no-log"]
    quit_after = float(sys.argv[3])
else:
    cmd = [binary, "start", routine, "--pain", "5", "--quiet", "--no-log", "--lead-in", "0"]
    if sys.argv[3:4] == ["voice"]:
        cmd.append("--voice")

pid, fd = pty.fork()
if pid == 0:
    os.execvpe(cmd[0], cmd, dict(os.environ, TERM="xterm-256color"))

fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
def peak_kib(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0

seen = b""
answered = set()
peak = 0
start = time.monotonic()
while True:
    r, _, _ = select.select([fd], [], [], 0.5)
    if r:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen = (seen + chunk)[-65536:]
    for prompt, answer in ((b"How is your back now", b"\r"), (b"A note about today", b"\x1b")):
        if prompt in seen and prompt not in answered:
            answered.add(prompt)
            peak = max(peak, peak_kib(pid))
            os.write(fd, answer)
    if quit_after is not None and time.monotonic() - start > quit_after:
        peak = max(peak, peak_kib(pid))
        os.write(fd, b"q")
        quit_after = None
    if time.monotonic() - start > 120:
        print("pty_session: no end after 120 s; killed", file=sys.stderr)
        os.kill(pid, 9)
        break
_, status, usage = os.wait4(pid, 0)
wall = time.monotonic() - start
cpu = usage.ru_utime + usage.ru_stime
print(f"wall {wall:6.2f} s   cpu {1000 * cpu:7.2f} ms (user {1000 * usage.ru_utime:.2f}, sys {1000 * usage.ru_stime:.2f})"
      f"   cpu/wall {100 * cpu / wall:6.3f} %   peak memory {peak / 1024:5.2f} MiB   exit {os.waitstatus_to_exitcode(status)}")
