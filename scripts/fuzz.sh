#!/usr/bin/env bash
# A short fuzzing run of every target (needs a nightly toolchain and `cargo install cargo-fuzz`),
# with inputs up to 1 MiB, the most backcoach reads of a routine or the config.
# Seeds: the built-in routines and catalogue, the config template, recipes for routine_large
# (thousands of steps, a line a megabyte long), and a small generated log.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (default 60, every target)
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parsers routine_large config log_line)
seeds="$(mktemp -d)"
trap 'rm -rf "$seeds"' EXIT
mkdir -p "$seeds/parsers" "$seeds/routine_large" "$seeds/config" "$seeds/log_line"
cp routines/*.toml "$seeds/parsers/"
sed -n '/^pub const TEMPLATE/,/^"#;/p' src/settings/mod.rs | sed '1d;$d' > "$seeds/config/template.toml"
cp "$seeds/config/template.toml" "$seeds/parsers/config.toml"
# routine_large takes [count high, count low, head length, head, body]: the body is repeated.
python3 - "$seeds/routine_large" <<'EOF'
import sys
out = sys.argv[1]
head = b'title = "T"\nsummary = "S"\n'
recipes = {
    "steps": (60000, head, b'[[step]]\nexercise = "cat-cow"\n'),
    "empty-steps": (65535, head, b"[[step]]\n"),
    "inline-steps": (65535, head + b"step = [", b"{}, "),
    "long-line": (65535, b'title = "', b"aaaaaaaaaaaaaaaa"),
    "cr-lines": (65535, head, b"x = 1\r"),
    "bad-cues": (3000, head, b'[[step]]\nname = "n"\nstrategy = "posture"\ncues = ["\\u001b[2J"]\nseconds = 5\n'),
}
for name, (count, h, body) in recipes.items():
    with open(f"{out}/{name}", "wb") as f:
        f.write(count.to_bytes(2, "big") + bytes([len(h)]) + h + body)
EOF
python3 scripts/gen_log.py 20 > "$seeds/log.jsonl"
split -l 1 "$seeds/log.jsonl" "$seeds/log_line/line-"
cd fuzz
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    echo "== $target, ${secs} s"
    cargo +nightly fuzz run "$target" "corpus/$target" "$seeds/$target" -- \
        -max_total_time="$secs" -max_len=1048576 -rss_limit_mb=4096 -print_final_stats=1 2>&1 |
        grep -E '^(#[0-9]+.*DONE|Done|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==|SUMMARY|artifact_prefix|Test unit written)' || true
done
