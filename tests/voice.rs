//! `backcoach start --voice` with the real binary: `voice_command` points at a tiny script
//! that writes down what it was given to say, so what is said, that the text is never seen by
//! a shell, that a speech program that hangs neither delays the session nor outlives it, and
//! how a missing or failing one is told, are all checked without a speech synthesizer.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::Home;
use nix::sys::signal::{Signal, kill, killpg};
use nix::unistd::Pid;
use serde_json::Value;

/// A title a shell would run: it must be said as it is written.
const TITLE: &str = r#"Blink $(touch pwned); echo "hi" | cat `id` & ~"#;

/// A 4-second routine, 1 s at `--speed 4`.
fn breathe(title: &str) -> String {
    format!(
        r#"
title = '{title}'
summary = "For the tests"

[[step]]
name = "Breathe"
strategy = "mind-body"
cues = ["Gently"]
phases = [{{ say = "Breathe in", seconds = 2 }}, {{ say = "Breathe out", seconds = 2 }}]
"#
    )
}

/// An executable script in the home, `#!/bin/sh` then `body`.
fn script(home: &Home, name: &str, body: &str) -> PathBuf {
    let path = home.file(name, format!("#!/bin/sh\n{body}\n"));
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}

/// `voice = true`, and `voice_command` the script at `program`.
fn config(home: &Home, program: &Path) {
    let dir = home.config().join("backcoach");
    fs::create_dir_all(&dir).expect("mkdir");
    let text = format!(
        "voice = true\nvoice_command = [{:?}]\n",
        program.display().to_string()
    );
    fs::write(dir.join("config.toml"), text).expect("config");
}

/// A speech program that writes down what it is given, a line each time, set as the home's
/// voice: where it writes.
fn writing_voice(home: &Home) -> PathBuf {
    let said = home.path().join("said.txt");
    let program = script(
        home,
        "say.sh",
        &format!("printf '%s\\n' \"$1\" >> '{}'", said.display()),
    );
    config(home, &program);
    said
}

/// A speech program that writes down its pid and then takes 10 s to say anything, set as
/// the home's voice: where its pids go.
fn hanging_voice(home: &Home) -> PathBuf {
    let pids = home.path().join("pids");
    let program = script(
        home,
        "hang.sh",
        &format!("echo $$ >> '{}'; sleep 10", pids.display()),
    );
    config(home, &program);
    pids
}

fn lines(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Every speech program a script started is gone (`kill -0` fails), and nothing of its
/// process group still runs: its `sleep 10` was killed with it. A killed `sleep` is handed
/// to init, which may be slow to reap it, so a member that is only a zombie counts as gone.
fn all_gone(pids: &[String]) {
    for pid in pids {
        let raw: i32 = pid.parse().expect("a pid");
        assert!(
            kill(Pid::from_raw(raw), None).is_err(),
            "the speech program {pid} is left"
        );
        let running = running_in_group(raw);
        assert!(
            running.is_empty(),
            "left running in group {pid}: {running:?}"
        );
    }
}

/// The processes of group `pgid` that are not zombies, from /proc; where there is no /proc,
/// whether the group can still be signalled at all.
fn running_in_group(pgid: i32) -> Vec<String> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return match killpg(Pid::from_raw(pgid), None) {
            Ok(()) => vec![format!("group {pgid}")],
            Err(_) => Vec::new(),
        };
    };
    entries
        .flatten()
        .filter_map(|e| fs::read_to_string(e.path().join("stat")).ok())
        .filter(|stat| {
            // After the command's closing parenthesis: state, ppid, pgrp.
            let fields: Vec<&str> = stat
                .rsplit_once(')')
                .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
            fields.get(2) == Some(&pgid.to_string().as_str())
                && !matches!(fields.first(), Some(&"Z" | &"X"))
        })
        .collect()
}

