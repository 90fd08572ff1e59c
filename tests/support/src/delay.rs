//! A TCP proxy on 127.0.0.1 that adds a network's delay: benchmarks reach loopback peers
//! through it so that round trips cost what they cost over a WAN (on loopback each is a few
//! microseconds, and a benchmark would measure the 2 cores' scheduling instead).

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Forward to `upstream`, holding every chunk for `one_way` first (a round trip gains twice
/// that, and chunks in flight overlap). Runs on the current runtime until it ends.
pub async fn delay_proxy(upstream: SocketAddr, one_way: Duration) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("the proxy listens on 127.0.0.1");
    let addr = listener.local_addr().expect("its address");
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            tokio::spawn(async move {
                let Ok(server) = TcpStream::connect(upstream).await else { return };
                let _ = (client.set_nodelay(true), server.set_nodelay(true));
                let (cr, cw) = client.into_split();
                let (sr, sw) = server.into_split();
                tokio::join!(pump(cr, sw, one_way), pump(sr, cw, one_way));
            });
        }
    });
    addr
}

/// Each chunk leaves `delay` after it arrived, independently of the chunks before it, as on a
/// real link: a reply that comes in two segments arrives one delay later, not two.
async fn pump(mut from: tokio::net::tcp::OwnedReadHalf, mut to: tokio::net::tcp::OwnedWriteHalf, delay: Duration) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(tokio::time::Instant, Vec<u8>)>();
    let reader = async move {
        let mut buf = vec![0u8; 16 * 1024];
        while let Ok(n @ 1..) = from.read(&mut buf).await {
            if tx.send((tokio::time::Instant::now() + delay, buf[..n].to_vec())).is_err() {
                return;
            }
        }
    };
    let writer = async move {
        while let Some((due, chunk)) = rx.recv().await {
            tokio::time::sleep_until(due).await;
            if to.write_all(&chunk).await.is_err() {
                return;
            }
        }
        let _ = to.shutdown().await;
    };
    tokio::join!(reader, writer);
}
