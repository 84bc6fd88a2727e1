//! Writing your own routines: `new` puts a commented starter (or a copy of a routine) in
//! the routines folder without ever overwriting a file, and takes a built-in's name only
//! when told to (`--force`: the flagship `evening` is not replaced by a slip); `edit` opens
//! one in your editor and checks it when the editor closes, so a mistake is caught before
//! the evening's session, and a built-in copied for editing but left unchanged is not kept.

use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::Command;

use crate::commands::check;
use crate::error::{Error, Exit, Printer};
use crate::routine::diag::did_you_mean;
use crate::routine::library::{self, Found, Library, Source};
use crate::routine::{is_catalogue_name, is_valid_name};
use crate::untrusted::escape;

/// A new routine when there is no `--from`: every key explained, one step of three kinds.
pub const STARTER: &str = r#"# A routine of your own. `backcoach check` checks this file; `backcoach show NAME` shows it.
# The format is in `man backcoach`; `backcoach exercises` lists what you can use in a step.

title = "My routine"                    # shown at the top of the screen and by `backcoach list`
summary = "What it is for, in a line"   # shown by `backcoach show`
for = "my evenings"                     # when or why, in a few words: the FOR column of `list`
when = "evening"                        # morning, day, evening or any
rest = 10                               # seconds between steps (optional)

# Each [[step]] is one exercise from the catalogue, in the order you do them.
# A step can change the catalogue's dosage: seconds, minutes, reps, cycles, sets, sides.

[[step]]
exercise = "cat-cow"                    # stretching: slow rounds with the breath
cycles = 10                             # 10 rounds, 4 s each way; without this line it
                                        # follows your level (5 rounds to start)
                                        # (SportBU: 3-5 s each way, about 10 cycles)

[[step]]
exercise = "bridge"                     # strengthening
reps = 5                                # start with about 5; add 1-2 every few days (NHS inform)

[[step]]
exercise = "deep-breathing"             # mind-body
cycles = 10                             # 10 slow breaths: in 4 s, out 6 s

# Or write a step of your own, with a name, a strategy and cues:
# [[step]]
# name = "Hip circles"
# strategy = "stretching"     # stretching, self-massage, heat, posture, strengthening, mind-body
# cues = ["Hands on hips, feet apart", "Draw slow circles with your hips"]
# seconds = 45

# `optional = true` on a step leaves it out first when `backcoach start NAME --minutes 10`
# has to fit the routine into less time.
"#;

/// Creates `path` with `text`, never over an existing file (even one created a moment ago
/// by another process), making its folder first.
pub fn create(path: &Path, text: &str) -> Result<(), Error> {
    let failed = |source| Error::Write {
        path: path.to_owned(),
        source,
    };
    if let Some(dir) = path.parent() {
        own_folder(dir).map_err(failed)?;
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o644);
    let mut file = match options.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(Error::Exists(path.to_owned()));
        }
        Err(e) => return Err(failed(e)),
    };
    // Whatever the umask: readable by the owner (777 made it 000), written by nobody else
    // (000 made it 666). Through the open file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o644))
            .map_err(failed)?;
    }
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(failed)
}

/// Makes `dir` and its missing parents, 0700 whatever the umask: a umask of 777 made them
/// 000 (and every later run failed to read them), one of 000 made them 777 (so others could
/// put routines and a config in them). A folder already there of the user's own is given
/// back its owner's access and taken off group and others' writing.
fn own_folder(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        let meta = fs::metadata(dir)?;
        let mode = meta.mode() & 0o7777;
        let fixed = (mode | 0o700) & !0o022;
        if meta.uid() == rustix::process::geteuid().as_raw() && fixed != mode {
            fs::set_permissions(dir, fs::Permissions::from_mode(fixed))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        fs::create_dir_all(dir)
    }
}

/// The source text of a routine as found: its file, or the built-in text.
fn source_of(found: &Found) -> Result<String, Error> {
    match (&found.source, &found.path) {
        (Source::BuiltIn, _) | (_, None) => Ok(library::built_in(&found.routine.name)
            .unwrap_or_default()
            .to_owned()),
        (_, Some(path)) => {
            let bytes = library::read(path)?;
            Ok(String::from_utf8_lossy(&bytes).into_owned())
        }
    }
}

/// Where the user's routine `name` goes: a name, not a path, and not the catalogue's.
fn routine_path(library: &Library, name: &str) -> Result<std::path::PathBuf, Error> {
    if !is_valid_name(name) {
        return Err(Error::BadName {
            name: name.to_owned(),
        });
    }
    if is_catalogue_name(name) {
        return Err(Error::CatalogueName(name.to_owned()));
    }
    let dir = library.user_dir().ok_or(Error::NoConfigDir)?;
    Ok(dir.join(format!("{name}.toml")))
}

/// `backcoach new <name> [--from <routine>] [--force]`. A built-in's name needs `--force`;
/// then, without `--from`, the new routine starts as a copy of the built-in it replaces.
pub fn new(
    library: &Library,
    name: &str,
    from: Option<&str>,
    force: bool,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    let path = routine_path(library, name)?;
    if path.exists() {
        return Err(Error::Exists(path));
    }
    let built_in = library::built_in(name);
    if built_in.is_some() && !force {
        return Err(Error::WouldReplace(name.to_owned()));
    }
    let text = match (from, built_in) {
        (None, Some(src)) => format!(
            "# Your copy of the built-in `{name}` (`backcoach new {name} --force`); it replaces \
             the built-in.\n# Delete this file to have the built-in back.\n{src}"
        ),
        (None, None) => STARTER.replace("NAME", name),
        (Some(from), _) => {
            let found = library.resolve(from)?;
            format!(
                "# Started from `{}` with `backcoach new {name} --from {from}`.\n{}",
                found.routine.name,
                source_of(&found)?
            )
        }
    };
    create(&path, &text)?;
    writeln!(out, "{}", escape(&path.display().to_string()))?;
    if built_in.is_some() {
        Printer::stderr().note(format_args!(
            "this replaces the built-in `{name}`; delete the file to get it back"
        ));
    }
    Ok(Exit::Success)
}

