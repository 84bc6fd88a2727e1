//! The edge where the posture nudges meet the desktop (`nudge --notify`): each nudge is also
//! sent as a desktop notification, through notify-rust (D-Bus on Linux and the BSDs, the
//! system's own on macOS). A D-Bus call can block, so the loop never makes one: one worker
//! thread, fed by a channel, first asks whether a notification service is there (the answer
//! is awaited, for a bounded time, before the terminal is touched), then sends each
//! notification the loop hands it. A failure is kept to be told once, after the day. The day
//! talks to a [`Notify`], so its tests give a fake that writes down what would have been
//! shown; the worker talks to a [`Backend`], so its tests need no desktop.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use crate::error::NoNotifications;
use crate::untrusted::is_unsafe_on_screen;

/// Something that shows a notification, without waiting for it to be shown.
pub trait Notify {
    fn notify(&mut self, summary: &str, body: &str);
}

/// How long the notification service has to answer before the day begins.
pub const ASK_WITHIN: Duration = Duration::from_secs(5);

/// How long, once the day is over, the worker has to say how its sending went.
pub const LAST_SEND: Duration = Duration::from_secs(1);

/// A notification service, as the worker found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// It reads the body as markup (the `body-markup` capability): `&`, `<` and `>` must be
    /// written as entities.
    pub markup: bool,
}

/// The desktop, as the worker uses it. Both calls may block.
pub trait Backend: Send + 'static {
    /// The notification service, or what the desktop said when asked for it.
    fn server(&mut self) -> Result<Server, String>;
    fn show(&mut self, summary: &str, body: &str) -> Result<(), String>;
}

/// The real desktop, through notify-rust.
#[derive(Debug, Clone, Copy, Default)]
pub struct System;

impl Backend for System {
    #[cfg(not(target_os = "macos"))]
    fn server(&mut self) -> Result<Server, String> {
        // Its answer is only that it is there.
        notify_rust::get_server_information().map_err(|e| e.to_string())?;
        // A service that can't list its capabilities is taken as reading plain text.
        let markup = notify_rust::get_capabilities()
            .is_ok_and(|caps| caps.iter().any(|c| c == "body-markup"));
        Ok(Server { markup })
    }

    /// macOS has no service to ask for: its Notification Center is always there.
    #[cfg(target_os = "macos")]
    fn server(&mut self) -> Result<Server, String> {
        Ok(Server { markup: false })
    }

    fn show(&mut self, summary: &str, body: &str) -> Result<(), String> {
        notify_rust::Notification::new()
            .appname("backcoach")
            .summary(summary)
            .body(body)
            .show()
            .map(drop)
            .map_err(|e| e.to_string())
    }
}

/// What the worker tells the day.
#[derive(Debug)]
enum Told {
    /// The service, asked for when the worker starts.
    Asked(Result<Server, String>),
    /// The notes are all sent (the channel closed): how many, and the first failure.
    Done {
        sent: u32,
        failed: u32,
        first: Option<String>,
    },
}

/// The desktop's notifications, sent by one worker thread.
#[derive(Debug)]
pub struct Desktop {
    notes: Sender<(String, String)>,
    told: Receiver<Told>,
    server: Server,
}

impl Desktop {
    /// Starts the worker, which asks `backend` for the notification service; waits for its
    /// answer up to `within`.
    pub fn connect(backend: impl Backend, within: Duration) -> Result<Desktop, NoNotifications> {
        let (notes, to_send) = mpsc::channel();
        let (tell, told) = mpsc::channel();
        std::thread::Builder::new()
            .name("notify".to_owned())
            .spawn(move || work(backend, &to_send, &tell))
            .map_err(|e| NoNotifications::Failed(format!("no thread to send them from: {e}")))?;
        match told.recv_timeout(within) {
            Ok(Told::Asked(Ok(server))) => Ok(Desktop {
                notes,
                told,
                server,
            }),
            Ok(Told::Asked(Err(why))) => Err(NoNotifications::Failed(why)),
            Ok(Told::Done { .. }) | Err(RecvTimeoutError::Disconnected) => Err(
                NoNotifications::Failed("the thread that sends them ended".to_owned()),
            ),
            // The worker is left waiting on the service; it ends with the process.
            Err(RecvTimeoutError::Timeout) => Err(NoNotifications::NoAnswer(within.as_secs())),
        }
    }

