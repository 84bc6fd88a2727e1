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
    // A warning (issue 12: a bad config file stops only `config`), not a wait.
    home.cmd(&["list"])
        .timeout(HANG)
        .assert()
        .code(0)
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

/// No control character but a line break in what was written, once backcoach's own colours
/// (`ESC [ ... m`) are taken out.
fn assert_no_controls(what: &str, text: &str) {
    let mut plain = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        plain.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        match after.find(|c: char| !(c.is_ascii_digit() || c == ';')) {
            Some(end) if after[end..].starts_with('m') => rest = &after[end + 1..],
            _ => {
                plain.push('\u{1b}');
                rest = &rest[at + 1..];
            }
        }
    }
    plain.push_str(rest);
    assert!(
        !plain.chars().any(|c| c.is_control() && c != '\n'),
        "{what} carries a control character: {text:?}"
    );
}

/// A title that would set the terminal's title and ring its bell is refused with its place;
/// written raw (which TOML itself refuses), the line shown under the message is escaped.
#[test]
fn a_title_with_esc_and_bel_is_rejected_by_check() {
    let home = Home::new();
    let step = "[[step]]\nexercise = \"cat-cow\"\n";
    home.file(
        "escaped.toml",
        format!("summary = \"S\"\ntitle = \"x\\u001b]0;PWNED\\u0007\"\n{step}"),
    );
    home.file(
        "raw.toml",
        format!("summary = \"S\"\ntitle = \"x\u{1b}]0;PWNED\u{7}\"\n{step}"),
    );
    let (code, out, err) = home.run(&["check", "escaped.toml", "raw.toml"]);
    assert_eq!(code, 2, "{out}{err}");
    assert_no_controls("stderr", &err);
    assert!(
        err.contains("backcoach: escaped.toml:2:9: `title` holds the control character U+001B\n"),
        "{err}"
    );
    assert!(
        err.contains("hint: write it as plain text on one line"),
        "{err}"
    );
    assert!(err.contains("backcoach: raw.toml:2:"), "{err}");
    assert!(
        err.contains("   2 | title = \"x\\u001b]0;PWNED\\u0007\""),
        "{err}"
    );
}

/// One session whose routine, step strategy and note carry escape sequences: as if the log
/// had been edited by hand, or by someone else.
const HOSTILE_LOG: &str = r#"{"version":1,"id":"1","routine":"even\u001b[2Jing","title":"T\u009b2J","started_at":"2026-11-20T19:30:00.000+01:00","ended_at":"2026-11-20T19:50:25.000+01:00","status":"completed","planned_seconds":1225,"active_seconds":1225.0,"steps":[{"exercise":"heating-pad","name":"Heating pad","strategy":"he\u001b]0;X\u0007at","outcome":"done","seconds":600.0}],"pain_before":6,"pain_after":4,"note":"=1+1 \u001b]0;PWNED\u0007\u001b[2J gone"}
"#;

fn with_log(text: &str) -> Home {
    let home = Home::new();
    let dir = home.data().join("backcoach");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("sessions.jsonl"), text).unwrap();
    home
}

