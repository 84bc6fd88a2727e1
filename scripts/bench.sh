#!/usr/bin/env bash
# Whole-process time and peak memory of the browsing commands, in a clean temporary XDG home.
# Goal (issue "Routine library and the backcoach command-line foundation"): median under 5 ms.
# Needs hyperfine (Debian: apt-get install hyperfine) and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v hyperfine >/dev/null || { echo "bench: hyperfine is not installed (apt-get install hyperfine)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: GNU time is not installed (apt-get install time)" >&2; exit 1; }

cargo build --release --quiet
bin="$PWD/target/release/backcoach"
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_STATE_HOME="$home/state"
# The safety screen comes before a first session; the benchmark has seen it.
mkdir -p "$XDG_STATE_HOME/backcoach"
printf 'safety_shown = "2026-01-01T00:00:00+00:00"\n' > "$XDG_STATE_HOME/backcoach/state"

echo "== whole-process time (hyperfine, no shell, 20 warm-ups)"
hyperfine --shell=none --warmup 20 --min-runs 200 --style basic --export-json "$home/startup.json" \
  "$bin list" \
  "$bin show evening"

echo
echo "== median whole-process time (goal: under 5 ms)"
python3 - "$home/startup.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    cmd = r["command"].split("/")[-1]
    print(f"{cmd:<24} median {r['median'] * 1000:6.2f} ms   (mean {r['mean'] * 1000:.2f} ms, {len(r['times'])} runs)")
PY

echo
echo "== peak memory (GNU time -v, maximum resident set size)"
for args in "list" "show evening"; do
  # shellcheck disable=SC2086
  kb=$(/usr/bin/time -v "$bin" $args 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}')
  printf '%-14s %6s KiB\n' "$args" "$kb"
done

# --- Sessions (issue "Guided sessions"): CPU and memory while counting down in a
# pseudo-terminal, and timing drift. Goals: under 0.1 % of a core, under 8 MiB, within 20 ms.
routines="$home/routines"
mkdir -p "$routines"
for secs in 10 60; do
  printf 'title = "Bench %s s"\nsummary = "A %s s countdown"\n[[step]]\nexercise = "plank"\nseconds = %s\nsets = 1\n' \
    "$secs" "$secs" "$secs" > "$routines/bench$secs.toml"
done

echo
echo "== a 10 s countdown on the full screen, in an 80x24 pseudo-terminal (rusage from wait4)"
python3 scripts/pty_session.py "$bin" "$routines/bench10.toml"

# Issue 13: the same countdown spoken, through a speech program that takes 10 s to say
# anything (each utterance is started and not waited for; the next one kills it).
mkdir -p "$XDG_CONFIG_HOME/backcoach"
printf '#!/bin/sh\nsleep 10\n' > "$home/slow-voice"
chmod +x "$home/slow-voice"
printf 'voice_command = ["%s"]\n' "$home/slow-voice" > "$XDG_CONFIG_HOME/backcoach/config.toml"
echo
echo "== the same countdown with --voice, through a speech program that sleeps 10 s"
python3 scripts/pty_session.py "$bin" "$routines/bench10.toml" voice

echo
echo "== nudge waiting 10 s for its next nudge on the full screen, in an 80x24 pseudo-terminal"
python3 scripts/pty_session.py "$bin" nudge 10

echo
echo "== timing drift: active time and wall time against the plan (plain mode, recorded)"
for secs in 10 60; do
  "$bin" start "$routines/bench$secs.toml" --plain --lead-in 0 >/dev/null
done
# And 10 s spoken, through the slow speech program.
"$bin" start "$routines/bench10.toml" --plain --lead-in 0 --voice >/dev/null
python3 - "$XDG_DATA_HOME/backcoach/sessions.jsonl" <<'PY'
import json, sys
from datetime import datetime
for line in open(sys.argv[1]):
    r = json.loads(line)
    wall = (datetime.fromisoformat(r["ended_at"]) - datetime.fromisoformat(r["started_at"])).total_seconds()
    plan = r["planned_seconds"]
    print(f"planned {plan:4d} s   active {r['active_seconds']:9.3f} s ({1000 * (r['active_seconds'] - plan):+5.0f} ms)"
          f"   wall {wall:9.3f} s ({1000 * (wall - plan):+5.0f} ms)")
