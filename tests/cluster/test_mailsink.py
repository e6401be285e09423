"""The mail sink keeps each message it is sent, counted per recipient."""

import smtplib
import socket
import threading

from cluster.mailsink import Handler, mails_by_recipient, serve


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_each_recipient_gets_a_file_of_their_own(tmp_path):
    server = serve(free_port(), tmp_path)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with smtplib.SMTP(*server.server_address) as client:
            client.sendmail("site@example.org", ["a@example.org", "b@example.org"], "Hi\r\n.x")
            client.sendmail("site@example.org", ["a@example.org"], "Again")
    finally:
        server.shutdown()
        server.server_close()
    assert mails_by_recipient(tmp_path) == {"a@example.org": 2, "b@example.org": 1}
    assert Handler.folder == tmp_path
