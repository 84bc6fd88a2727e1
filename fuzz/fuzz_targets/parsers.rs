//! Any bytes, read as a routine, as the exercise catalogue and as a config file: the parsers
//! may refuse them, with diagnostics whose places are inside the text, but never panic.
#![no_main]

mod common;

use std::path::Path;
use std::sync::OnceLock;

use backcoach::routine::library::Library;
use backcoach::routine::parse;
use backcoach::settings;
use libfuzzer_sys::fuzz_target;

fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| Library::load(None).expect("the built-in catalogue"))
}

fuzz_target!(|bytes: &[u8]| {
    let src = match parse::as_text("fuzz.toml", bytes) {
        Ok(src) => src,
        Err(d) => return common::check("", &[d]),
    };
    if let Err(d) = parse::routine("fuzz", "fuzz.toml", src, &library().catalogue) {
        common::check(src, &d);
    }
    if let Err(d) = parse::catalogue("exercises.toml", src) {
        common::check(src, &d);
    }
    match settings::parse_file("config.toml", src, Some(Path::new("/home/fuzz"))) {
        settings::Parsed::Whole(_, d) if d.is_empty() => {}
        settings::Parsed::Whole(_, d) | settings::Parsed::Unusable(d) => common::check(src, &d),
    }
});