    /// Ends the sending: waits up to `grace` for the worker to finish what it was given, and
    /// gives the failure to tell, if any.
    pub fn finish(self, grace: Duration) -> Option<String> {
        let Desktop { notes, told, .. } = self;
        drop(notes);
        loop {
            match told.recv_timeout(grace) {
                Ok(Told::Done { failed: 0, .. }) => return None,
                Ok(Told::Done {
                    sent,
                    failed,
                    first,
                }) => {
                    let why = first.unwrap_or_default();
                    let sent = crate::output::count(sent, "nudge");
                    return Some(format!(
                        "{failed} of {sent} did not reach the desktop ({why})"
                    ));
                }
                Ok(Told::Asked(_)) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    return Some("the thread that sent the nudges to the desktop ended".to_owned());
                }
                Err(RecvTimeoutError::Timeout) => {
                    return Some(
                        "the desktop's notification service stopped answering; the last nudges \
                         may not have reached it"
                            .to_owned(),
                    );
                }
            }
        }
    }
}

impl Notify for Desktop {
    fn notify(&mut self, summary: &str, body: &str) {
        // A worker that is gone has said why, to be told at the end.
        let _ = self
            .notes
            .send((plain(summary), for_body(body, self.server.markup)));
    }
}

/// The worker: asks for the service, tells the answer, then sends every note until the
/// channel closes, and tells how that went.
fn work(mut backend: impl Backend, notes: &Receiver<(String, String)>, tell: &Sender<Told>) {
    let server = backend.server();
    let found = server.is_ok();
    if tell.send(Told::Asked(server)).is_err() || !found {
        return;
    }
    let (mut sent, mut failed, mut first) = (0u32, 0u32, None);
    for (summary, body) in notes {
        sent = sent.saturating_add(1);
        if let Err(why) = backend.show(&summary, &body) {
            failed = failed.saturating_add(1);
            first.get_or_insert(why);
        }
    }
    let _ = tell.send(Told::Done {
        sent,
        failed,
        first,
    });
}

/// Text as a notification may carry it: every control character (a line break, an escape)
/// and bidirectional control becomes a space. Catalogue text is a user's file.
pub fn plain(text: &str) -> String {
    text.chars()
        .map(|c| if is_unsafe_on_screen(c) { ' ' } else { c })
        .collect()
}

