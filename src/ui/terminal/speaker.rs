//! The edge where the spoken coach meets the machine: a speech program (the platform's own,
//! or `voice_command`), found at run time and started once per utterance with the text as its
//! last argument, never through a shell. Speech never holds the clock: a program is started
//! and not waited for, a new utterance kills the one still speaking, finished ones are reaped
//! without blocking, and whatever is left when the session ends is killed. A failure is kept
//! to be told once, after the session. The session talks to a [`Speak`], so its tests give a
//! fake that writes down what would have been said.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Something that says a sentence, now, in place of what it was saying.
pub trait Speak {
    fn say(&mut self, text: &str);
    /// Reaps what finished speaking; called at every update, never blocks.
    fn poll(&mut self) {}
}

/// The programs looked for on PATH, in order, with the arguments that come before the text.
/// `spd-say -w` waits for its speech to end, so that killing it is the end of an utterance.
pub const PROGRAMS: [(&str, &[&str]); 4] = [
    ("espeak-ng", &[]),
    ("espeak", &[]),
    ("spd-say", &["-w"]),
    ("say", &[]),
];

/// A speech program, found: where it is and the arguments before the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Voice {
    pub program: PathBuf,
    pub args: Vec<String>,
}

/// No speech program could be found (the error's own type, so `error` needs nothing of `ui`).
pub use crate::error::NoSpeechProgram as NotFound;

/// The speech program: `command` (from `voice_command`) when given, otherwise the first of
/// [`PROGRAMS`] on `path` (`say` only on macOS, where it is the system's).
pub fn find(command: Option<&[String]>, path: Option<&OsStr>) -> Result<Voice, NotFound> {
    if let Some(command) = command {
        let (program, args) = command
            .split_first()
            .ok_or_else(|| NotFound::Configured(String::new()))?;
        return locate(program, path)
            .map(|program| Voice {
                program,
                args: args.to_vec(),
            })
            .ok_or_else(|| NotFound::Configured(program.clone()));
    }
    PROGRAMS
        .iter()
        .filter(|(name, _)| *name != "say" || cfg!(target_os = "macos"))
        .find_map(|(name, args)| {
            locate(name, path).map(|program| Voice {
                program,
                args: args.iter().map(|a| (*a).to_owned()).collect(),
            })
        })
        .ok_or(NotFound::NoneOnPath)
}

