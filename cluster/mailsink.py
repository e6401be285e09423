"""A mail server that keeps what it is sent: each message a file in a folder, named
after its first recipient, so that the checker can count mails per learner. Speaks
just enough SMTP for Django's SMTP backend (no TLS, no authentication).

    python -m cluster.mailsink --port PORT --folder FOLDER
"""

import argparse
import socketserver
import uuid
from pathlib import Path

REPLIES = {"EHLO": b"250 mailsink", "HELO": b"250 mailsink", "MAIL": b"250 OK", "RSET": b"250 OK"}


class Handler(socketserver.StreamRequestHandler):
    folder: Path

    def reply(self, line: bytes) -> None:
        self.wfile.write(line + b"\r\n")

    def handle(self) -> None:
        self.reply(b"220 mailsink")
        recipients: list[str] = []
        for raw in self.rfile:
            verb = raw[:4].decode("ascii", "replace").upper()
            if verb == "QUIT":
                self.reply(b"221 bye")
                return
            if verb == "RCPT":
                recipients.append(raw.decode().split(":", 1)[1].strip().strip("<>"))
                self.reply(b"250 OK")
            elif verb == "DATA":
                self.reply(b"354 end with .")
                self.keep(recipients, self.message())
                recipients = []
                self.reply(b"250 OK")
            else:
                self.reply(REPLIES.get(verb, b"250 OK"))

    def message(self) -> bytes:
        lines = []
        for raw in self.rfile:
            if raw in (b".\r\n", b".\n"):
                break
            lines.append(raw[1:] if raw.startswith(b"..") else raw)
        return b"".join(lines)

    def keep(self, recipients: list[str], body: bytes) -> None:
        for recipient in recipients:
            (self.folder / f"{recipient}--{uuid.uuid4().hex}.eml").write_bytes(body)


def mails_by_recipient(folder: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in folder.glob("*.eml"):
        recipient = path.name.rsplit("--", 1)[0]
        counts[recipient] = counts.get(recipient, 0) + 1
    return counts


def serve(port: int, folder: Path) -> socketserver.ThreadingTCPServer:
    folder.mkdir(parents=True, exist_ok=True)
    Handler.folder = folder
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    return socketserver.ThreadingTCPServer(("127.0.0.1", port), Handler)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m cluster.mailsink")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--folder", type=Path, required=True)
    args = parser.parse_args(argv)
    with serve(args.port, args.folder) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
