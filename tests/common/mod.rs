//! One helper for driving the real binary in a temporary XDG home.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// A temporary home: `$XDG_CONFIG_HOME`, `$XDG_DATA_HOME`, `$XDG_STATE_HOME` and `$HOME` all
/// inside it.
pub struct Home {
    pub dir: TempDir,
}

impl Home {
    /// A home where the safety screen has been seen already, as it has for everyone after
    /// their first session: the tests of other things don't meet it.
    pub fn new() -> Home {
        let home = Home::first_run();
        home.safety_seen();
        home
    }

    /// A home that has never run a session: the safety screen comes first.
    pub fn first_run() -> Home {
        Home {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn state(&self) -> PathBuf {
        self.dir.path().join("state")
    }

    /// The state file, where backcoach remembers that the safety screen was shown.
    pub fn state_file(&self) -> PathBuf {
        self.state().join("backcoach").join("state")
    }

    /// Writes the state file as backcoach does after the safety screen.
    pub fn safety_seen(&self) {
        fs::create_dir_all(self.state().join("backcoach")).expect("mkdir");
        fs::write(
            self.state_file(),
            "safety_shown = \"2026-11-24T19:30:00+01:00\"\n",
        )
        .expect("write");
    }

    pub fn config(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The user's routines folder.
    pub fn routines(&self) -> PathBuf {
        self.config().join("backcoach").join("routines")
    }

    /// Writes a user routine and returns its path.
    pub fn routine(&self, name: &str, text: &str) -> PathBuf {
        fs::create_dir_all(self.routines()).expect("mkdir");
        let path = self.routines().join(name);
        fs::write(&path, text).expect("write");
        path
    }

    /// Writes a file anywhere in the home.
    pub fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        fs::write(&path, bytes).expect("write");
        path
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `backcoach ARGS` in this home, run from inside it, with nothing else from the
    /// environment but PATH.
    pub fn std_cmd(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = self.in_home(assert_cmd::cargo::cargo_bin("backcoach"));
        cmd.args(args);
        cmd
    }

    /// A shell running `script` in this home (as `std_cmd` is), with `$0` backcoach: for a
    /// run under a `umask` or a `ulimit` of its own.
    #[allow(dead_code)]
    pub fn sh(&self, script: &str) -> std::process::Command {
        let mut cmd = self.in_home("sh");
        cmd.args([
            "-c",
            script,
            assert_cmd::cargo::cargo_bin("backcoach")
                .to_str()
                .expect("a UTF-8 path"),
        ]);
        cmd
    }

    /// `program`, run from inside this home, with nothing else from the environment but PATH.
    fn in_home(&self, program: impl AsRef<std::ffi::OsStr>) -> std::process::Command {
        let mut cmd = std::process::Command::new(program);
        cmd.current_dir(self.path())
            .env_clear()
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.config())
            .env("XDG_DATA_HOME", self.data())
            .env("XDG_STATE_HOME", self.state())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default());
        cmd
    }

    /// The same, as an assert_cmd command.
    pub fn cmd(&self, args: &[&str]) -> Command {
        Command::from_std(self.std_cmd(args))
    }

    /// Runs and returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd(args).output().expect("run");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Runs a plain session and stops it with SIGTERM once standard output shows `until`:
    /// (exit code, stdout, stderr). For tests that need a recorded session but not its
    /// whole length on the real clock.
    #[cfg(unix)]
    #[allow(dead_code)]
    pub fn run_until(&self, args: &[&str], until: &str) -> (i32, String, String) {
        use std::io::{BufRead, BufReader, Read};

        use nix::sys::signal::{Signal, kill};
        use nix::unistd::Pid;
        let mut child = self
            .std_cmd(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut out = String::new();
        while !out.contains(until) {
            assert!(stdout.read_line(&mut out).expect("read") > 0, "{out}");
        }
        let pid = i32::try_from(child.id()).expect("a pid");
        kill(Pid::from_raw(pid), Signal::SIGTERM).expect("kill");
        stdout.read_to_string(&mut out).expect("read");
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            e.read_to_string(&mut err).expect("read");
        }
        let code = child.wait().expect("wait").code().unwrap_or(-1);
        (code, out, err)
    }
}