/// `program` as a path when it has a slash, otherwise the first executable of that name in
/// `path`'s folders.
fn locate(program: &str, path: Option<&OsStr>) -> Option<PathBuf> {
    if program.contains('/') {
        let p = PathBuf::from(program);
        return is_executable(&p).then_some(p);
    }
    if program.is_empty() {
        return None;
    }
    std::env::split_paths(path?)
        .filter(|dir| dir.is_absolute())
        .map(|dir| dir.join(program))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// How long, after a session that ran to its end, "Session complete" may go on being said
/// before it is cut.
pub const LAST_WORDS: Duration = Duration::from_secs(2);

/// The real speaker: one child process at a time, each in its own process group, so that
/// killing it ends whatever it started (a script's `sleep`, a player).
#[derive(Debug)]
pub struct Speaker {
    voice: Voice,
    speaking: Option<Child>,
    /// Killed, not yet reaped.
    dying: Vec<Child>,
    /// The first failure, to be told after the session.
    failure: Option<String>,
}

impl Speaker {
    pub fn new(voice: Voice) -> Speaker {
        Speaker {
            voice,
            speaking: None,
            dying: Vec::new(),
            failure: None,
        }
    }

    fn fail(&mut self, what: String) {
        if self.failure.is_none() {
            self.failure = Some(what);
        }
    }

    fn kill(child: &mut Child) {
        // Its group, then the child itself should the group be gone already; errors only
        // say that it has ended.
        let pid = rustix::process::Pid::from_child(child);
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
        let _ = child.kill();
    }

    /// Ends the session's speech: lets the last utterance go on for up to `grace`, then
    /// kills and reaps everything left. Gives the failure to tell, if any.
    pub fn finish(mut self, grace: Duration) -> Option<String> {
        let until = Instant::now() + grace;
        while self.speaking.is_some() && Instant::now() < until {
            self.poll();
            std::thread::sleep(Duration::from_millis(20));
        }
        self.poll();
        self.stop_all();
        self.failure.take()
    }

    fn stop_all(&mut self) {
        if let Some(mut child) = self.speaking.take() {
            Speaker::kill(&mut child);
            self.dying.push(child);
        }
        for mut child in self.dying.drain(..) {
            let _ = child.wait();
        }
    }
}

impl Speak for Speaker {
    fn say(&mut self, text: &str) {
        self.poll();
        if let Some(mut child) = self.speaking.take() {
            Speaker::kill(&mut child);
            self.dying.push(child);
        }
        use std::os::unix::process::CommandExt;
        let spawned = Command::new(&self.voice.program)
            .args(&self.voice.args)
            .arg(as_argument(text))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn();
        match spawned {
            Ok(child) => self.speaking = Some(child),
            Err(e) => self.fail(format!(
                "`{}` could not be started: {e}",
                self.voice.program.display()
            )),
        }
    }

    fn poll(&mut self) {
        self.dying
            .retain_mut(|child| !matches!(child.try_wait(), Ok(Some(_)) | Err(_)));
        if let Some(child) = &mut self.speaking {
            match child.try_wait() {
                Ok(None) => {}
                Ok(Some(status)) => {
                    if !status.success() {
                        let what = format!("`{}` failed ({status})", self.voice.program.display());
                        self.fail(what);
                    }
                    self.speaking = None;
                }
                Err(e) => {
                    self.fail(format!("`{}`: {e}", self.voice.program.display()));
                    self.speaking = None;
                }
            }
        }
    }
}

impl Drop for Speaker {
    /// Nothing is left speaking, however the session ended (a panic included).
    fn drop(&mut self) {
        self.stop_all();
    }
}

/// The text as one argument: control characters become spaces, and a leading `-` gets a
/// space before it, so that no text is taken for an option.
pub fn as_argument(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if clean.starts_with('-') {
        format!(" {clean}")
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let p = dir.join(name);
        std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).expect("write");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        p
    }

    #[test]
    fn the_first_program_on_path_is_found_and_voice_command_comes_first() {
        let tmp = tempfile::tempdir().expect("tmp");
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        std::fs::create_dir_all(&a).expect("mkdir");
        std::fs::create_dir_all(&b).expect("mkdir");
        script(&b, "espeak", "true");
        script(&b, "spd-say", "true");
        // Not executable: passed over.
        std::fs::write(a.join("espeak-ng"), "").expect("write");
        let path = std::env::join_paths([&a, &b]).expect("path");
        let found = find(None, Some(&path)).expect("found");
        assert_eq!(found.program, b.join("espeak"));
        assert!(found.args.is_empty());

        let command = ["spd-say".to_owned(), "-r".to_owned(), "-10".to_owned()];
        let found = find(Some(&command), Some(&path)).expect("found");
        assert_eq!(found.program, b.join("spd-say"));
        assert_eq!(found.args, ["-r", "-10"]);

        let missing = ["nothing-here".to_owned()];
        assert_eq!(
            find(Some(&missing), Some(&path)),
            Err(NotFound::Configured("nothing-here".to_owned()))
        );
        assert_eq!(find(None, Some(OsStr::new(""))), Err(NotFound::NoneOnPath));
        assert_eq!(find(None, None), Err(NotFound::NoneOnPath));
    }

    #[test]
    fn text_is_one_argument_never_an_option() {
        assert_eq!(as_argument("-rf now"), " -rf now");
        assert_eq!(as_argument("a\x1b[2Jb\n"), "a [2Jb ");
        assert_eq!(as_argument("$(rm x); `y`"), "$(rm x); `y`");
    }

    #[test]
    fn a_new_utterance_kills_the_last_and_a_failure_is_kept_for_the_end() {
        let tmp = tempfile::tempdir().expect("tmp");
        let slow = script(tmp.path(), "slow", "echo $$ >> \"$0.pids\"; exec sleep 10");
        let mut speaker = Speaker::new(Voice {
            program: slow.clone(),
            args: Vec::new(),
        });
        let began = Instant::now();
        speaker.say("one");
        speaker.say("two");
        assert!(began.elapsed() < Duration::from_secs(2), "never waits");
        assert_eq!(speaker.finish(Duration::ZERO), None);
        assert!(
            began.elapsed() < Duration::from_secs(5),
            "killed, not waited for"
        );

        let failing = script(tmp.path(), "failing", "exit 3");
        let mut speaker = Speaker::new(Voice {
            program: failing,
            args: Vec::new(),
        });
        speaker.say("one");
        let failure = speaker.finish(Duration::from_secs(5));
        assert!(
            failure.as_deref().is_some_and(|f| f.contains("failed")),
            "{failure:?}"
        );
    }
}