#[test]
fn a_log_note_with_esc_and_bel_is_escaped_by_log() {
    let home = with_log(HOSTILE_LOG);
    for args in [
        &["log"][..],
        &["log", "--color", "always"],
        &["log", "--csv"],
        &["log", "--json"],
    ] {
        let (code, out, err) = home.run(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert_no_controls(&format!("{args:?}"), &out);
        assert!(
            out.contains(r"\u001b]0;PWNED\u0007\u001b[2J gone"),
            "{args:?}: {out}"
        );
    }
    let (_, out, _) = home.run(&["log"]);
    assert!(out.contains(r"even\u001b[2Jing"), "{out}");
    // JSON Lines stay valid JSON, and mean what the log says.
    let (_, out, _) = home.run(&["log", "--json"]);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["title"], "T\u{9b}2J");
    assert!(out.contains(r#""title":"T\u009b2J""#), "{out}");
    // And the strategy in `stats`.
    let (code, out, _) = home.run(&["stats", "--until", "2026-11-22"]);
    assert_eq!(code, 0);
    assert_no_controls("stats", &out);
    assert!(out.contains(r"he\u001b]0;X\u0007at"), "{out}");
}

#[test]
fn a_csv_cell_starting_with_equals_is_escaped() {
    let home = with_log(HOSTILE_LOG);
    let (code, out, _) = home.run(&["log", "--csv"]);
    assert_eq!(code, 0);
    let row = out.lines().nth(1).unwrap();
    assert!(
        row.contains(r",'=1+1 \u001b]0;PWNED\u0007\u001b[2J gone,"),
        "{row}"
    );
}

/// A routine file named with an escape sequence, in the routines folder and on the command
/// line: every message that names it shows the escape as text.
#[test]
fn a_file_name_with_an_escape_in_an_error_message_is_escaped() {
    let home = Home::new();
    home.routine("\u{1b}]0;PWNED\u{7}.toml", "title = \"T\"\n");
    let (code, out, err) = home.run(&["list"]);
    assert_eq!(code, 2, "{out}{err}");
    assert_no_controls("list's stderr", &err);
    assert!(
        err.contains(r"/routines/\u001b]0;PWNED\u0007.toml: `\u001b]0;PWNED\u0007` can't be used as a routine name"),
        "{err}"
    );
    let (code, _, err) = home.run(&["check", "\u{1b}[2J.toml", "./\u{9b}2J/x.toml"]);
    assert_eq!(code, 2);
    assert_no_controls("check's stderr", &err);
    assert!(
        err.contains(r"backcoach: \u001b[2J.toml: no such file"),
        "{err}"
    );
    assert!(
        err.contains(r"backcoach: ./\u009b2J/x.toml: no such file"),
        "{err}"
    );
    home.file(
        "\u{1b}[2J.toml",
        "title = \"T\"\nsummary = \"S\"\n[[step]]\nexercise = \"cat-cow\"\n",
    );
    let (code, out, _) = home.run(&["check", "\u{1b}[2J.toml"]);
    assert_eq!(code, 0);
    assert_eq!(out, "\\u001b[2J.toml: ok\n");
    let (code, out, _) = home.run(&["show", "./\u{1b}[2J.toml"]);
    assert_eq!(code, 0);
    assert_no_controls("show", &out);
}

/// A routine in the routines folder that is a link to a file elsewhere: its problems name
/// the place but echo none of its lines. The same file named on the command line, or a link
/// to a file inside the folder, shows its line as usual.
#[cfg(unix)]
#[test]
fn a_symlinked_routine_out_of_the_folder_gets_no_snippet() {
    let home = Home::new();
    let secret = home.file("secret.toml", "password = \"hunter2\"\n");
    std::fs::create_dir_all(home.routines()).unwrap();
    std::os::unix::fs::symlink(&secret, home.routines().join("linked.toml")).unwrap();
    for args in [&["show", "linked"][..], &["list"]] {
        let (code, _, err) = home.run(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("linked.toml:1:1: unknown key `password`\n  hint:"),
            "{args:?}: {err}"
        );
        assert!(
            !err.contains("hunter2"),
            "{args:?} echoed the target: {err}"
        );
    }
    let (code, _, err) = home.run(&["check", "secret.toml"]);
    assert_eq!(code, 2);
    assert!(err.contains("   1 | password = \"hunter2\""), "{err}");
    // A link that stays in the folder is the folder's own.
    let inside = home.routine("real.toml", "sconds = 3\n");
    std::os::unix::fs::symlink(&inside, home.routines().join("alias.toml")).unwrap();
    let (_, _, err) = home.run(&["show", "alias"]);
    assert!(err.contains("   1 | sconds = 3"), "{err}");
}
