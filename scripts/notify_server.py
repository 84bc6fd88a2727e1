#!/usr/bin/python3
"""A stand-in desktop notification service, to see what `backcoach nudge --notify` sends.

It owns org.freedesktop.Notifications on the session bus (DBUS_SESSION_BUS_ADDRESS; run it
on a private bus with `dbus-run-session`, below), answers GetServerInformation and
GetCapabilities, and prints each Notify's app name, summary and body, one line each, as
`Notify: app=... summary=... body=...` (repr'd, so a control character shows). With
--markup it says it reads body markup (the `body-markup` capability), as most desktops do;
with --hang it never answers a Notify, as a stuck service would (the nudges must go on).

Needs Debian's python3-dbus and python3-gi (`apt-get install dbus python3-dbus python3-gi`),
so it runs with the system's /usr/bin/python3. Not used by any test: CI has no D-Bus.

    dbus-run-session -- sh -c '
        /usr/bin/python3 scripts/notify_server.py --markup & sleep 1
        backcoach nudge --notify --plain --every 5m --for 6m --speed 100'
"""
import argparse
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


class Notifications(dbus.service.Object):
    def __init__(self, bus, markup, hang):
        super().__init__(bus, PATH)
        self.markup = markup
        self.hang = hang
        self.last_id = 0

    @dbus.service.method(NAME, in_signature="", out_signature="ssss")
    def GetServerInformation(self):
        return ("notify_server.py", "backcoach", "1.0", "1.2")

    @dbus.service.method(NAME, in_signature="", out_signature="as")
    def GetCapabilities(self):
        return ["body", "body-markup"] if self.markup else ["body"]

    @dbus.service.method(NAME, in_signature="susssasa{sv}i", out_signature="u",
                         async_callbacks=("reply", "error"))
    def Notify(self, app, replaces, icon, summary, body, actions, hints, timeout,
               reply, error):
        self.last_id += 1
        print(f"Notify: app={str(app)!r} summary={str(summary)!r} body={str(body)!r}",
              flush=True)
        if not self.hang:
            reply(self.last_id)

    @dbus.service.method(NAME, in_signature="u", out_signature="")
    def CloseNotification(self, id):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markup", action="store_true",
                        help="say that the body is read as markup")
    parser.add_argument("--hang", action="store_true",
                        help="never answer a Notify")
    args = parser.parse_args()
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    if bus.request_name(NAME) != dbus.bus.REQUEST_NAME_REPLY_PRIMARY_OWNER:
        sys.exit(f"{NAME} is owned by another service on this bus")
    Notifications(bus, args.markup, args.hang)
    print(f"notify_server.py: serving {NAME} (markup: {args.markup})", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