/// A notification's body: plain text, with `&`, `<` and `>` written as entities for a
/// service that reads markup, so that text is shown as written.
pub fn for_body(text: &str, markup: bool) -> String {
    let text = plain(text);
    if !markup {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A desktop in memory: what it was asked to show, a service that answers (or not), and
    /// a `show` that can be held until the test lets it go.
    #[derive(Debug, Clone)]
    struct Memory {
        server: Result<Server, String>,
        shown: Arc<Mutex<Vec<(String, String)>>>,
        /// While this is held by the test, `show` waits for it.
        gate: Arc<Mutex<()>>,
        fail: bool,
    }

    impl Memory {
        fn new(markup: bool) -> Memory {
            Memory {
                server: Ok(Server { markup }),
                shown: Arc::default(),
                gate: Arc::default(),
                fail: false,
            }
        }

        fn shown(&self) -> Vec<(String, String)> {
            self.shown.lock().map(|s| s.clone()).unwrap_or_default()
        }
    }

    impl Backend for Memory {
        fn server(&mut self) -> Result<Server, String> {
            self.server.clone()
        }
        fn show(&mut self, summary: &str, body: &str) -> Result<(), String> {
            let _open = self.gate.lock();
            if let Ok(mut shown) = self.shown.lock() {
                shown.push((summary.to_owned(), body.to_owned()));
            }
            if self.fail {
                Err("org.freedesktop.DBus.Error.NoReply".to_owned())
            } else {
                Ok(())
            }
        }
    }

    #[test]
    fn each_note_reaches_the_desktop_as_plain_text_escaped_for_markup() {
        let memory = Memory::new(true);
        let mut desktop = Desktop::connect(memory.clone(), ASK_WITHIN).expect("connects");
        desktop.notify(
            "backcoach: Sit\nting",
            "Hips <b>&</b> knees\u{1b}[2J\u{202e}",
        );
        assert_eq!(desktop.finish(ASK_WITHIN), None);
        assert_eq!(
            memory.shown(),
            [(
                "backcoach: Sit ting".to_owned(),
                "Hips &lt;b&gt;&amp;&lt;/b&gt; knees [2J ".to_owned()
            )]
        );
    }

    #[test]
    fn a_service_that_reads_no_markup_gets_the_text_as_it_is() {
        assert_eq!(for_body("a < b & c", false), "a < b & c");
        assert_eq!(for_body("a < b & c", true), "a &lt; b &amp; c");
        assert_eq!(plain("tab\there\u{7}"), "tab here ");
    }

    /// Issue 13: a D-Bus call can block; the day must never wait for one. With the service
    /// stuck in its first `show`, every later note is only queued, and the end of the day
    /// says so rather than waiting.
    #[test]
    fn a_service_that_hangs_never_holds_the_day() {
        let memory = Memory::new(false);
        let held = memory.gate.lock().expect("the gate");
        let mut desktop = Desktop::connect(memory.clone(), ASK_WITHIN).expect("connects");
        for n in 0..100 {
            desktop.notify("backcoach", &format!("nudge {n}"));
        }
        let failure = desktop.finish(Duration::from_millis(50));
        assert!(
            failure
                .as_deref()
                .is_some_and(|f| f.contains("stopped answering")),
            "{failure:?}"
        );
        drop(held);
    }

    #[test]
    fn failures_are_counted_and_the_first_is_told_once_at_the_end() {
        let mut memory = Memory::new(false);
        memory.fail = true;
        let mut desktop = Desktop::connect(memory.clone(), ASK_WITHIN).expect("connects");
        desktop.notify("a", "1");
        desktop.notify("b", "2");
        assert_eq!(
            desktop.finish(ASK_WITHIN).as_deref(),
            Some("2 of 2 nudges did not reach the desktop (org.freedesktop.DBus.Error.NoReply)")
        );
        assert_eq!(memory.shown().len(), 2);
    }

    /// A service that never answers the question is no service: the day does not wait on
    /// it past `within`.
    #[test]
    fn a_service_that_does_not_answer_is_none() {
        #[derive(Debug)]
        struct Mute(Arc<Mutex<()>>);
        impl Backend for Mute {
            fn server(&mut self) -> Result<Server, String> {
                let _wait = self.0.lock();
                Err("let go".to_owned())
            }
            fn show(&mut self, _: &str, _: &str) -> Result<(), String> {
                Ok(())
            }
        }
        let gate = Arc::new(Mutex::new(()));
        let held = gate.lock().expect("the gate");
        let asked = Desktop::connect(Mute(Arc::clone(&gate)), Duration::from_millis(20));
        assert_eq!(asked.map(|_| ()), Err(NoNotifications::NoAnswer(0)));
        drop(held);
    }

    #[test]
    fn no_service_is_an_error_before_the_day() {
        let mut memory = Memory::new(false);
        memory.server = Err("org.freedesktop.DBus.Error.ServiceUnknown".to_owned());
        assert_eq!(
            Desktop::connect(memory, ASK_WITHIN).map(|_| ()),
            Err(NoNotifications::Failed(
                "org.freedesktop.DBus.Error.ServiceUnknown".to_owned()
            ))
        );
    }
}
