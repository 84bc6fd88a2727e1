//! Any bytes as `config.toml`, through the same steps as `Config::load`: the text check, the
//! parser, then the layering over the environment and the defaults. Problems carry
//! diagnostics within the bounds `common::check` states; what is read, problems or not, gives
//! settings in their ranges; nothing panics.
#![no_main]

mod common;

use std::path::Path;

use backcoach::routine::parse;
use backcoach::settings::{self, Config, Env, LEAD_IN_MAX};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let src = match parse::as_text("config.toml", bytes) {
        Ok(src) => src,
        Err(d) => return common::check("", &[d]),
    };
    // Whatever is wrong, the settings that are read are in range: a problem leaves its
    // setting out and the rest applies.
    let (file, problems) = match settings::parse_file("config.toml", src, Some(Path::new("/home/fuzz"))) {
        settings::Parsed::Whole(file, problems) => (file, problems),
        settings::Parsed::Unusable(problems) => (Default::default(), problems),
    };
    if !problems.is_empty() {
        common::check(src, &problems);
    }
    let config = Config::resolve(file, &Env::default());
    assert!(i64::from(config.lead_in.value) <= LEAD_IN_MAX);
    assert!(i64::from(config.rest.value) <= parse::limits::REST_SECONDS);
    assert!(
        config
            .data_dir
            .value
            .as_deref()
            .is_none_or(Path::is_absolute),
        "a relative data_dir got through"
    );
    let _ = config.plan_options();
});
