#!/usr/bin/python3
"""SMTP test peer for the HES Console: Debian's aiosmtpd on loopback.

Listeners (ports from the command line):
  --starttls-port  STARTTLS required, AUTH PLAIN/LOGIN required (only after STARTTLS)
  --tls-port       implicit TLS (SMTPS), AUTH PLAIN/LOGIN required
  --plain-port     no TLS at all: offers neither STARTTLS nor AUTH, accepts mail unauthenticated

Every accepted message becomes two files in --spool, written atomically (tmp + rename):
  <id>.eml   the raw message as received
  <id>.json  {"id","listener","tls","auth_user","mail_from","rcpt_tos","subject"}
The reply to DATA is "250 2.0.0 OK: queued as <id>".

The password comes from the environment (SMTP_PEER_PASSWORD), not the command line, so it is not
visible in /proc/*/cmdline. Run with /usr/bin/python3 (Debian's python3-aiosmtpd).
"""

import argparse
import asyncio
import email.parser
import email.policy
import itertools
import json
import logging
import os
import signal
import ssl
import time
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

# aiosmtpd 1.4 does not know an implicit-TLS listener is encrypted, so that listener runs with
# auth_require_tls=False, which warns; and it warns that Session.login_data is deprecated (both
# through warnings and the "mail.log" logger).
warnings.filterwarnings("ignore", message=".*Requiring AUTH while not requiring TLS.*")
warnings.filterwarnings("ignore", message=".*login_data.*")
logging.getLogger("mail.log").setLevel(logging.ERROR)

_seq = itertools.count(1)


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--starttls-port", type=int, required=True)
    p.add_argument("--tls-port", type=int, required=True)
    p.add_argument("--plain-port", type=int, required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--spool", required=True)
    p.add_argument("--pidfile", required=True)
    p.add_argument("--hostname", default="mail.hes.test")
    return p.parse_args()


def make_authenticator(user, password):
    def auth(server, session, envelope, mechanism, data):
        ok = isinstance(data, LoginPassword) and data.login == user and data.password == password
        # handled=False: aiosmtpd answers a failure with "535 5.7.8 Authentication credentials invalid".
        return AuthResult(success=ok, handled=False, auth_data=data if ok else None)

    return auth


def write_atomic(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


class Recorder:
    def __init__(self, spool, listener, tls):
        self.spool, self.listener, self.tls = spool, listener, tls

    async def handle_DATA(self, server, session, envelope):
        qid = "%d-%d-%d" % (time.time_ns() // 1_000_000, os.getpid(), next(_seq))
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf8", "surrogateescape")
        headers = email.parser.BytesHeaderParser(policy=email.policy.default).parsebytes(raw)
        auth = session.auth_data
        meta = {
            "id": qid,
            "listener": self.listener,
            "tls": self.tls or session.ssl is not None,
            "auth_user": auth.login.decode("utf8", "replace") if isinstance(auth, LoginPassword) else None,
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "subject": str(headers.get("Subject", "")),
        }
        write_atomic(os.path.join(self.spool, qid + ".eml"), raw)
        # The .json file last: a test that sees it can read the .eml too.
        write_atomic(os.path.join(self.spool, qid + ".json"), json.dumps(meta).encode())
        return "250 2.0.0 OK: queued as " + qid


async def main():
    a = parse_args()
    password = os.environ.get("SMTP_PEER_PASSWORD", "").encode()
    if not password:
        raise SystemExit("SMTP_PEER_PASSWORD is not set")
    os.makedirs(a.spool, exist_ok=True)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(a.cert, a.key)
    auth = make_authenticator(a.user.encode(), password)
    loop = asyncio.get_running_loop()

    def smtp(listener, tls, **kw):
        return lambda: SMTP(Recorder(a.spool, listener, tls), hostname=a.hostname, **kw)

    servers = [
        await loop.create_server(
            smtp("starttls", False, tls_context=ctx, require_starttls=True, auth_required=True,
                 auth_require_tls=True, authenticator=auth),
            a.host, a.starttls_port),
        await loop.create_server(
            smtp("tls", True, auth_required=True, auth_require_tls=False, authenticator=auth),
            a.host, a.tls_port, ssl=ctx),
        # No tls_context: no STARTTLS; auth_require_tls=True without TLS: no AUTH offered.
        await loop.create_server(smtp("plain", False, auth_required=False), a.host, a.plain_port),
    ]
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    write_atomic(a.pidfile, ("%d\n" % os.getpid()).encode())
    print("smtp peer: listening on %s:%d (starttls), %d (tls), %d (plain)"
          % (a.host, a.starttls_port, a.tls_port, a.plain_port), flush=True)
    await stop.wait()
    for s in servers:
        s.close()
    try:
        os.unlink(a.pidfile)
    except FileNotFoundError:
        pass


if __name__ == "__main__":
    asyncio.run(main())