PY

# --- History (issue "Session history"): a synthetic 100,000-session log.
# Goals: `stats` and `log -n 20` under 150 ms whole-process, peak memory under 64 MiB;
# `log add` does not read the whole file.
echo
echo "== stats on a realistic log: 11,000 sessions, ten years of three a day (scripts/gen_log.py)"
mkdir -p "$home/data11k/backcoach"
python3 scripts/gen_log.py 11000 > "$home/data11k/backcoach/sessions.jsonl"
XDG_DATA_HOME="$home/data11k" hyperfine --shell=none --warmup 3 --runs 20 --style basic \
  --export-json "$home/history11k.json" "$bin stats" >/dev/null
python3 - "$home/history11k.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"stats (11,000 sessions)          median {r['median'] * 1000:7.2f} ms")
PY

# Issue 14: `today` reads the last four weeks of the log from its end. Goal: under 10 ms on
# the ten-year log (pinned to the log's last evening, so the four weeks are full), as on none.
echo
echo "== today on the 11,000-session log and on none (goal: under 10 ms)"
XDG_DATA_HOME="$home/data11k" hyperfine --shell=none --warmup 10 --runs 100 --style basic \
  --export-json "$home/today11k.json" "$bin today --at '2026-11-24 21:30'" >/dev/null
XDG_DATA_HOME="$home/none" hyperfine --shell=none --warmup 10 --runs 100 --style basic \
  --export-json "$home/today0.json" "$bin today --at '2026-11-24 21:30'" >/dev/null
python3 - "$home/today11k.json" "$home/today0.json" <<'PY'
import json, sys
for path, what in zip(sys.argv[1:], ["11,000 sessions", "no log"]):
    r = json.load(open(path))["results"][0]
    print(f"today ({what:<15})          median {r['median'] * 1000:7.2f} ms")
PY
# Issue 14: levels read the end of the log, so `start` and `show` depend on it. Goals, on
# the 11,000-session log: `start`'s first frame within 5 ms of an empty log's, `show core`
# under 10 ms.
echo
echo "== levels: start's first frame and show core, on the 11,000-session log and on none"
mkdir -p "$home/empty"
for data in empty data11k; do
  echo "-- $data"
  XDG_DATA_HOME="$home/$data" python3 scripts/first_frame.py "$bin" core 30
  XDG_DATA_HOME="$home/$data" hyperfine --shell=none --warmup 5 --runs 50 --style basic \
    --export-json "$home/show-$data.json" "$bin show core" >/dev/null
  python3 - "$home/show-$data.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"show core: median {r['median'] * 1000:6.2f} ms")
PY
done

echo
echo "== a synthetic log of 100,000 sessions (scripts/gen_log.py)"
mkdir -p "$XDG_DATA_HOME/backcoach"
python3 scripts/gen_log.py 100000 > "$XDG_DATA_HOME/backcoach/sessions.jsonl"
ls -l "$XDG_DATA_HOME/backcoach/sessions.jsonl" | awk '{printf "%s bytes, ", $5}'
wc -l < "$XDG_DATA_HOME/backcoach/sessions.jsonl" | awk '{print $1 " lines"}'
hyperfine --shell=none --warmup 3 --runs 20 --style basic --export-json "$home/history.json" \
  "$bin stats" \
  "$bin log -n 20" \
  "$bin log add posture --minutes 1"
python3 - "$home/history.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    cmd = " ".join(r["command"].split("/")[-1].split()[:4])
    print(f"{cmd:<32} median {r['median'] * 1000:7.2f} ms")
PY
for args in "stats" "log -n 20"; do
  # shellcheck disable=SC2086
  kb=$(/usr/bin/time -v "$bin" $args 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}')
  printf '%-14s peak %6s KiB\n' "$args" "$kb"
done
echo "(log add on an empty log, for comparison:)"
XDG_DATA_HOME="$home/empty" hyperfine --shell=none --warmup 3 --runs 20 --style basic "$bin log add posture --minutes 1" 2>&1 | grep 'Time (mean'
