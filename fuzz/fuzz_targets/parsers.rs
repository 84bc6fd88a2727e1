//! Any bytes, read as a routine, as the exercise catalogue and as a config file: the parsers
//! may refuse them, with diagnostics whose places are inside the text, but never panic.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use backcoach::routine::diag::Diagnostic;
use backcoach::routine::library::Library;
use backcoach::routine::parse;
use backcoach::settings;
use libfuzzer_sys::fuzz_target;

fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| Library::load(None).expect("the built-in catalogue"))
}

/// Every diagnostic points at a line of the text, and prints.
fn check(src: &str, diags: &[Diagnostic]) {
    assert!(!diags.is_empty(), "an error with no diagnostic");
    let lines = src.lines().count().max(1);
    for d in diags {
        if let Some(at) = &d.at {
            assert!(
                at.line >= 1 && at.line <= lines + 1,
                "line {} of {lines}",
                at.line
            );
        }
        let _ = d.to_string();
    }
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(src) = parse::as_text("fuzz.toml", bytes) else {
        return;
    };
    if let Err(d) = parse::routine("fuzz", "fuzz.toml", src, &library().catalogue) {
        check(src, &d);
    }
    if let Err(d) = parse::catalogue("exercises.toml", src) {
        check(src, &d);
    }
    if let Err(d) = settings::parse_file("config.toml", src, Some(Path::new("/home/fuzz"))) {
        check(src, &d);
    }
});