#[test]
fn a_plain_session_is_said_utterance_by_utterance_and_a_title_literally() {
    let home = Home::new();
    home.routine("breathe.toml", &breathe(TITLE));
    let said = writing_voice(&home);
    let (code, out, err) = home.run(&[
        "start",
        "breathe",
        "--lead-in",
        "0",
        "--plain",
        "--speed",
        "4",
    ]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert_eq!(
        lines(&said),
        [
            format!("{TITLE}. Step 1 of 1: Breathe, 4 seconds. Breathe in"),
            "Breathe out".to_owned(),
            "Session complete".to_owned(),
        ]
    );
    assert!(
        !home.path().join("pwned").exists(),
        "no shell saw the title"
    );
}

#[test]
fn a_speech_program_that_hangs_never_delays_the_session_and_is_not_left_behind() {
    let home = Home::new();
    let pids = hanging_voice(&home);
    // One second of breathing: the real clock, kept short.
    home.routine(
        "short.toml",
        "title = 'Short'\nsummary = 'S'\n[[step]]\nname = 'Breathe'\nstrategy = 'mind-body'\ncues = ['Gently']\nphases = [{ say = 'Breathe in', seconds = 1 }]\n",
    );
    let began = Instant::now();
    let (code, out, err) = home.run(&["start", "short", "--lead-in", "0", "--plain"]);
    let took = began.elapsed();
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let text = fs::read_to_string(home.data().join("backcoach/sessions.jsonl")).expect("a log");
    let record: Value = serde_json::from_str(text.lines().next().expect("a record")).expect("json");
    assert_eq!(record["active_seconds"], 1.0, "active time is the plan");
    assert!(
        took < Duration::from_secs(6),
        "1 s, and at most 2 s for the last words: {took:?}"
    );
    let pids = lines(&pids);
    assert!(
        pids.len() >= 2,
        "each utterance started a program: {pids:?}"
    );
    all_gone(&pids);
}

#[test]
fn sigterm_mid_sentence_leaves_no_speech_program_behind() {
    let home = Home::new();
    home.routine("breathe.toml", &breathe("Breathe"));
    let pids = hanging_voice(&home);
    let mut child = home
        .std_cmd(&["start", "breathe", "--lead-in", "0", "--plain", "--no-log"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let until = Instant::now() + Duration::from_secs(5);
    while lines(&pids).is_empty() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(!lines(&pids).is_empty(), "the first words were being said");
    let pid = Pid::from_raw(i32::try_from(child.id()).expect("a pid"));
    kill(pid, Signal::SIGTERM).expect("kill");
    let began = Instant::now();
    let code = child.wait().expect("wait").code();
    assert_eq!(code, Some(143));
    assert!(began.elapsed() < Duration::from_secs(2), "ended at once");
    all_gone(&lines(&pids));
}

#[test]
fn voice_without_a_speech_program_says_what_to_install_before_the_terminal_is_touched() {
    let home = Home::new();
    home.routine("breathe.toml", &breathe("Breathe"));
    let empty = home.path().join("empty");
    fs::create_dir_all(&empty).expect("mkdir");
    let out = home
        .cmd(&["start", "breathe", "--voice", "--plain"])
        .env("PATH", &empty)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(out.stdout.is_empty(), "nothing of the session began");
    assert!(err.contains("--voice needs a speech program"), "{err}");
    assert!(err.contains("install espeak-ng"), "{err}");
    assert!(err.contains("voice_command"), "{err}");

    config(&home, &home.path().join("no-such-program"));
    let (code, out, err) = home.run(&["start", "breathe"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("of `voice_command` is not there"), "{err}");
}

#[test]
fn a_failing_speech_program_is_told_once_after_the_session() {
    let home = Home::new();
    home.routine("breathe.toml", &breathe("Breathe"));
    let program = script(&home, "fail.sh", "exit 1");
    config(&home, &program);
    let (code, out, err) = home.run(&[
        "start",
        "breathe",
        "--lead-in",
        "0",
        "--plain",
        "--speed",
        "4",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Breathe: completed."), "{out}");
    assert_eq!(err.matches("backcoach: warning:").count(), 1, "{err}");
    assert!(err.contains("the session was not all said aloud"), "{err}");
    assert!(err.contains("failed"), "{err}");
}

/// Issue 14: a level change is said too, before the step, with what the rest says.
#[test]
fn a_level_change_is_said_before_the_step() {
    let home = Home::new();
    home.routine(
        "dog.toml",
        "title = \"Dog\"\nsummary = \"S\"\nrest = 1\n[[step]]\nexercise = \"plank\"\nseconds = 1\n[[step]]\nexercise = \"bird-dog\"\ncycles = 1\n",
    );
    let dir = home.data().join("backcoach");
    fs::create_dir_all(&dir).expect("mkdir");
    let log: String = (1..=3)
        .map(|d| {
            let at = (chrono::Local::now() - chrono::Duration::days(d))
                .fixed_offset()
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, false);
            format!(
                "{{\"version\":1,\"routine\":\"dog\",\"started_at\":\"{at}\",\"status\":\"completed\",\"steps\":[{{\"exercise\":\"bird-dog\",\"outcome\":\"done\",\"level\":1}}],\"pain_before\":3,\"pain_after\":3}}\n"
            )
        })
        .collect();
    fs::write(dir.join("sessions.jsonl"), log).expect("log");
    let said = writing_voice(&home);
    let (code, out, err) = home.run(&[
        "start",
        "dog",
        "--lead-in",
        "0",
        "--plain",
        "--speed",
        "50",
        "--no-log",
    ]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let said = lines(&said);
    assert!(
        said.iter()
            .any(|l| l
                .contains("Bird-dog, arm and leg: level 2 today, after 3 comfortable sessions.")),
        "{said:?}"
    );
    assert!(
        !said.iter().any(|l| l.contains("press d")),
        "plain mode reads no keys: {said:?}"
    );
}