/// The editor to run: $VISUAL, then $EDITOR, then `vi`.
fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|e| e.trim().to_owned())
        .find(|e| !e.is_empty())
        .unwrap_or_else(|| "vi".to_owned())
}

/// Runs `editor` on `path` through the shell, so an editor with arguments (`code --wait`)
/// works as it does for git.
fn run_editor(editor: &str, path: &Path) -> Result<(), Error> {
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(editor)
        .arg(path)
        .status()
        .map_err(|e| Error::Editor {
            editor: editor.to_owned(),
            what: format!("could not be started: {e}"),
        })?;
    match status.code() {
        Some(0) => Ok(()),
        Some(127) => Err(Error::Editor {
            editor: editor.to_owned(),
            what: "was not found".to_owned(),
        }),
        _ => Err(Error::Editor {
            editor: editor.to_owned(),
            what: format!("failed ({status}); the file was kept as it is"),
        }),
    }
}

/// `backcoach edit <name>`: opens the user's routine (copying a built-in one first), then
/// checks it. On a terminal, a file with problems can be reopened at once; otherwise the
/// problems are the error, and the file stays as written. A copy of a built-in that comes
/// back from the editor unchanged is removed (it would only shadow the built-in), and that
/// is said.
pub fn edit(library: &Library, name: &str, out: &mut impl Write) -> Result<Exit, Error> {
    let path = routine_path(library, name)?;
    let mut copy = None;
    if !path.is_file() {
        match library::built_in(name) {
            Some(src) => {
                let text = format!("# Your copy of the built-in `{name}`; it replaces it.\n{src}");
                create(&path, &text)?;
                writeln!(
                    out,
                    "Copied the built-in `{name}` to {}.",
                    escape(&path.display().to_string())
                )?;
                copy = Some(text);
            }
            None => {
                let names = library.names();
                return Err(Error::NothingToEdit {
                    name: name.to_owned(),
                    suggestion: did_you_mean(name, names.iter().map(String::as_str))
                        .map(str::to_owned),
                });
            }
        }
    }
    out.flush()?;
    let editor = editor();
    loop {
        let edited = run_editor(&editor, &path);
        if let Some(text) = &copy
            && fs::read(&path).is_ok_and(|now| now == text.as_bytes())
        {
            fs::remove_file(&path).map_err(|source| Error::Write {
                path: path.clone(),
                source,
            })?;
            writeln!(
                out,
                "No changes: the copy was removed, and the built-in `{name}` is used as before."
            )?;
            return edited.map(|()| Exit::Success);
        }
        edited?;
        match check::file(library, &path) {
            Ok(()) => {
                writeln!(out, "{}: ok", escape(&path.display().to_string()))?;
                return Ok(Exit::Success);
            }
            Err(Error::Invalid(diags)) if io::stdin().is_terminal() => {
                Printer::stderr().diagnostics(&diags);
                let mut err = io::stderr().lock();
                let _ = write!(err, "Open it again to fix? [Y/n] ");
                let _ = err.flush();
                let mut answer = String::new();
                io::stdin().read_line(&mut answer).map_err(Error::Output)?;
                if answer.trim().eq_ignore_ascii_case("n") {
                    let _ = writeln!(
                        err,
                        "Kept as you wrote it; `backcoach edit {name}` opens it again."
                    );
                    return Ok(Exit::BadInput);
                }
            }
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::parse;

    #[test]
    fn the_starter_is_a_valid_routine() {
        let library = Library::load(None).expect("catalogue");
        let text = STARTER.replace("NAME", "mine");
        let routine = parse::routine("mine", "mine.toml", &text, &library.catalogue)
            .expect("the starter parses");
        assert_eq!(routine.steps.len(), 3);
    }

    /// Issue 12: the starter's cat-cow was a 60 s static hold. It is the catalogue's cat-cow:
    /// 10 paced cycles of its two phases, 4 s each way (the catalogue's level 2; level 1 is
    /// the beginner's 5).
    #[test]
    fn the_starter_cat_cow_is_ten_paced_cycles_as_the_catalogue_has_it() {
        let library = Library::load(None).expect("catalogue");
        let text = STARTER.replace("NAME", "mine");
        let routine = parse::routine("mine", "mine.toml", &text, &library.catalogue)
            .expect("the starter parses");
        let cat_cow = library.catalogue.get("cat-cow").expect("in the catalogue");
        assert_eq!(routine.steps[0].id.as_deref(), Some("cat-cow"));
        assert_eq!(routine.steps[0].dosage, cat_cow.at_level(2).dosage);
        match &routine.steps[0].dosage {
            crate::routine::Dosage::Phases { phases, cycles } => {
                assert_eq!(*cycles, 10);
                let seconds: Vec<u32> = phases.iter().map(|p| p.seconds).collect();
                assert_eq!(seconds, [4, 4]);
            }
            other => panic!("cat-cow is {other:?}"),
        }
    }

    #[test]
    fn create_never_overwrites() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("deep/down/a.toml");
        create(&path, "one").expect("created, folders and all");
        assert!(matches!(create(&path, "two"), Err(Error::Exists(_))));
        assert_eq!(fs::read_to_string(&path).ok().as_deref(), Some("one"));
    }
}
