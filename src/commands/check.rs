//! `backcoach check FILE...`: checks routine files (and the catalogue) without running them,
//! printing "ok" for each good one and every problem of the rest. `edit` checks with
//! [`file`] too.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::finish;
use crate::error::{Error, Exit};
use crate::routine::diag::Diagnostic;
use crate::routine::library::{self, Library};
use crate::routine::parse;
use crate::untrusted::escape;

pub fn check(library: &Library, files: &[PathBuf], out: &mut impl Write) -> Result<Exit, Error> {
    let mut problems = Vec::new();
    for file in files {
        match self::file(library, file) {
            Ok(()) => writeln!(out, "{}: ok", escape(&file.display().to_string()))?,
            Err(Error::Invalid(d)) => problems.extend(d),
            Err(Error::NoSuchFile { path: p, .. }) => problems.push(
                Diagnostic::new(&p.display().to_string(), "no such file").hint("check the path"),
            ),
            Err(e) => return Err(e),
        }
    }
    finish(problems)
}

/// Checks one file: a catalogue if it is named `exercises.toml`, a routine otherwise.
pub fn file(library: &Library, file: &Path) -> Result<(), Error> {
    let bytes = library::read(file)?;
    let origin = file.display().to_string();
    let src = parse::as_text(&origin, &bytes).map_err(|d| Error::Invalid(vec![d]))?;
    if file
        .file_name()
        .is_some_and(|n| n == library::CATALOGUE_FILE)
    {
        parse::catalogue(&origin, src)
            .map(drop)
            .map_err(Error::Invalid)
    } else {
        let name = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        parse::routine(&name, &origin, src, &library.catalogue)
            .map(drop)
            .map_err(Error::Invalid)
    }
}
