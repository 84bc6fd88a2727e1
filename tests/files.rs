//! Every file backcoach reads, as an attacker would hand it over: named pipes and devices in
//! place of a routine or the config, files far over the limit, control characters in text
//! and in file names, a symlink out of the routines folder, and thousands of steps. The real
//! binary runs in a temporary XDG home; a hang is caught by a timeout, never waited out.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::time::Duration;

use common::Home;
use predicates::str::contains;

/// Long enough for a slow machine, short enough that a hang fails the test.
const HANG: Duration = Duration::from_secs(20);

#[cfg(unix)]
fn mkfifo(path: &Path) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    let made = std::process::Command::new("mkfifo").arg(path).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn a_fifo_config_toml_does_not_hang() {
    let home = Home::new();
    let config = home.config().join("backcoach").join("config.toml");
    mkfifo(&config);
    home.cmd(&["list"])
        .timeout(HANG)
        .assert()
        .code(2)
        .stderr(contains(format!(
            "{}: this is a named pipe (FIFO), not a regular file",
            config.display()
        )))
        .stderr(contains(
            "hint: backcoach reads routines, the catalogue and its settings",
        ));
}

#[cfg(unix)]
#[test]
fn a_fifo_routine_does_not_hang() {
    let home = Home::new();
    // In the routines folder: by name, and in the list.
    mkfifo(&home.routines().join("piped.toml"));
    home.cmd(&["show", "piped"])
        .timeout(HANG)
        .assert()
        .code(2)
        .stderr(contains(
            "piped.toml: this is a named pipe (FIFO), not a regular file",
        ));
    home.cmd(&["list"])
        .timeout(HANG)
        .assert()
        .code(2)
        .stdout(contains("evening"))
        .stderr(contains("piped.toml: this is a named pipe (FIFO)"));
    // Named on the command line, and the catalogue's name too.
    for name in ["elsewhere.toml", "exercises.toml"] {
        let path = home.path().join("cli").join(name);
        mkfifo(&path);
        let arg = path.display().to_string();
        home.cmd(&["check", &arg])
            .timeout(HANG)
            .assert()
            .code(2)
            .stderr(contains(format!("{arg}: this is a named pipe (FIFO)")));
        home.cmd(&["start", &arg, "--plain", "--no-log"])
            .timeout(HANG)
            .assert()
            .code(2)
            .stderr(contains("named pipe"));
    }
}

#[cfg(unix)]
#[test]
fn dev_zero_as_a_routine_is_refused() {
    let home = Home::new();
    home.cmd(&["check", "/dev/zero"])
        .timeout(HANG)
        .assert()
        .code(2)
        .stderr(contains("/dev/zero: this is a device, not a regular file"));
    std::fs::create_dir_all(home.routines()).unwrap();
    std::os::unix::fs::symlink("/dev/zero", home.routines().join("zero.toml")).unwrap();
    home.cmd(&["show", "zero"])
        .timeout(HANG)
        .assert()
        .code(2)
        .stderr(contains("zero.toml: this is a device"));
    let config = home.config().join("backcoach").join("config.toml");
    std::os::unix::fs::symlink("/dev/zero", &config).unwrap();
    home.cmd(&["config"])
        .timeout(HANG)
        .assert()
        .code(2)
        .stderr(contains("config.toml: this is a device"));
}

/// A regular file can be large too: only the limit and one byte more are read, so an 8 GiB
/// (sparse) routine is refused as over the limit instead of being read whole.
#[test]
fn a_routine_of_8_gib_is_refused_after_one_mib() {
    let home = Home::new();
    let path = home.path().join("huge.toml");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(8 << 30).unwrap();
    home.cmd(&["check", "huge.toml"])
        .timeout(HANG)
        .assert()
        .code(2)
        .stderr(contains(
            "huge.toml: the file is over 1048576 bytes (1 MiB), the limit",
        ));
}

/// 60,000 steps in half a megabyte: one message at the first step too many, a bounded
/// amount of output, and no step past the limit checked.
#[test]
fn sixty_thousand_steps_are_rejected_quickly_in_bounded_memory() {
    let home = Home::new();
    let text = format!(
        "title = \"T\"\nsummary = \"S\"\n{}",
        "[[step]]\n".repeat(60_000)
    );
    home.file("many.toml", text);
    let out = home
        .cmd(&["check", "many.toml"])
        .timeout(HANG)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with("backcoach: many.toml:103:1: 60000 steps is over the limit of 100\n"),
        "{err}"
    );
    let problems = err.matches("backcoach: ").count();
    assert!(problems <= 21, "{problems} problems shown");
    assert!(err.len() < 8 * 1024, "{} bytes of problems", err.len());
}

/// An error 70,000 characters along a line: the snippet shows the end of the line up to
/// it, with the caret under it, where it once panicked.
#[test]
fn an_error_at_column_70000_does_not_panic() {
    let home = Home::new();
    let text = format!("title = \"{}\" oops\nsummary = \"S\"\n", "a".repeat(70_000));
    home.file("long.toml", text);
    let (code, _, err) = home.run(&["check", "long.toml"]);
    assert_eq!(code, 2, "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines[0].starts_with("backcoach: long.toml:1:70012: "),
        "{err}"
    );
    assert!(lines[1].starts_with("   1 | …aaa"), "{err}");
    assert!(lines.iter().all(|l| l.chars().count() < 130), "{err}");
}
