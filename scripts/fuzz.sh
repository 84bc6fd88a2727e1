#!/usr/bin/env bash
# A short fuzzing run of both targets (needs a nightly toolchain and `cargo install cargo-fuzz`).
# Seeds: the built-in routines and catalogue, the config template, and a small generated log.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
seeds="$(mktemp -d)"
trap 'rm -rf "$seeds"' EXIT
mkdir -p "$seeds/parsers" "$seeds/log_line"
cp routines/*.toml "$seeds/parsers/"
sed -n '/^pub const TEMPLATE/,/^"#;/p' src/config.rs | sed '1d;$d' > "$seeds/parsers/config.toml"
python3 scripts/gen_log.py 20 > "$seeds/log.jsonl"
split -l 1 "$seeds/log.jsonl" "$seeds/log_line/line-"
cd fuzz
for target in parsers log_line; do
    mkdir -p "corpus/$target"
    echo "== $target, ${secs} s"
    cargo +nightly fuzz run "$target" "corpus/$target" "$seeds/$target" -- \
        -max_total_time="$secs" -max_len=65536 -print_final_stats=1 2>&1 |
        grep -E '^(#[0-9]+.*DONE|Done|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==|SUMMARY|artifact_prefix|Test unit written)' || true
done
