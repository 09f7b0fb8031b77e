#!/usr/bin/python3
"""The axllent/mailpit:v1.27.0 STAND-IN (see the Dockerfile): a mail catcher written here from
Mailpit's documented interface, not Mailpit. What of it the stack test uses:

  mailpit [--smtp HOST:PORT] [--listen HOST:PORT]   SMTP (default 0.0.0.0:1025; no TLS, no AUTH)
                                                    and HTTP (default 0.0.0.0:8025); also from
                                                    MP_SMTP_BIND_ADDR and MP_UI_BIND_ADDR
  mailpit readyz                                    exit 0 when the HTTP side answers /readyz

HTTP, JSON as Mailpit's API v1 documents it (only these routes, field names as there):
  GET    /api/v1/messages?start=&limit=   newest first: total, unread, count, messages_count,
                                          start, tags, messages[] (ID, MessageID, Read, From,
                                          To, Cc, Bcc, ReplyTo, Subject, Created, Tags, Size,
                                          Attachments, Snippet)
  DELETE /api/v1/messages                 delete every message
  GET    /api/v1/message/{ID|latest}      ID, MessageID, From, To, Cc, Bcc, ReplyTo, ReturnPath,
                                          Subject, Date, Tags, Text, HTML, Size, Inline,
                                          Attachments; marks it read
  GET    /api/v1/message/{ID|latest}/raw  the message as received
  GET    /livez, /readyz                  200 while running
Messages are kept in memory only, as many as arrive (a test's worth). No web UI: / says so.
"""

import asyncio
import base64
import datetime
import email
import email.policy
import email.utils
import html
import json
import os
import re
import signal
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.smtp import SMTP

VERSION = "v1.27.0-stand-in"


def log(message):
    print(f"mailpit stand-in: {message}", file=sys.stderr, flush=True)


def bind_address(value, default_port):
    """HOST:PORT, [HOST]:PORT or :PORT; an empty host (or [::]) listens on every IPv4 address."""
    host, _, port = value.rpartition(":")
    host = host.strip("[]")
    if host in ("", "::", "0.0.0.0"):
        host = "0.0.0.0"
    return host, int(port or default_port)


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def rfc3339(moment):
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def short_id():
    """An ID in the shape of Mailpit's (22 letters and digits), unique here."""
    return base64.b32encode(uuid.uuid4().bytes).decode("ascii").rstrip("=").lower()[:22]


def addresses(message, header):
    value = message.get(header)
    if value is None:
        return []
    try:
        return [{"Name": a.display_name, "Address": a.addr_spec} for a in value.addresses]
    except (AttributeError, ValueError):
        return [{"Name": name, "Address": addr} for name, addr in email.utils.getaddresses([str(value)])]


def body(message, subtype):
    part = message.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_type() != "text/" + subtype:
        return ""
    try:
        return part.get_content()
    except (LookupError, ValueError):
        return part.get_payload(decode=True).decode("utf-8", "replace")


class Stored:
    def __init__(self, raw, mail_from, rcpt_tos):
        self.id = short_id()
        self.raw = raw
        self.created = now()
        self.read = False
        self.mail_from = mail_from or ""
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        self.message_id = str(parsed.get("Message-ID", "")).strip().strip("<>")
        senders = addresses(parsed, "From")
        self.sender = senders[0] if senders else {"Name": "", "Address": self.mail_from}
        self.to = addresses(parsed, "To")
        self.cc = addresses(parsed, "Cc")
        self.reply_to = addresses(parsed, "Reply-To")
        listed = {a["Address"].lower() for a in self.to + self.cc}
        # as Mailpit does: envelope recipients not named in To or Cc were blind copies
        self.bcc = [{"Name": "", "Address": r} for r in rcpt_tos if r.lower() not in listed]
        self.subject = str(parsed.get("Subject", ""))
        try:
            self.date = parsed["Date"].datetime if parsed.get("Date") else self.created
        except (AttributeError, TypeError, ValueError):
            self.date = self.created
        self.text = body(parsed, "plain")
        self.html = body(parsed, "html")

    def summary(self):
        snippet = " ".join((self.text or re.sub(r"<[^>]*>", " ", self.html)).split())[:250]
        return {
            "ID": self.id, "MessageID": self.message_id, "Read": self.read, "From": self.sender,
            "To": self.to, "Cc": self.cc, "Bcc": self.bcc, "ReplyTo": self.reply_to,
            "Subject": self.subject, "Created": rfc3339(self.created), "Tags": [],
            "Size": len(self.raw), "Attachments": 0, "Snippet": snippet,
        }

    def full(self):
        return {
            "ID": self.id, "MessageID": self.message_id, "From": self.sender, "To": self.to,
            "Cc": self.cc, "Bcc": self.bcc, "ReplyTo": self.reply_to, "ReturnPath": self.mail_from,
            "Subject": self.subject, "Date": rfc3339(self.date.astimezone(datetime.timezone.utc)),
            "Tags": [], "Username": "", "Text": self.text, "HTML": self.html,
            "Size": len(self.raw), "Inline": [], "Attachments": [],
        }


