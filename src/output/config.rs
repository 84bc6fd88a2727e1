//! `backcoach config`: the settings in effect, each with where it came from, and where the
//! config file is (or would be). Paths are escaped: `data_dir` is text from the file.

use std::io::{self, Write};

use super::{Fit, table};
use crate::settings::{Config, Setting};
use crate::untrusted::escape;

/// Why there is no data folder: no home, or a home that is not a full path.
fn none_for_data(config: &Config) -> &'static str {
    match config.data_dir.source {
        crate::settings::Source::Env("HOME") => "(none: $HOME is not a full path)",
        _ => "(no home directory)",
    }
}

pub fn human(out: &mut impl Write, config: &Config) -> io::Result<()> {
    let row = |key: &str, value: String, from: &crate::settings::Source| {
        vec![key.to_owned(), value, from.to_string()]
    };
    let secs = |s: &Setting<u32>| format!("{} s", s.value);
    let rows = vec![
        row("lead_in", secs(&config.lead_in), &config.lead_in.source),
        row("rest", secs(&config.rest), &config.rest.source),
        row(
            "bell",
            if config.bell.value { "on" } else { "off" }.to_owned(),
            &config.bell.source,
        ),
        row(
            "voice",
            if config.voice.value { "on" } else { "off" }.to_owned(),
            &config.voice.source,
        ),
        row(
            "voice_command",
            config.voice_command.value.as_ref().map_or_else(
                || "(espeak-ng, espeak or spd-say on PATH)".to_owned(),
                |c| escape(&c.join(" ")).into_owned(),
            ),
            &config.voice_command.source,
        ),
        row(
            "notify",
            config.notify.value.id().to_owned(),
            &config.notify.source,
        ),
        row(
            "color",
            config.color.value.id().to_owned(),
            &config.color.source,
        ),
        row(
            "week_start",
            config.week_start.value.id().to_owned(),
            &config.week_start.source,
        ),
        row(
            "data_dir",
            config
                .data_dir
                .value
                .as_ref()
                .map_or(none_for_data(config).to_owned(), |p| {
                    escape(&p.display().to_string()).into_owned()
                }),
            &config.data_dir.source,
        ),
    ];
    let mut rows = rows;
    for (id, level, line) in &config.levels {
        rows.push(row(
            &format!("levels.{}", escape(id)),
            format!("level {level}"),
            &crate::settings::Source::File(*line),
        ));
    }
    table(out, &["SETTING", "VALUE", "FROM"], &rows, Fit::WHOLE)?;
    writeln!(out)?;
    match (&config.path, config.found) {
        (Some(path), true) => {
            writeln!(out, "Config file: {}", escape(&path.display().to_string()))?
        }
        (Some(path), false) => writeln!(
            out,
            "Config file: {} (not there; `backcoach config --init` writes one with comments)",
            escape(&path.display().to_string())
        )?,
        (None, _) => writeln!(out, "Config file: none (no home directory)")?,
    }
    writeln!(
        out,
        "A flag beats the file, the file beats the environment, the environment beats the default."
    )
}
