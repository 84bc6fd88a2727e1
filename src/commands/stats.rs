//! `backcoach stats`: sums the log up for the weeks asked (reading a long log in pieces, one
//! thread per core, at most four), then prints the numbers for a person or as JSON; for a
//! person, the exercises above level 1 today too (read from the log's end, as `start` does).

use std::io::Write;

use super::warn_damaged;
use crate::cli::StatsArgs;
use crate::error::{Error, Exit};
use crate::journal::reader;
use crate::journal::stats::Accumulator;
use crate::journal::store::LOG_FILE;
use crate::output;
use crate::settings::Config;
use crate::settings::paths::Dirs;

pub fn stats(
    args: &StatsArgs,
    library: &crate::routine::library::Library,
    config: &Config,
    dirs: &Dirs,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    let data = dirs.data.as_ref().ok_or(Error::NoDataDir)?;
    let path = data.join(LOG_FILE);
    let until = args
        .until
        .unwrap_or_else(|| crate::ui::terminal::clock::system_wall().date_naive());
    let week_start = config.week_start.value;
    let cores = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    let (acc, damaged) = reader::fold(
        &path,
        cores,
        || Accumulator::new(until, usize::from(args.weeks), week_start.weekday()),
        |acc, record| acc.add(&record),
        Accumulator::merge,
    )
    .map_err(|source| Error::Read {
        path: path.clone(),
        source,
    })?;
    warn_damaged(&path, &damaged);
    let stats = acc.finish();
    if args.json {
        output::stats::json(out, &stats)?;
    } else {
        output::stats::human(out, &stats)?;
        if stats.total_sessions > 0 {
            let now = crate::ui::terminal::clock::system_wall();
            let history = super::recent(dirs, now);
            let pins = super::pins(config, None);
            let above: Vec<(String, crate::journal::levels::Level, u32)> = library
                .catalogue
                .exercises
                .iter()
                .filter(|(_, e)| e.level_count() > 1)
                .map(|(id, e)| {
                    let top = e.level_count();
                    let l = crate::journal::levels::level(&history, id, top, pins.of(id), now);
                    (id.clone(), l, top)
                })
                .filter(|(_, l, _)| l.level > 1)
                .collect();
            output::levels::now(out, &above, crate::ui::terminal::text_width())?;
        }
    }
    Ok(Exit::Success)
}
