//! A webhook receiver on 127.0.0.1 for the delivery tests and benchmarks: a plain TCP listener that
//! reads HTTP/1.1 requests (keep-alive included) and answers each the way a script decides:
//! 200, any status, too late (after the sender's timeout) or not at all (the connection closed).

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How the receiver answers one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Status(u16),
    /// 200, after this long (past the sender's timeout, it gave up though the request arrived;
    /// within it, a slow receiver).
    Late(Duration),
    /// Closes the connection without answering.
    Hangup,
}

/// A request as it arrived.
#[derive(Debug, Clone)]
pub struct Received {
    /// `webhook-id`, `webhook-timestamp`, `webhook-signature` (lower-cased names).
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// How it was answered.
    pub answer: Answer,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The Standard Webhooks headers, for `verify_webhook`.
    pub fn webhook_headers(&self) -> affiliate_kit::webhook::WebhookHeaders {
        affiliate_kit::webhook::WebhookHeaders {
            id: self.header("webhook-id").unwrap_or_default().to_string(),
            timestamp: self.header("webhook-timestamp").and_then(|t| t.parse().ok()).unwrap_or_default(),
            signature: self.header("webhook-signature").unwrap_or_default().to_string(),
        }
    }
}

type Script = dyn Fn(usize, &Received) -> Answer + Send + Sync;

/// The running receiver: every request it got, in arrival order.
pub struct Receiver {
    pub url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    /// Starts a receiver whose `script` answers request number `n` (0, 1, ... in arrival order).
    pub fn start(script: impl Fn(usize, &Received) -> Answer + Send + Sync + 'static) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/hooks", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Script> = Arc::new(script);
        let shared = Arc::clone(&received);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (received, script) = (Arc::clone(&shared), Arc::clone(&script));
                std::thread::spawn(move || serve(stream, &received, &*script));
            }
        });
        Receiver { url, received }
    }

    /// Everything received so far.
    pub fn all(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// Serves the requests of one connection until it closes.
fn serve(stream: TcpStream, received: &Mutex<Vec<Received>>, script: &Script) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut stream = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut headers = Vec::new();
        let mut length = 0;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                let (name, value) = (name.trim().to_ascii_lowercase(), value.trim().to_string());
                if name == "content-length" {
                    length = value.parse().unwrap();
                }
                headers.push((name, value));
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let mut request = Received { headers, body: String::from_utf8(body).unwrap(), answer: Answer::Status(200) };
        let answer = {
            let mut all = received.lock().unwrap();
            let answer = script(all.len(), &request);
            request.answer = answer;
            all.push(request);
            answer
        };
        let status = match answer {
            Answer::Hangup => return,
            Answer::Late(after) => {
                std::thread::sleep(after);
                200
            }
            Answer::Status(status) => status,
        };
        let reply = format!("HTTP/1.1 {status} X\r\ncontent-length: 2\r\n\r\nok");
        if stream.write_all(reply.as_bytes()).is_err() {
            return;
        }
    }
}
