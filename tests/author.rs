//! `new` and `edit`, and the plain nudges (with `--notify` where there is no desktop),
//! through the real binary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs;

use common::Home;

#[test]
fn new_writes_a_valid_commented_routine_and_prints_its_path() {
    let home = Home::new();
    let (code, out, err) = home.run(&["new", "my-evening"]);
    assert_eq!(code, 0, "{err}");
    let path = home.routines().join("my-evening.toml");
    assert_eq!(out.trim(), path.display().to_string());
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("# Each [[step]] is one exercise"), "{text}");
    assert_eq!(home.run(&["check", path.to_str().unwrap()]).0, 0);
    let (code, out, _) = home.run(&["list"]);
    assert_eq!(code, 0);
    assert!(out.contains("my-evening"), "{out}");
}

#[test]
fn new_refuses_to_overwrite_and_keeps_the_file() {
    let home = Home::new();
    let path = home.routine("mine.toml", "# my own words\n");
    let (code, _, err) = home.run(&["new", "mine"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("is already there; it was left as it is"),
        "{err}"
    );
    assert!(err.contains("backcoach edit mine"), "{err}");
    assert_eq!(fs::read_to_string(path).unwrap(), "# my own words\n");
}

/// Found by the adversarial review: `new exercises` wrote `exercises.toml`, which `check`
/// then read as the catalogue and `list` as a routine. A name that makes the catalogue's
/// file name, in any case, is refused, and nothing is written.
#[test]
fn new_exercises_is_refused_as_the_catalogues_file_name() {
    let home = Home::new();
    for args in [
        &["new", "exercises"][..],
        &["new", "Exercises"],
        &["new", "EXERCISES", "--from", "evening"],
        &["edit", "exercises"],
    ] {
        let (code, out, err) = home.run(args);
        assert_eq!(code, 2, "{args:?}");
        assert_eq!(out, "", "{args:?}");
        assert!(
            err.contains(&format!(
                "backcoach: `{}` can't be a routine name: exercises.toml is the exercise catalogue's file name\n  hint: pick another name, like `my-exercises`",
                args[1]
            )),
            "{args:?}: {err}"
        );
    }
    assert!(!home.routines().exists(), "nothing was written");
    // One written by hand is reported by `list`, not read as a routine.
    home.routine("exercises.toml", "title = \"T\"\n");
    let (code, out, err) = home.run(&["list"]);
    assert_eq!(code, 2);
    assert!(
        out.contains("evening") && !out.contains("exercises"),
        "{out}"
    );
    assert!(
        err.contains("exercises.toml: `exercises` can't be a routine name"),
        "{err}"
    );
}

#[test]
fn new_from_copies_a_routine_with_its_comments() {
    let home = Home::new();
    let (code, _, err) = home.run(&["new", "calm", "--from", "unwind"]);
    assert_eq!(code, 0, "{err}");
    let text = fs::read_to_string(home.routines().join("calm.toml")).unwrap();
    assert!(text.starts_with("# Started from `unwind`"), "{text}");
    let (_, show, _) = home.run(&["show", "calm"]);
    let (_, original, _) = home.run(&["show", "unwind"]);
    assert_eq!(
        show.lines().next(),
        original.lines().next(),
        "the same routine under a new name"
    );
}

#[test]
fn new_checks_its_arguments() {
    let home = Home::new();
    let (code, _, err) = home.run(&["new", "../escape"]);
    assert_eq!(code, 2);
    assert!(err.contains("is not a routine name"), "{err}");
    // Issue 12: the hint is about names, not paths.
    let (code, _, err) = home.run(&["new", "My Routine"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "backcoach: `My Routine` is not a routine name\n  hint: a name is lower-case letters, \
         digits and dashes, like `my-routine`; it becomes the file's name in your routines \
         folder\n"
    );
    let (code, _, err) = home.run(&["new", "x", "--from", "evenign"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `evening`?"), "{err}");
    assert!(!home.routines().join("x.toml").exists());
}

/// An "editor": a shell script that runs `sed` on the file it is given.
fn editor(home: &Home, name: &str, sed: &str) -> String {
    let path = home.file(name, format!("#!/bin/sh\nsed -i '{sed}' \"$1\"\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    }
    path.display().to_string()
}

#[test]
fn edit_opens_the_editor_then_checks_the_file() {
    let home = Home::new();
    home.run(&["new", "mine"]);
    let fix = editor(&home, "fix.sh", "s/reps = 5 /reps = 6 /");
    let (code, out, err) = home
        .cmd(&["edit", "mine"])
        .env("EDITOR", &fix)
        .output()
        .map(|o| {
            (
                o.status.code().unwrap(),
                String::from_utf8_lossy(&o.stdout).into_owned(),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        })
        .unwrap();
    assert_eq!(code, 0, "{err}");
    assert!(out.trim().ends_with("mine.toml: ok"), "{out}");
    let text = fs::read_to_string(home.routines().join("mine.toml")).unwrap();
    assert!(text.contains("reps = 6 "));

    // $VISUAL wins over $EDITOR; a mistake is named with its place, and the file is kept.
    let typo = editor(&home, "typo.sh", "s/cat-cow/cat-cwo/");
    let out = home
        .cmd(&["edit", "mine"])
        .env("VISUAL", &typo)
        .env("EDITOR", &fix)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("mine.toml:14:12: unknown exercise `cat-cwo`"),
        "{err}"
    );
    assert!(err.contains("did you mean `cat-cow`?"), "{err}");
    let text = fs::read_to_string(home.routines().join("mine.toml")).unwrap();
    assert!(text.contains("cat-cwo"), "what was written is kept");
}

#[test]
fn edit_a_built_in_copies_it_first_and_an_unknown_name_is_refused() {
    let home = Home::new();
    // An editor that changes it (one that does not is below).
    let edit = editor(&home, "edit.sh", "1a # my morning");
    let out = home
        .cmd(&["edit", "morning"])
        .env("EDITOR", &edit)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Copied the built-in `morning`"));
    let (_, list, _) = home.run(&["list"]);
    assert!(list.contains("user (replaces built-in)"), "{list}");

    let out = home
        .cmd(&["edit", "mornnig"])
        .env("EDITOR", "true")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `morning`?"), "{err}");
}

#[test]
fn an_editor_that_is_not_there_is_a_clear_failure() {
    let home = Home::new();
    home.run(&["new", "mine"]);
    let out = home
        .cmd(&["edit", "mine"])
        .env("EDITOR", "no-such-editor-here")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the editor `no-such-editor-here` was not found"),
        "{err}"
    );
    assert!(err.contains("hint: set $VISUAL or $EDITOR"), "{err}");
}

/// Plain nudges on the real binary: the opening line comes at once, and Ctrl-C (SIGINT)
/// ends the day with its count and exit 130. A line per nudge, and the end of the day on
/// time, are tested on made-up time in `commands::nudge`: nothing here waits half an hour.
#[test]
fn plain_nudges_say_when_and_ctrl_c_ends_them() {
    use std::io::{BufRead, BufReader, Read};
    use std::process::Stdio;
    let home = Home::new();
    let mut child = home
        .std_cmd(&["nudge", "--for", "1h"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    assert!(
        first.starts_with("Posture nudges every 30 min until"),
        "{first}"
    );
    let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).unwrap());
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGINT).unwrap();
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(130));
    assert_eq!(rest, "Posture nudges: 0 shown, 0 done.\n");
    assert!(!home.data().join("backcoach/sessions.jsonl").exists());
}

#[test]
fn nudge_times_are_checked() {
    let home = Home::new();
    for (flag, bad, says) in [
        ("--every", "1m", "out of range"),
        ("--every", "soon", "not a time"),
        ("--for", "25h", "out of range"),
    ] {
        let (code, _, err) = home.run(&["nudge", flag, bad]);
        assert_eq!(code, 2, "{flag} {bad}");
        assert!(err.contains(says), "{err}");
    }
}

/// `backcoach nudge ARGS` with no desktop to send notifications to: the session bus is a
/// socket that is not there, and the runtime folder (where the bus is looked for when no
/// address is set) is empty.
fn without_a_desktop(home: &Home, args: &[&str]) -> (i32, String, String) {
    let runtime = home.path().join("runtime");
    fs::create_dir_all(&runtime).unwrap();
    let out = home
        .cmd(args)
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .env("XDG_RUNTIME_DIR", &runtime)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Issue 13: `--notify` (or `notify = true`) with no notification service says what is
/// missing and what to do, and exits 2 before a nudge is shown.
#[test]
fn notify_without_a_notification_service_exits_2_and_says_what_to_do() {
    let home = Home::new();
    let (code, out, err) = without_a_desktop(&home, &["nudge", "--notify", "--plain"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.starts_with(
            "backcoach: --notify needs a desktop notification service, and none could be reached"
        ),
        "{err}"
    );
    assert!(err.contains("/nonexistent"), "{err}");
    assert!(err.contains("hint: run it in a desktop session"), "{err}");
    assert!(err.contains("use `--notify=auto`"), "{err}");

    fs::create_dir_all(home.config().join("backcoach")).unwrap();
    fs::write(
        home.config().join("backcoach/config.toml"),
        "bell = false\nnotify = true\n",
    )
    .unwrap();
    let (code, out, err) = without_a_desktop(&home, &["nudge", "--plain"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.starts_with("backcoach: `notify = true` (config.toml:2) needs a desktop"),
        "{err}"
    );
    assert!(
        err.contains("write `notify = \"auto\"` in the config"),
        "{err}"
    );
    // A flag beats the file: off for this once.
    let (code, _, err) = without_a_desktop(
        &home,
        &[
            "nudge",
            "--notify=off",
            "--plain",
            "--every",
            "5m",
            "--for",
            "6m",
            "--speed",
            "1000",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "");
}

/// Issue 13: `--notify=auto` with no notification service says so once, on stderr, and the
/// nudges go on in the terminal.
#[test]
fn notify_auto_without_a_service_keeps_the_nudges_in_the_terminal() {
    let home = Home::new();
    let (code, out, err) = without_a_desktop(
        &home,
        &[
            "nudge",
            "--notify=auto",
            "--plain",
            "--every",
            "5m",
            "--for",
            "6m",
            "--speed",
            "1000",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.starts_with("backcoach: note: no desktop notification service could be reached"),
        "{err}"
    );
    assert!(
        err.ends_with("; the nudges stay in this terminal\n"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "said once: {err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("Posture nudges every 5 min until") && !lines[0].contains("desktop"),
        "{out}"
    );
    assert!(lines[1].contains("Sitting posture check: "), "{out}");
    assert_eq!(lines[2], "Posture nudges: 1 shown, 0 done.", "{out}");
}

#[test]
fn notify_takes_on_auto_or_off_after_an_equals_sign() {
    let home = Home::new();
    let (code, _, err) = home.run(&["nudge", "--notify=maybe"]);
    assert_eq!(code, 2);
    assert!(err.contains("[possible values: on, auto, off]"), "{err}");
}

/// Issue 12: `edit morning` with an editor that changes nothing left a copy behind, which
/// then hid every later change to the built-in. The unchanged copy is removed, and that is
/// said.
#[test]
fn edit_a_built_in_and_change_nothing_leaves_no_copy() {
    let home = Home::new();
    let out = home
        .cmd(&["edit", "morning"])
        .env("EDITOR", "true")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Copied the built-in `morning`"), "{stdout}");
    assert!(
        stdout.contains(
            "No changes: the copy was removed, and the built-in `morning` is used as before."
        ),
        "{stdout}"
    );
    assert!(!home.routines().join("morning.toml").exists());
    let (_, list, _) = home.run(&["list"]);
    assert!(!list.contains("replaces built-in"), "{list}");
    // An editor that fails on an unchanged copy leaves none behind either.
    let out = home
        .cmd(&["edit", "morning"])
        .env("EDITOR", "false")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!home.routines().join("morning.toml").exists());
}

/// Issue 12: `new evening` quietly replaced the flagship routine. Without `--force` it is
/// refused with how to go on; with it, the user's copy of the built-in replaces it, and
/// that is said.
#[test]
fn new_with_a_built_ins_name_needs_force() {
    let home = Home::new();
    let (code, out, err) = home.run(&["new", "evening"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "backcoach: `evening` is a built-in routine; a routine of yours by that name would \
         replace it\n  hint: pick another name, like `my-evening` (`backcoach new my-evening \
         --from evening` starts from a copy), or add `--force` to make your own `evening` in \
         its place\n"
    );
    assert!(!home.routines().join("evening.toml").exists());

    let (code, out, err) = home.run(&["new", "evening", "--force"]);
    assert_eq!(code, 0, "{err}");
    let path = home.routines().join("evening.toml");
    assert_eq!(out.trim(), path.display().to_string());
    assert_eq!(
        err,
        "backcoach: note: this replaces the built-in `evening`; delete the file to get it back\n"
    );
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("# Your copy of the built-in `evening`"),
        "{text}"
    );
    let (_, show, _) = home.run(&["show", "evening"]);
    assert!(
        show.starts_with("Evening: warm, stretch, release, breathe"),
        "{show}"
    );
    let (_, list, _) = home.run(&["list"]);
    assert!(list.contains("user (replaces built-in)"), "{list}");
    // Never over a file, --force or not.
    let (code, _, err) = home.run(&["new", "evening", "--force"]);
    assert_eq!(code, 2);
    assert!(err.contains("is already there"), "{err}");
}

/// Found by the adversarial review of issue 11: under umask 777 `new` left the config folder
/// 000 (every later command failed to read it) and the state file was 000 (the safety screen
/// came back every time); under umask 000 the folders were 777 and the files 666.
#[cfg(unix)]
#[test]
fn new_and_the_state_file_keep_their_modes_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for umask in ["777", "000"] {
        let home = Home::first_run();
        let script = format!(
            "umask {umask}; \"$0\" new mine && exec \"$0\" start desk-break --plain --speed 1000"
        );
        let out = home.sh(&script).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "umask {umask}: {err}");
        let routines = home.config().join("backcoach/routines");
        assert_eq!(mode(&routines), 0o700, "umask {umask}");
        assert_eq!(mode(&routines.join("mine.toml")), 0o644, "umask {umask}");
        assert_eq!(mode(&home.state_file()), 0o600, "umask {umask}");
        // And a later run, under a usual umask, reads all of it.
        let (code, _, err) = home.run(&["list"]);
        assert_eq!(code, 0, "{err}");
    }
}
