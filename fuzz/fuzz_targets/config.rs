//! Any bytes as `config.toml`, through the same steps as `Config::load`: the text check, the
//! parser, then the layering over the environment and the defaults. A refusal carries
//! diagnostics within the bounds `common::check` states; an accepted file gives settings in
//! their ranges; nothing panics.
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
    match settings::parse_file("config.toml", src, Some(Path::new("/home/fuzz"))) {
        Ok(file) => {
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
        }
        Err(d) => common::check(src, &d),
    }
});
