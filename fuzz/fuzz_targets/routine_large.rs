//! Routines up to the 1 MiB limit: a head (say, a built-in routine) and a body repeated up to
//! 65,535 times (say, `[[step]]\n`, or a line with no end), so the fuzzer reaches thousands of
//! steps, lines a megabyte long and thousands of problems without having to type them. Run
//! with `-max_len=1048576` so plain inputs can be that large too. The parser may refuse
//! them, within the bounds `common::check` states, but never panic, and a routine it accepts
//! plans within the bound on phases.
#![no_main]

mod common;

use std::sync::OnceLock;

use backcoach::plan::{Plan, PlanOptions};
use backcoach::routine::library::Library;
use backcoach::routine::parse::{self, limits};
use libfuzzer_sys::fuzz_target;

fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| Library::load(None).expect("the built-in catalogue"))
}

/// `[count high, count low, head length, head..., body...]`, expanded to at most the limit
/// and one byte, as the reader would hand it over.
fn expand(bytes: &[u8]) -> Vec<u8> {
    let [hi, lo, split, rest @ ..] = bytes else {
        return bytes.to_vec();
    };
    let count = usize::from(u16::from_be_bytes([*hi, *lo]));
    let (head, body) = rest.split_at(usize::from(*split).min(rest.len()));
    let mut out = head.to_vec();
    let room = (limits::FILE_BYTES + 1).saturating_sub(out.len());
    if !body.is_empty() {
        for _ in 0..count.min(room / body.len()) {
            out.extend_from_slice(body);
        }
    }
    out
}

fuzz_target!(|bytes: &[u8]| {
    let text = expand(bytes);
    let src = match parse::as_text("large.toml", &text) {
        Ok(src) => src,
        Err(d) => return common::check("", &[d]),
    };
    match parse::routine("large", "large.toml", src, &library().catalogue) {
        Ok(routine) => {
            assert!(routine.steps.len() <= limits::STEPS);
            let plan = Plan::new(&routine, &PlanOptions::default());
            assert!(plan.phases.len() as u64 <= limits::PHASES);
        }
        Err(d) => common::check(src, &d),
    }
});
