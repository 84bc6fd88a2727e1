//! The config file, colour, completions and the man page, through the real binary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs;

use common::Home;

/// The `config` table's row for `key`: (value, where from).
fn setting(out: &str, key: &str) -> (String, String) {
    let line = out
        .lines()
        .find(|l| l.split_whitespace().next() == Some(key))
        .unwrap_or_else(|| panic!("no {key} in {out}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    let from = words[words.len() - 1].to_owned();
    (words[1..words.len() - 1].join(" "), from)
}

fn write_config(home: &Home, text: &str) -> std::path::PathBuf {
    let dir = home.config().join("backcoach");
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn config_shows_defaults_and_where_each_came_from() {
    let home = Home::new();
    let (code, out, _) = home.run(&["config"]);
    assert_eq!(code, 0);
    assert_eq!(setting(&out, "lead_in"), ("3 s".into(), "default".into()));
    assert_eq!(setting(&out, "data_dir").1, "$XDG_DATA_HOME");
    assert!(
        out.contains("not there; `backcoach config --init`"),
        "{out}"
    );
}

#[test]
fn config_init_writes_a_commented_file_once() {
    let home = Home::new();
    let (code, out, _) = home.run(&["config", "--init"]);
    assert_eq!(code, 0);
    let path = home.config().join("backcoach/config.toml");
    assert_eq!(out.trim(), path.display().to_string());
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("# backcoach settings"));
    let (code, _, err) = home.run(&["config", "--init"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("is already there; it was left as it is"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        text,
        "nothing overwritten"
    );
    let (_, out, _) = home.run(&["config"]);
    assert!(
        out.contains("config.toml:5"),
        "values come from the file: {out}"
    );
}

#[test]
fn the_config_file_changes_what_it_says() {
    let home = Home::new();
    write_config(
        &home,
        "lead_in = 7\nrest = 0\nweek_start = \"sunday\"\ndata_dir = \"~/my-log\"\n",
    );
    let (_, out, _) = home.run(&["config"]);
    assert_eq!(
        setting(&out, "lead_in"),
        ("7 s".into(), "config.toml:1".into())
    );
    let (_, show, _) = home.run(&["show", "desk-break"]);
    assert!(show.contains("7 s to get ready before each step"), "{show}");
    assert!(
        !show.contains("Then rest"),
        "rest = 0 means no rests: {show}"
    );
    // A flag still beats the file.
    let (_, json, _) = home.run(&["stats", "--json"]);
    assert!(json.contains("\"week_start\": \"sunday\""), "{json}");
    let (_, json, _) = home.run(&["stats", "--json", "--week-start", "monday"]);
    assert!(json.contains("\"week_start\": \"monday\""), "{json}");
    // The log goes to data_dir, with `~` as the home directory.
    let (code, _, err) = home.run(&["log", "add", "heat", "--minutes", "15"]);
    assert_eq!(code, 0, "{err}");
    assert!(home.path().join("my-log/sessions.jsonl").is_file());
    assert!(!home.data().join("backcoach/sessions.jsonl").exists());
}

/// Issue 12: a problem in the config file stopped every command with exit 2. It is a
/// warning with file:line:col for every command, the setting it is in left out and the rest
/// applied; only `config` itself exits 2.
#[test]
fn a_bad_config_names_file_line_and_column_and_only_config_exits_2() {
    let home = Home::new();
    let path = write_config(&home, "lead_in = 3\nweek_strat = \"sunday\"\n");
    let (code, out, err) = home.run(&["list"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("evening"), "the command ran: {out}");
    let at = format!(
        "backcoach: warning: {}:2:1: unknown key `week_strat`",
        path.display()
    );
    assert!(err.contains(&at), "{err}");
    assert!(err.contains("did you mean `week_start`?"), "{err}");
    assert!(
        err.contains(&format!(
            "backcoach: note: the lines above are left out of {}, and the rest of it applies",
            path.display()
        )),
        "{err}"
    );

    write_config(&home, "lead_in = 99\nbell = \"yes\"\n");
    let (code, _, err) = home.run(&["config"]);
    assert_eq!(code, 2);
    assert!(err.contains("config.toml:2:8"), "{err}");
    assert!(err.contains("write `true` or `false`"), "{err}");

    write_config(
        &home,
        "lead_in = 99\ncolor = \"sometimes\"\ndata_dir = \"relative/dir\"\nrest = 0\n",
    );
    for args in [&["show", "evening"][..], &["config"]] {
        let (code, out, err) = home.run(args);
        assert_eq!(
            code,
            if args[0] == "config" { 2 } else { 0 },
            "{args:?}: {err}"
        );
        assert!(
            err.contains("config.toml:1:11: `lead_in` must be from 0 to 30 seconds"),
            "{err}"
        );
        assert!(
            err.contains("config.toml:2:9: unknown color `sometimes`"),
            "{err}"
        );
        assert!(
            err.contains("config.toml:3:12: `data_dir` must be a full path"),
            "{err}"
        );
        if args[0] == "config" {
            // The rest of the file applies: `rest = 0` on line 4.
            assert_eq!(
                setting(&out, "rest"),
                ("0 s".into(), "config.toml:4".into())
            );
            assert_eq!(setting(&out, "lead_in"), ("3 s".into(), "default".into()));
        }
    }

    // Completions and the man page still work, so the way out is never blocked.
    assert_eq!(home.run(&["man"]).0, 0);
    assert_eq!(home.run(&["completions", "bash"]).0, 0);
}

/// Issue 12: `strategies` (the red flags) always works: with a config file that is not
/// even TOML, and with a routines folder that can't be read, the red flags are printed.
#[test]
fn strategies_works_whatever_is_broken() {
    let home = Home::new();
    let path = write_config(&home, "lead_in = \"3\nweek_start = sunday\n");
    fs::write(home.config().join("backcoach/routines"), "not a folder").unwrap();
    let (code, out, err) = home.run(&["strategies"]);
    assert!(
        out.contains("Go to an emergency department now"),
        "the red flags: {out}"
    );
    assert!(out.contains("When to stop an exercise"), "{out}");
    assert!(
        err.contains(&format!(
            "backcoach: warning: {}:1:13: invalid basic string",
            path.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "backcoach: note: none of {} applies until it is fixed",
            path.display()
        )),
        "{err}"
    );
    assert!(err.contains("cannot read"), "the folder is told: {err}");
    assert_eq!(code, 1, "{err}");
}

#[test]
fn an_empty_config_file_is_all_defaults() {
    let home = Home::new();
    write_config(&home, "\n  \n");
    let (code, out, _) = home.run(&["config"]);
    assert_eq!(code, 0);
    assert_eq!(setting(&out, "lead_in"), ("3 s".into(), "default".into()));
}

const ESC: &str = "\x1b[";

#[test]
fn colour_follows_the_flag_then_the_file_then_no_color() {
    let home = Home::new();
    let styled = |args: &[&str], env: &[(&str, &str)]| {
        let out = home.cmd(args).envs(env.iter().copied()).output().unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).contains(ESC)
    };
    // A pipe gets no escape codes, unless asked.
    assert!(!styled(&["exercises"], &[]));
    assert!(styled(&["exercises", "--color", "always"], &[]));
    assert!(styled(&["--color=always", "show", "evening"], &[]));
    assert!(!styled(
        &["exercises", "--color", "always", "--color", "never"],
        &[]
    ));
    // The file beats NO_COLOR; the flag beats the file.
    write_config(&home, "color = \"always\"\n");
    assert!(styled(&["exercises"], &[("NO_COLOR", "1")]));
    assert!(!styled(&["exercises", "--color", "never"], &[]));
    // JSON is never styled.
    assert!(!styled(&["exercises", "--json"], &[]));
    write_config(&home, "color = \"auto\"\n");
    assert!(!styled(&["exercises"], &[("NO_COLOR", "1")]));
    let (_, out, _) = home
        .cmd(&["config"])
        .env("NO_COLOR", "1")
        .output()
        .map(|o| (0, String::from_utf8_lossy(&o.stdout).into_owned(), ()))
        .unwrap();
    // Issue 12: `auto` with NO_COLOR set is no colour, and NO_COLOR decided it.
    assert_eq!(setting(&out, "color"), ("never".into(), "$NO_COLOR".into()));
}

#[test]
fn no_color_alone_is_reported_as_the_source() {
    let home = Home::new();
    let out = home.cmd(&["config"]).env("NO_COLOR", "1").output().unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    assert_eq!(setting(&out, "color"), ("never".into(), "$NO_COLOR".into()));
}

#[test]
fn completions_for_every_shell_call_back_for_routine_names() {
    let home = Home::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (code, out, err) = home.run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.contains("COMPLETE"), "{shell}: {out}");
    }
    let (code, _, err) = home.run(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(err.contains("possible values"), "{err}");
}

#[test]
fn routine_names_complete_built_in_and_your_own() {
    let home = Home::new();
    home.routine("my-desk.toml", "title = \"x\"\n");
    let out = home
        .cmd(&["--", "backcoach", "start", "m"])
        .env("COMPLETE", "fish")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let names: Vec<&str> = text
        .lines()
        .map(|l| l.split('\t').next().unwrap_or(""))
        .collect();
    // Then the exercise ids (issue 14: an exercise runs on its own).
    assert_eq!(
        names,
        [
            "morning",
            "my-desk",
            "massage-stick",
            "mcgill-curl-up",
            "meditation"
        ],
        "{text}"
    );
    // `log add` also offers strategies and exercises, each once.
    let out = home
        .cmd(&["--", "backcoach", "log", "add", "hea"])
        .env("COMPLETE", "fish")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let names: Vec<&str> = text
        .lines()
        .map(|l| l.split('\t').next().unwrap_or(""))
        .collect();
    assert_eq!(names, ["heat", "heating-pad"], "{text}");
}

/// Issue 12: `start ./<Tab>` completed nothing. A path completes to the `.toml` files and
/// the folders there; a name, to the routine names and the `.toml` files of this folder.
#[test]
fn start_completes_paths_to_toml_files_and_folders() {
    let home = Home::new();
    fs::create_dir_all(home.path().join("plans/old")).unwrap();
    home.file("plans/a.toml", "");
    home.file("plans/notes.txt", "");
    home.file("mine.toml", "");
    let complete = |words: &[&str]| {
        let mut args = vec!["--", "backcoach"];
        args.extend(words);
        let out = home.cmd(&args).env("COMPLETE", "fish").output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.lines()
            .map(|l| l.split('\t').next().unwrap_or("").to_owned())
            .collect::<Vec<String>>()
    };
    // The home has the state folder (the safety screen was seen), and what is made here.
    assert_eq!(
        complete(&["start", "./"]),
        ["./mine.toml", "./plans/", "./state/"]
    );
    assert_eq!(
        complete(&["start", "plans/"]),
        ["plans/a.toml", "plans/old/"]
    );
    assert_eq!(complete(&["show", "./mi"]), ["./mine.toml"]);
    assert_eq!(
        complete(&["start", "m"]),
        [
            "morning",
            "massage-stick",
            "mcgill-curl-up",
            "meditation",
            "mine.toml"
        ]
    );
    // `edit` takes a name only, and `new --from` a routine.
    assert_eq!(complete(&["edit", "m"]), ["morning"]);
    assert_eq!(
        complete(&["new", "x", "--from", "m"]),
        ["morning", "mine.toml"]
    );
}

/// Issue 12: `start --help` lists the keys of a session and the range of each flag.
#[test]
fn start_help_lists_the_keys_and_each_flags_range() {
    let home = Home::new();
    for flag in ["--help", "-h"] {
        let (code, help, _) = home.run(&["start", flag]);
        assert_eq!(code, 0);
        for needle in [
            "Keys during a session on the full screen:",
            "  space     pause, or go on (the clock stops)",
            "  q  Esc    stop here; the session is recorded",
            "  Ctrl-C    stop at once; recorded as stopped (exit code 130)",
            "0-10",
            "(0.1 to 1000)",
            "0-30",
        ] {
            assert!(help.contains(needle), "{flag}: {needle}\n{help}");
        }
        assert!(!help.contains("README"), "{help}");
    }
}

#[test]
fn the_man_page_is_roff_and_names_every_command() {
    let home = Home::new();
    let (code, out, _) = home.run(&["man"]);
    assert_eq!(code, 0);
    assert!(out.starts_with(".ie"), "{}", &out[..40.min(out.len())]);
    assert!(out.contains(".TH backcoach 1"));
    // One page with every command in full.
    for command in [
        "START",
        "LOG",
        "LOG ADD",
        "STATS",
        "NUDGE",
        "NEW",
        "EDIT",
        "CONFIG",
        "COMPLETIONS",
    ] {
        assert!(
            out.contains(&format!(".SH \"BACKCOACH {command}\"")),
            "{command}"
        );
    }
    assert!(out.contains(".SH FILES") && out.contains(".SH ENVIRONMENT"));
    // Issue 12: the page stands on its own: the session keys, the routine format (keys,
    // dosage kinds, limits), the files and the exit codes; no stray section, and nothing
    // sends a reader to a README they may not have.
    let sections: Vec<&str> = out
        .lines()
        .filter_map(|l| l.strip_prefix(".SH "))
        .filter(|s| !s.starts_with("\"BACKCOACH"))
        .collect();
    assert_eq!(
        sections,
        [
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "\"SESSION KEYS\"",
            "\"THE ROUTINE FORMAT\"",
            "FILES",
            "ENVIRONMENT",
            "\"EXIT STATUS\"",
            "EXAMPLES",
            "VERSION"
        ]
    );
    assert!(!out.contains("README"), "no pointer to a README");
    for needle in [
        "space\\fR\npause, or go on",
        "Ctrl\\-C\\fR\nstop at once",
        ".SS \"Keys of a step\"",
        "\\fBbreath = { inhale = N, hold = N, exhale = N, hold_after = N }, cycles = N\\fR",
        "at most 20 minutes on one area",
        "\\fB131\\fR, \\fB138\\fR, \\fB140\\fR, \\fB142\\fR",
        "\\fI$XDG_STATE_HOME/backcoach/state\\fR",
    ] {
        assert!(out.contains(needle), "{needle}");
    }
    let (_, help, _) = home.run(&["completions", "--help"]);
    assert!(!help.contains("README"), "{help}");
    assert!(
        help.contains("bash: echo 'source <(backcoach completions bash)' >> ~/.bashrc"),
        "{help}"
    );
    assert!(
        !out.contains("(1)\n"),
        "no pointers to pages that don't exist"
    );
}

/// Issue 11: a relative `HOME` made a data folder relative to wherever backcoach was run
/// from. It is not used for data (as a relative `XDG_DATA_HOME` is not): recording fails
/// with how to fix it, nothing is made, and `config` says where the answer came from.
#[test]
fn a_relative_home_is_not_used_for_data_and_config_says_so() {
    let home = Home::new();
    let run = |args: &[&str], vars: &[(&str, &str)]| {
        let mut cmd = home.std_cmd(args);
        cmd.env_remove("XDG_DATA_HOME").env_remove("XDG_STATE_HOME");
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let relative = [("HOME", "rel")];
    let (code, out, err) = run(&["log", "add", "heat", "-m", "10"], &relative);
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(
        err.contains("no home folder to keep the session log in"),
        "{err}"
    );
    assert!(
        err.contains("set HOME, or XDG_DATA_HOME, to a full path"),
        "{err}"
    );
    let (code, _, err) = run(
        &[
            "start",
            "desk-break",
            "--plain",
            "--lead-in",
            "0",
            "--pain",
            "3",
        ],
        &relative,
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        fs::read_dir(home.path())
            .unwrap()
            .all(|e| e.unwrap().file_name() != "rel"),
        "nothing made under the working folder"
    );
    let (_, out, _) = run(&["config"], &relative);
    assert_eq!(
        setting(&out, "data_dir"),
        ("(none: $HOME is not a full path)".into(), "$HOME".into())
    );
    // A full XDG_DATA_HOME is used whatever HOME is.
    let data = home.data().display().to_string();
    let (_, out, _) = run(&["config"], &[("HOME", "rel"), ("XDG_DATA_HOME", &data)]);
    assert_eq!(setting(&out, "data_dir").1, "$XDG_DATA_HOME");
    // A relative XDG_DATA_HOME is passed over: the folder comes from HOME, and `config`
    // no longer says it came from $XDG_DATA_HOME.
    let (_, out, _) = run(&["config"], &[("XDG_DATA_HOME", "rel")]);
    let expected = home.path().join(".local/share/backcoach");
    assert_eq!(
        setting(&out, "data_dir"),
        (expected.display().to_string(), "default".into())
    );
}

/// Found by the adversarial review of issue 11: a config.toml that can't be reached (a
/// symlink loop, a folder without access) was taken for no file at all, so its `data_dir`
/// was quietly ignored. It is told as a problem: `config` exits 2, other commands warn.
#[cfg(unix)]
#[test]
fn a_config_that_cannot_be_reached_is_not_taken_for_none() {
    let home = Home::new();
    let dir = home.config().join("backcoach");
    fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink("config.toml", dir.join("config.toml")).unwrap();
    let (code, _, err) = home.run(&["config"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("config.toml"), "{err}");
    let (code, _, err) = home.run(&["list"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning") && err.contains("config.toml"),
        "{err}"
    );
}

/// Found by the adversarial review of issue 11: a relative HOME was still used for the config
/// file and the routines folder (read from, and written into, wherever backcoach was run).
#[test]
fn a_relative_home_is_not_used_for_the_config_or_the_routines() {
    let home = Home::new();
    let rel = home.path().join("rel/.config/backcoach");
    fs::create_dir_all(&rel).unwrap();
    fs::write(rel.join("config.toml"), "lead_in = 7\n").unwrap();
    let run = |args: &[&str]| {
        let mut cmd = home.std_cmd(args);
        cmd.env_remove("XDG_CONFIG_HOME").env("HOME", "rel");
        let out = cmd.output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (_, out, err) = run(&["config"]);
    assert!(!out.contains("config.toml:1"), "not read: {out}{err}");
    let (code, _, err) = run(&["new", "foo"]);
    assert_ne!(code, Some(0), "{err}");
    assert!(
        !rel.join("routines/foo.toml").exists(),
        "nothing written under ./rel"
    );
}

/// Issue 13: `notify` in the file shows in `config` with its line; a value that is not
/// `true`, `false` or `"auto"` is named with file:line:col and what to write.
#[test]
fn notify_in_the_config_file_and_a_bad_value() {
    let home = Home::new();
    let (_, out, _) = home.run(&["config"]);
    assert_eq!(setting(&out, "notify"), ("off".into(), "default".into()));
    write_config(&home, "bell = false\nnotify = \"auto\"\n");
    let (code, out, err) = home.run(&["config"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        setting(&out, "notify"),
        ("auto".into(), "config.toml:2".into())
    );
    write_config(&home, "notify = \"yes\"\n");
    let (code, out, err) = home.run(&["config"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("config.toml:1:10: `notify` can't be \"yes\""),
        "{err}"
    );
    assert!(err.contains("write `notify = true`"), "{err}");
    assert_eq!(setting(&out, "notify"), ("off".into(), "default".into()));
}

/// Issue 14: a `[levels]` pin with a typo pins nothing; every command that uses levels says
/// so with the config's line and a "did you mean", and goes on.
#[test]
fn a_levels_pin_naming_no_exercise_is_warned_of_with_its_line() {
    let home = Home::new();
    let path = write_config(&home, "lead_in = 3\n[levels]\nbird-dgo = 2\nplank = 2\n");
    let (code, out, err) = home.run(&["show", "core"]);
    assert_eq!(code, 0, "{err}");
    let line = format!("{}:3", path.display());
    assert!(err.contains(&line), "{err}");
    assert!(
        err.contains("`[levels]` names `bird-dgo`, which is no exercise"),
        "{err}"
    );
    assert!(err.contains("did you mean `bird-dog`?"), "{err}");
    // The pin that names an exercise still holds.
    assert!(out.contains("At level 2 of 3 (pinned)."), "{out}");
    let (_, _, err) = home.run(&["exercises", "plank"]);
    assert!(err.contains("bird-dgo"), "{err}");
    // `config` lists what is in effect, and the typo is its error (exit 2).
    let (code, out, err) = home.run(&["config"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("did you mean `bird-dog`?"), "{err}");
    assert!(
        !out.contains("bird-dgo"),
        "a pin that pins nothing is not in effect: {out}"
    );
}

/// The new user's review: `list` said core was about 7 minutes while `show core`, at the
/// levels pinned in the config, said 13. `list` gives each routine at your levels too.
#[test]
fn list_gives_each_routine_at_your_levels() {
    let home = Home::new();
    let seconds = |home: &Home| {
        let (_, out, _) = home.run(&["list", "--json"]);
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        v.as_array()
            .and_then(|a| a.iter().find(|r| r["name"] == "core"))
            .and_then(|r| r["seconds"].as_u64())
            .expect("core")
    };
    let written = seconds(&home);
    write_config(
        &home,
        "[levels]\nplank = 3\nside-plank = 3\nbird-dog = 3\nbridge = 3\nmcgill-curl-up = 3\n",
    );
    let leveled = seconds(&home);
    assert!(leveled > written + 60, "{written} -> {leveled}");
    let (_, shown, _) = home.run(&["show", "core"]);
    let length = match (leveled / 60, leveled % 60) {
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    };
    assert!(
        shown.lines().nth(1).unwrap_or("").contains(&length),
        "{length}\n{shown}"
    );
}