class Mailbox:
    def __init__(self):
        self.lock = threading.Lock()
        self.messages = []  # oldest first

    def add(self, stored):
        with self.lock:
            self.messages.append(stored)

    def page(self, start, limit):
        with self.lock:
            newest = list(reversed(self.messages))
            unread = sum(1 for m in newest if not m.read)
            chosen = newest[start:start + limit]
            return {
                "total": len(newest), "unread": unread, "count": len(chosen),
                "messages_count": len(newest), "messages_unread": unread, "start": start,
                "tags": [], "messages": [m.summary() for m in chosen],
            }

    def find(self, message_id, mark_read):
        with self.lock:
            if message_id == "latest":
                found = self.messages[-1] if self.messages else None
            else:
                found = next((m for m in self.messages if m.id == message_id), None)
            if found is not None and mark_read:
                found.read = True
            return found

    def clear(self):
        with self.lock:
            self.messages.clear()


class SmtpHandler:
    def __init__(self, mailbox):
        self.mailbox = mailbox

    async def handle_DATA(self, server, session, envelope):
        stored = Stored(envelope.original_content or envelope.content, envelope.mail_from, envelope.rcpt_tos)
        self.mailbox.add(stored)
        # who and how big, never the content (links with tokens are in it)
        log(f"accepted message {stored.id} from {session.peer[0]} for {len(envelope.rcpt_tos)} "
            f"recipient(s), {len(stored.raw)} bytes")
        return f"250 2.0.0 Ok: queued as {stored.id}"


def http_handler(mailbox):
    class Handler(BaseHTTPRequestHandler):
        server_version = "mailpit-stand-in"

        def log_message(self, fmt, *args):
            pass

        def send(self, status, payload, content_type="application/json"):
            data = payload if isinstance(payload, bytes) else (
                json.dumps(payload).encode() if content_type == "application/json" else payload.encode())
            self.send_response(status)
            self.send_header("Content-Type", content_type if "charset" in content_type or
                             not content_type.startswith("text/") else content_type + "; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def route(self):
            url = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(url.query)
            path = url.path
            if path in ("/livez", "/readyz"):
                return 200, "ok", "text/plain"
            if path == "/api/v1/messages":
                if self.command == "DELETE":
                    mailbox.clear()
                    return 200, "ok", "text/plain"
                try:
                    start = max(0, int(query.get("start", ["0"])[0]))
                    limit = max(0, int(query.get("limit", ["50"])[0]))
                except ValueError:
                    return 400, "start and limit are numbers", "text/plain"
                return 200, mailbox.page(start, limit), "application/json"
            matched = re.fullmatch(r"/api/v1/message/([A-Za-z0-9_-]+)(/raw)?", path)
            if matched:
                found = mailbox.find(matched.group(1), mark_read=matched.group(2) is None)
                if found is None:
                    return 404, "not found", "text/plain"
                if matched.group(2):
                    return 200, found.raw, "text/plain; charset=utf-8"
                return 200, found.full(), "application/json"
            if path == "/":
                page = ("<!DOCTYPE html><title>Mailpit stand-in</title><p>" + html.escape(
                    "A stand-in for axllent/mailpit (the stack test's): no web UI, only parts of "
                    "its API: /api/v1/messages, /api/v1/message/{ID}.") + "</p>")
                return 200, page, "text/html"
            return 404, "not found", "text/plain"

        def handle_request(self):
            status, payload, content_type = self.route()
            self.send(status, payload, content_type)

        def do_GET(self):
            self.handle_request()

        def do_HEAD(self):
            self.handle_request()

        def do_DELETE(self):
            self.handle_request()

    return Handler


def readyz(listen):
    host, port = bind_address(listen, 8025)
    if host == "0.0.0.0":
        host = "127.0.0.1"
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/readyz", timeout=2) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError):
        return 1


def main(argv):
    smtp = os.environ.get("MP_SMTP_BIND_ADDR", "0.0.0.0:1025")
    listen = os.environ.get("MP_UI_BIND_ADDR", "0.0.0.0:8025")
    command = None
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg in ("-s", "--smtp") and args:
            smtp = args.pop(0)
        elif arg.startswith("--smtp="):
            smtp = arg.split("=", 1)[1]
        elif arg in ("-l", "--listen") and args:
            listen = args.pop(0)
        elif arg.startswith("--listen="):
            listen = arg.split("=", 1)[1]
        elif arg in ("readyz", "version") and command is None:
            command = arg
        else:
            log(f"option not supported by this stand-in: {arg}")
            return 2
    if command == "readyz":
        return readyz(listen)
    if command == "version":
        print(f"mailpit {VERSION} (a stand-in, not Mailpit)")
        return 0

    mailbox = Mailbox()
    web = ThreadingHTTPServer(bind_address(listen, 8025), http_handler(mailbox))
    web.daemon_threads = True
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    smtp_host, smtp_port = bind_address(smtp, 1025)
    handler = SmtpHandler(mailbox)
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(handler, hostname="mailpit", ident="Mailpit stand-in ESMTP", loop=loop),
        smtp_host, smtp_port))
    threading.Thread(target=web.serve_forever, name="http", daemon=True).start()
    # PID 1 in a container: without handlers SIGTERM would be ignored and `docker stop` would wait
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, loop.stop)
    log(f"{VERSION}: SMTP on {smtp_host}:{smtp_port}, HTTP on {web.server_address[0]}:{web.server_address[1]}"
        " (not Mailpit: a stand-in with part of its API, see /)")
    try:
        loop.run_forever()
    finally:
        server.close()
        web.shutdown()
        log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
