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
export HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data"

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
