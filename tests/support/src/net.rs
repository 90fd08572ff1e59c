//! Network stand-ins every test crate needs the same way.

use std::net::SocketAddr;
use std::sync::mpsc::{channel, Receiver};

/// A TCP server on 127.0.0.1 that accepts and never answers: a filtered or hung peer. Every
/// connection stays open (until the test process ends) and is announced on `connects`, so a test
/// knows a client is waiting on it.
pub struct SilentServer {
    pub addr: SocketAddr,
    pub connects: Receiver<()>,
}

impl SilentServer {
    pub fn start() -> SilentServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("its address");
        let (connected, connects) = channel();
        std::thread::spawn(move || {
            let mut held = Vec::new();
            for c in listener.incoming().flatten() {
                held.push(c);
                let _ = connected.send(());
            }
        });
        SilentServer { addr, connects }
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Wait until the next client has connected (at most 20 s).
    #[track_caller]
    pub fn connected(&self) {
        self.connects.recv_timeout(std::time::Duration::from_secs(20)).expect("a client connects");
    }
}
