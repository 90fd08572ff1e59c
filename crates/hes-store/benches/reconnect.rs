//! Opening a saved MySQL connection until its first screen has its data (`Console::open_mysql`,
//! what the app's `connection_open` runs, then the settings view the first screen shows) against
//! the least any client pays: one TCP + TLS + login and one query (the settings rows, as text:
//! a prepared statement would cost a second round trip) on a connection of its own. Both with TLS verified against the test CA, on loopback and through a
//! delaying proxy that adds `RECONNECT_RTT_MS` (default 40 ms) of round-trip time: on loopback
//! the server's and the client's CPU dominate, at 40 ms the round trips do. Budget: <= 1.5x.
//! Medians of `RECONNECT_RUNS` (default 7) interleaved runs; the last line starts with RESULT.
//!
//!   cargo bench -p hes-store --bench reconnect          # peers.env loaded (tests/peers)

use std::net::ToSocketAddrs;
use std::time::{Duration, Instant};

use hes_core::workspace::TlsMode;
use hes_store::{Console, MySqlTarget};
use hes_test_support::delay::delay_proxy;
use hes_test_support::mysql::{MySqlPeer, ScratchDb, SCHEMA};
use sqlx::{ConnectOptions, Connection};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The console: open, then the first screen's data.
async fn console(target: &MySqlTarget) -> Duration {
    let t = Instant::now();
    let c = Console::open_mysql(target, "bench").await.expect("the console opens the peer");
    c.view().await.expect("the settings view");
    let took = t.elapsed();
    drop(c);
    took
}

/// The floor: one connection (TCP + TLS + login) and one query.
async fn floor(target: &MySqlTarget) -> Duration {
    let opts = target.connect_options().expect("options").disable_statement_logging();
    let t = Instant::now();
    let mut conn = opts.connect().await.expect("the floor connects");
    let rows = sqlx::raw_sql("SELECT Id, Value FROM AppSettings").fetch_all(&mut conn).await.expect("query");
    let took = t.elapsed();
    drop(rows);
    let _ = conn.close().await;
    took
}

fn main() {
    let env = |k: &str, d: f64| std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d);
    let runs = env("RECONNECT_RUNS", 7.0).max(1.0) as usize;
    let rtt_ms = env("RECONNECT_RTT_MS", 40.0);
    let Some(peer) = MySqlPeer::from_env() else {
        println!("reconnect: skipped (no MariaDB peer: load tests/peers' peers.env)");
        return;
    };
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    rt.block_on(async {
        let db = ScratchDb::create(&peer, &[SCHEMA]).await;
        let direct = peer.target(&db.name, &peer.user, TlsMode::VerifyIdentity);
        let upstream = (peer.host.as_str(), peer.port).to_socket_addrs().expect("address").next().expect("resolves");
        let proxy = delay_proxy(upstream, Duration::from_secs_f64(rtt_ms / 2e3)).await;
        let delayed = MySqlTarget { host: proxy.ip().to_string(), port: proxy.port(), ..direct.clone() };
        let mut result = Vec::new();
        for (label, key, target) in
            [("loopback", "loopback", &direct), (&*format!("RTT +{rtt_ms} ms"), "rtt", &delayed)]
        {
            // One of each first: the server's caches, the TLS code paths.
            console(target).await;
            floor(target).await;
            let (mut ours, mut base) = (Vec::new(), Vec::new());
            // A pause after each: what one leaves running (a connection closing, the pool's
            // warm-up being stopped) must not land in the other's time.
            let settle = || tokio::time::sleep(Duration::from_millis(20));
            for _ in 0..runs {
                ours.push(console(target).await);
                settle().await;
                base.push(floor(target).await);
                settle().await;
            }
            let (o, b) = (median(ours), median(base));
            println!(
                "{label}: open + first screen {:.1} ms, one connection + one query {:.1} ms: ratio {:.2} (budget 1.5)",
                ms(o),
                ms(b),
                o.as_secs_f64() / b.as_secs_f64()
            );
            result.push(format!("{key}_ms={:.1} {key}_floor_ms={:.1}", ms(o), ms(b)));
        }
        println!("RESULT {} rtt_added_ms={rtt_ms} runs={runs}", result.join(" "));
    });
}
