//! The stdio transport: `Content-Length` framed JSON-RPC messages on standard input and output, fed to
//! an in-memory [`Connection`] of `lsp-server`. Unlike `Connection::stdio`, a malformed message does
//! not end the session: it is answered (when it has an id) or logged, and skipped.

use std::io::{BufRead, Write};
use std::thread::JoinHandle;

use crossbeam_channel::Sender;
use lsp_server::{Connection, ErrorCode, Message, Notification, RequestId, Response};
use serde_json::Value;

/// The writer thread: joined after the server is done, so every message is written out.
pub struct Transport {
    writer: JoinHandle<()>,
}

impl Transport {
    /// Wait until every message the server sent is written.
    pub fn join(self) {
        let _ = self.writer.join();
    }
}

/// A connection whose messages come from standard input and go to standard output.
pub fn stdio() -> (Connection, Transport) {
    let (server, client) = Connection::memory();
    let to_client = server.sender.clone();
    let from_client = client.sender;
    std::thread::Builder::new()
        .name("lsp-reader".into())
        .spawn(move || read_loop(&mut std::io::stdin().lock(), &from_client, &to_client))
        .ok();
    let outgoing = client.receiver;
    let writer = std::thread::Builder::new()
        .name("lsp-writer".into())
        .spawn(move || {
            let mut stdout = std::io::stdout().lock();
            for message in outgoing {
                if message.write(&mut stdout).is_err() {
                    break;
                }
                let _ = stdout.flush();
            }
        });
    let writer = match writer {
        Ok(w) => w,
        // No thread for the writer: nothing can be said; the server loop ends on its first send.
        Err(_) => std::thread::spawn(|| {}),
    };
    (server, Transport { writer })
}

fn log(to_client: &Sender<Message>, message: String) {
    let params = serde_json::json!({"type": 1, "message": message});
    let _ = to_client.send(Message::Notification(Notification::new(
        "window/logMessage".into(),
        params,
    )));
}

/// Read messages until the end of input (or the `exit` notification).
fn read_loop(input: &mut impl BufRead, to_server: &Sender<Message>, to_client: &Sender<Message>) {
    loop {
        let length = match read_headers(input) {
            Ok(Some(Some(n))) => n,
            Ok(Some(None)) => {
                log(
                    to_client,
                    "dr-session-lint: a message without a valid Content-Length header was skipped"
                        .into(),
                );
                continue;
            }
            Ok(None) | Err(_) => return,
        };
        let mut body = vec![0; length];
        if input.read_exact(&mut body).is_err() {
            return;
        }
        match serde_json::from_slice::<Message>(&body) {
            Ok(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if to_server.send(message).is_err() || exit {
                    return;
                }
            }
            Err(e) => {
                // Answer a request we cannot read, if its id can be read; log the rest.
                let id =
                    serde_json::from_slice::<Value>(&body)
                        .ok()
                        .and_then(|v| match v.get("id") {
                            Some(Value::Number(n)) => n.as_i64().map(|n| RequestId::from(n as i32)),
                            Some(Value::String(s)) => Some(RequestId::from(s.clone())),
                            _ => None,
                        });
                let what = format!("dr-session-lint: a malformed message was skipped: {e}");
                if let Some(id) = id {
                    let _ = to_client.send(Message::Response(Response::new_err(
                        id,
                        ErrorCode::InvalidRequest as i32,
                        what.clone(),
                    )));
                }
                log(to_client, what);
            }
        }
    }
}

/// Read one header block. `None`: the input ended; `Some(None)`: a block without a usable
/// `Content-Length`.
fn read_headers(input: &mut impl BufRead) -> std::io::Result<Option<Option<usize>>> {
    let mut length = None;
    let mut seen = false;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if seen {
                return Ok(Some(length));
            }
            continue; // blank lines between messages
        }
        seen = true;
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok().filter(|&n| n <= 1 << 30);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_messages_are_skipped() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let bad = r#"{"jsonrpc":"2.0","id":7,"method":5,"error":1}"#;
        let input = format!(
            "Content-Length: {}\r\n\r\n{bad}Content-Length: x\r\n\r\nContent-Length: {}\r\n\r\n{good}",
            bad.len(),
            good.len()
        );
        let (to_server, from_client) = crossbeam_channel::unbounded();
        let (to_client, outgoing) = crossbeam_channel::unbounded();
        read_loop(&mut input.as_bytes(), &to_server, &to_client);
        let received: Vec<Message> = from_client.try_iter().collect();
        assert_eq!(received.len(), 1);
        let sent: Vec<Message> = outgoing.try_iter().collect();
        assert!(matches!(&sent[0], Message::Response(r) if r.id == RequestId::from(7)));
        assert_eq!(sent.len(), 3, "{sent:?}");
    }
}
