//! License import benchmark: a document of N licenses (default 100 000),
//! their N vaults and a few hundred orders, `Data` 1 KB each, imported
//!   - into MariaDB by the console (multi-row INSERTs, one transaction), against the same rows
//!     loaded by the `mariadb` client with `LOAD DATA LOCAL INFILE` (budget: within 2x) and
//!     inserted row by row in one transaction as HES's EF code does (budget: at least 20x faster);
//!   - into the SQLite workspace, against row-by-row inserts.
//!
//! The three MariaDB measurements run twice: on loopback, where the server's own write work
//! dominates, and again through a delaying TCP proxy on 127.0.0.1 that adds a network's round-trip
//! time (an admin's console talks to HES's MySQL over a network: ~0.2–1 ms per round trip). All
//! three clients go through the proxy (the `mariadb` client by its port). Row by row pays one round
//! trip per row, so at RTT it runs on a sample (all orders + the first vaults and their licenses)
//! and is extrapolated linearly to all rows; the output says so.
//!
//! It also reports peak memory (VmHWM, Linux) after the console's parse + apply, and the longest
//! gap between progress events; the last line, `RESULT …`, sums up both ratios per pass and the
//! peak. Run: scripts/bench-licenses.sh (starts the MariaDB peer).
//! Env: LICENSE_BENCH_N (licenses, default 100 000), LICENSE_BENCH_RTT_MS (round-trip time the
//! proxy adds, default 1; 0 skips the second pass), LICENSE_BENCH_RTT_ROWBYROW_SAMPLE (vaults in
//! the row-by-row sample at RTT, default max(N / 10, 2000); >= N: no sample), HES_MYSQL_* from
//! peers.env (without them: SQLite only), LICENSE_BENCH_REPEATS (loopback index read + apply and
//! LOAD DATA, interleaved, medians reported; default 3). LICENSE_BENCH_N=5000 in the dev profile
//! takes ~20 s.

use std::collections::HashSet;
use std::io::{BufWriter, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hes_core::licenses::dates::{db_datetime, utc_now};
use hes_core::licenses::plan::{ImportPlan, NewVault};
use hes_core::licenses::sample::{self, DATA_LEN, ORDERS};
use hes_core::licenses::{ImportControl, ParsedDocument, DEFAULT_MAX_BYTES};
use hes_core::workspace::TlsMode;
use hes_core::Secret;
use hes_store::db::Db;
use hes_store::licenses;
use hes_store::MySqlTarget;
use sqlx::{ConnectOptions, Connection};

const SCHEMA: &str = include_str!("../../../tests/fixtures/hes-3.8.4-mysql.sql");
/// Vaults (and their licenses) in the row-by-row sample through the delaying proxy, by default
/// N / 10 but at least this: 2000 vaults + 2000 licenses + the orders are ~4 300 round trips,
/// ~5 s at 1 ms (N = 100 000: ~20 300 round trips, ~25 s, instead of ~200 000).
const MIN_RTT_SAMPLE: usize = 2000;

/// Write the document without holding it: the console's peak memory is then its own.
fn write_document(path: &Path, n: usize) -> std::io::Result<()> {
    sample::write_document(BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?), n)
}

/// Peak resident memory of this process so far (kB), where the OS tells it.
#[cfg(target_os = "linux")]
fn peak_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}
#[cfg(not(target_os = "linux"))]
fn peak_kb() -> Option<u64> {
    None
}

/// A progress control that records the longest gap between events.
fn timed_control() -> (ImportControl, Arc<Mutex<(Instant, Duration)>>) {
    let gaps = Arc::new(Mutex::new((Instant::now(), Duration::ZERO)));
    let g = gaps.clone();
    let ctl = ImportControl::with_progress(move |_| {
        let mut g = g.lock().unwrap();
        let now = Instant::now();
        g.1 = g.1.max(now - g.0);
        g.0 = now;
    });
    (ctl, gaps)
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

struct Peer {
    host: String,
    port: u16,
    root: (String, String),
    user: (String, String),
}

impl Peer {
    fn from_env() -> Option<Peer> {
        let port = std::env::var("HES_MYSQL_PORT").ok()?.parse().ok()?;
        let v = |k: &str| std::env::var(k).unwrap_or_default();
        Some(Peer {
            host: v("HES_MYSQL_HOST"),
            port,
            root: (v("HES_MYSQL_ROOT_USER"), v("HES_MYSQL_ROOT_PASSWORD")),
            user: (v("HES_MYSQL_USER"), v("HES_MYSQL_PASSWORD")),
        })
    }

    fn root(&self, db: Option<&str>) -> sqlx::mysql::MySqlConnectOptions {
        self.root_at(&Endpoint { host: self.host.clone(), port: self.port }, db)
    }

    /// Root's options through `at` (the peer itself or the delaying proxy).
    fn root_at(&self, at: &Endpoint, db: Option<&str>) -> sqlx::mysql::MySqlConnectOptions {
        let mut o = sqlx::mysql::MySqlConnectOptions::new()
            .host(&at.host)
            .port(at.port)
            .username(&self.root.0)
            .ssl_mode(sqlx::mysql::MySqlSslMode::Disabled)
            .disable_statement_logging();
        if !self.root.1.is_empty() {
            o = o.password(&self.root.1);
        }
        if let Some(d) = db {
            o = o.database(d);
        }
        o
    }

    async fn fresh_db(&self, name: &str) -> sqlx::MySqlPool {
        let mut c = self.root(None).connect().await.expect("root connects");
        sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS `{name}`; CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"))
            .execute(&mut c)
            .await
            .unwrap();
        let pool =
            sqlx::mysql::MySqlPoolOptions::new().max_connections(2).connect_with(self.root(Some(name))).await.unwrap();
        sqlx::raw_sql(SCHEMA).execute(&pool).await.unwrap();
        pool
    }

    async fn drop_db(&self, name: &str) {
        let mut c = self.root(None).connect().await.unwrap();
        let _ = sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS `{name}`")).execute(&mut c).await;
    }
}

async fn counts(pool: &sqlx::MySqlPool) -> (i64, i64, i64) {
    let c = |t: &'static str| async move {
        sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {t}")).fetch_one(pool).await.unwrap()
    };
    (c("LicenseOrders").await, c("HardwareVaults").await, c("HardwareVaultLicenses").await)
}

/// LOAD DATA's text format: tab-separated, `\N` for NULL, `\\`, `\t`, `\n`, `\0` escaped.
fn field(w: &mut impl Write, bytes: Option<&[u8]>) -> std::io::Result<()> {
    let Some(b) = bytes else { return w.write_all(b"\\N") };
    let mut start = 0;
    for (i, c) in b.iter().enumerate() {
        let esc: &[u8] = match c {
            b'\\' => b"\\\\",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            0 => b"\\0",
            _ => continue,
        };
        w.write_all(&b[start..i])?;
        w.write_all(esc)?;
        start = i + 1;
    }
    w.write_all(&b[start..])
}

fn row(w: &mut impl Write, fields: &[Option<&[u8]>]) -> std::io::Result<()> {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            w.write_all(b"\t")?;
        }
        field(w, *f)?;
    }
    w.write_all(b"\n")
}

/// The same rows as the console writes, as three LOAD DATA files.
fn write_tsv(dir: &Path, doc: &ParsedDocument, plan: &ImportPlan, now: &str) -> std::io::Result<()> {
    let s = |v: &str| Some(v.as_bytes().to_vec());
    let mut o = BufWriter::new(std::fs::File::create(dir.join("orders.tsv"))?);
    for i in &plan.orders {
        let x = &doc.orders[*i];
        let f = [
            s(&x.id),
            s(&x.contact_email),
            x.note.as_deref().and_then(s),
            x.start_date.as_ref().map(db_datetime).and_then(|v| s(&v)),
            s(&db_datetime(&x.end_date)),
            s(if x.prolong_existing_licenses { "1" } else { "0" }),
            s(&db_datetime(&x.created_at)),
            s(&x.order_status.to_string()),
        ];
        row(&mut o, &f.iter().map(Option::as_deref).collect::<Vec<_>>())?;
    }
    o.flush()?;
    let mut v = BufWriter::new(std::fs::File::create(dir.join("vaults.tsv"))?);
    for nv in &plan.vaults {
        let d = &doc.devices[nv.device];
        let end = nv.license_end_date.as_ref().map(db_datetime);
        let f = [
            s(&d.id),
            s(&d.mac),
            s(&d.model),
            s(&d.rfid),
            s(&d.firmware),
            s(now),
            s(if nv.has_new_license { "1" } else { "0" }),
            // LicenseStatus None (0), as HES's import (and the console) inserts it.
            s("0"),
            end.as_deref().and_then(s),
        ];
        row(&mut v, &f.iter().map(Option::as_deref).collect::<Vec<_>>())?;
    }
    v.flush()?;
    let mut l = BufWriter::new(std::fs::File::create(dir.join("licenses.tsv"))?);
    for i in &plan.licenses {
        let x = &doc.licenses[*i];
        let id = uuid::Uuid::now_v7().to_string();
        let end = x.end_date.as_ref().map(db_datetime);
        let f = [
            Some(id.as_bytes()),
            Some(x.device_id.as_bytes()),
            Some(x.order_id.as_bytes()),
            Some(now.as_bytes()),
            end.as_deref().map(str::as_bytes),
            x.data.as_deref(),
        ];
        row(&mut l, &f)?;
    }
    l.flush()
}

fn load_data(peer: &Peer, at: &Endpoint, db: &str, dir: &Path) -> Duration {
    let p = |f: &str| dir.join(f).display().to_string();
    let sql = format!(
        "SET autocommit = 0; \
         LOAD DATA LOCAL INFILE '{}' INTO TABLE LicenseOrders CHARACTER SET utf8mb4 (Id, ContactEmail, Note, StartDate, EndDate, ProlongExistingLicenses, CreatedAt, OrderStatus); \
         LOAD DATA LOCAL INFILE '{}' INTO TABLE HardwareVaults CHARACTER SET utf8mb4 (Id, MAC, Model, RFID, Firmware, ImportedAt, HasNewLicense, LicenseStatus, LicenseEndDate) \
           SET Battery = 100, NeedSync = 0, HardwareVaultProfileId = 'default', Status = 0, StatusReason = 0, IsStatusApplied = 0, Timestamp = 0; \
         LOAD DATA LOCAL INFILE '{}' INTO TABLE HardwareVaultLicenses CHARACTER SET binary (Id, HardwareVaultId, LicenseOrderId, ImportedAt, EndDate, Data); \
         COMMIT;",
        p("orders.tsv"), p("vaults.tsv"), p("licenses.tsv")
    );
    let mut cmd = Command::new("mariadb");
    cmd.args([
        "--no-defaults",
        "--skip-ssl",
        "--protocol=TCP",
        "--local-infile=1",
        "-h",
        &at.host,
        "-P",
        &at.port.to_string(),
        "-u",
        &peer.root.0,
        db,
        "-e",
        &sql,
    ]);
    if !peer.root.1.is_empty() {
        cmd.env("MYSQL_PWD", &peer.root.1);
    }
    let t = Instant::now();
    let out = cmd.output().expect("the mariadb client runs (apt-get install mariadb-client)");
    let took = t.elapsed();
    assert!(out.status.success(), "LOAD DATA failed: {}", String::from_utf8_lossy(&out.stderr));
    took
}

/// Row by row in one transaction, as HES's EF code does (one INSERT per entity).
macro_rules! row_by_row {
    ($tx:expr, $doc:expr, $orders:expr, $vaults:expr, $licenses:expr, $now:expr) => {{
        let (doc, orders, vaults, licenses, now): (&ParsedDocument, &[usize], &[NewVault], &[usize], &str) =
            ($doc, $orders, $vaults, $licenses, $now);
        for i in orders {
            let o = &doc.orders[*i];
            sqlx::query("INSERT INTO LicenseOrders (Id, ContactEmail, Note, StartDate, EndDate, ProlongExistingLicenses, CreatedAt, OrderStatus) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(&o.id).bind(&o.contact_email).bind(&o.note).bind(o.start_date.as_ref().map(db_datetime)).bind(db_datetime(&o.end_date))
                .bind(o.prolong_existing_licenses).bind(db_datetime(&o.created_at)).bind(o.order_status)
                .execute(&mut *$tx).await.unwrap();
        }
        for v in vaults {
            let d = &doc.devices[v.device];
            sqlx::query("INSERT INTO HardwareVaults (Id, MAC, Model, RFID, Firmware, Battery, LastSynced, NeedSync, EmployeeId, MasterPassword, HardwareVaultProfileId, ImportedAt, HasNewLicense, LicenseStatus, LicenseEndDate, Status, StatusReason, StatusDescription, IsStatusApplied, Timestamp) VALUES (?, ?, ?, ?, ?, 100, NULL, 0, NULL, NULL, 'default', ?, ?, ?, ?, 0, 0, NULL, 0, 0)")
                .bind(&d.id).bind(&d.mac).bind(&d.model).bind(&d.rfid).bind(&d.firmware).bind(now)
                .bind(v.has_new_license).bind(0i32).bind(v.license_end_date.as_ref().map(db_datetime))
                .execute(&mut *$tx).await.unwrap();
        }
        for i in licenses {
            let l = &doc.licenses[*i];
            sqlx::query("INSERT INTO HardwareVaultLicenses (Id, HardwareVaultId, LicenseOrderId, ImportedAt, AppliedAt, EndDate, Data) VALUES (?, ?, ?, ?, NULL, ?, ?)")
                .bind(uuid::Uuid::now_v7().to_string()).bind(&l.device_id).bind(&l.order_id).bind(now)
                .bind(l.end_date.as_ref().map(db_datetime)).bind(l.data.as_deref())
                .execute(&mut *$tx).await.unwrap();
        }
    }};
}

/// Where the timed clients connect: the MariaDB peer itself, or the delaying proxy in front of it.
struct Endpoint {
    host: String,
    port: u16,
}

/// A TCP proxy on 127.0.0.1 in front of `upstream` that adds `rtt` to every round trip: each
/// chunk read from one side is written to the other `rtt / 2` after it arrived. Chunks are
/// queued with their due time rather than slept on one by one, so this adds latency without
/// capping bandwidth (a bulk stream such as LOAD DATA pays the delay once, as on a real network;
/// at most 64 chunks of 64 KB are in flight per direction). Plain threads, so it takes none of
/// the benchmark's tokio workers; it lives until the process ends. Sleeps and thread hand-offs
/// overshoot (more on a busy machine), so the delay is adjustable: [`calibrate`] sets it so that a
/// round trip through the proxy takes the direct one plus `rtt`.
///
/// Returns its address and its shared state (the delay, what it carried).
fn delay_proxy(upstream: SocketAddr, rtt: Duration) -> std::io::Result<(SocketAddr, Arc<ProxyState>)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let stats = Arc::new(ProxyState { one_way_ns: AtomicU64::new((rtt / 2).as_nanos() as u64), ..Default::default() });
    let st = stats.clone();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { continue };
            let Ok(server) = TcpStream::connect(upstream) else { continue };
            st.connections.fetch_add(1, Ordering::Relaxed);
            let joined = (|| {
                client.set_nodelay(true)?;
                server.set_nodelay(true)?;
                pipe(client.try_clone()?, server.try_clone()?, st.clone(), true);
                pipe(server, client, st.clone(), false);
                Ok::<_, std::io::Error>(())
            })();
            if let Err(e) = joined {
                eprintln!("delay proxy: cannot join a connection: {e}");
            }
        }
    });
    Ok((addr, stats))
}

#[derive(Default)]
struct ProxyState {
    /// The delay each direction adds (ns); [`calibrate`] adjusts it.
    one_way_ns: AtomicU64,
    connections: AtomicU64,
    /// Bytes forwarded from clients to the server.
    bytes_up: AtomicU64,
}

/// One direction of a proxied connection: a reader that stamps each chunk with its due time,
/// a writer that delivers it then. An end of stream is passed on (half-close) after the last
/// chunk; a failed write closes both sockets so the other direction ends too.
fn pipe(mut from: TcpStream, to: TcpStream, state: Arc<ProxyState>, upstream: bool) {
    let (tx, rx) = std::sync::mpsc::sync_channel::<(Instant, Vec<u8>)>(64);
    let from_again = from.try_clone();
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match from.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => {
                    if upstream {
                        state.bytes_up.fetch_add(n as u64, Ordering::Relaxed);
                    }
                    let due = Instant::now() + Duration::from_nanos(state.one_way_ns.load(Ordering::Relaxed));
                    if tx.send((due, buf[..n].to_vec())).is_err() {
                        return;
                    }
                }
            }
        }
    });
    std::thread::spawn(move || {
        let mut to = to;
        for (due, chunk) in rx {
            let now = Instant::now();
            if due > now {
                std::thread::sleep(due - now);
            }
            if to.write_all(&chunk).is_err() {
                let _ = to.shutdown(Shutdown::Both);
                if let Ok(f) = &from_again {
                    let _ = f.shutdown(Shutdown::Both);
                }
                return;
            }
        }
        let _ = to.shutdown(Shutdown::Write);
    });
}

/// Median of `rounds` text-protocol `SELECT 1` round trips on `conn` (a warm connection).
async fn median_round_trip(conn: &mut sqlx::MySqlConnection, rounds: usize) -> Duration {
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let t = Instant::now();
        sqlx::raw_sql("SELECT 1").execute(&mut *conn).await.unwrap();
        times.push(t.elapsed());
    }
    times.sort();
    times[rounds / 2]
}

/// Adjust the proxy's delay until a round trip through it (`probe`) takes `direct` + `rtt`
/// (within 20 µs, at most 6 rounds). Returns the round trip measured last.
async fn calibrate(state: &ProxyState, probe: &mut sqlx::MySqlConnection, direct: Duration, rtt: Duration) -> Duration {
    let target = (direct + rtt).as_secs_f64();
    let mut measured = median_round_trip(probe, 50).await;
    for _ in 0..6 {
        let err = measured.as_secs_f64() - target;
        if err.abs() < 20e-6 {
            break;
        }
        let one_way = state.one_way_ns.load(Ordering::Relaxed) as f64 / 1e9;
        state.one_way_ns.store(((one_way - err / 2.0).max(0.0) * 1e9) as u64, Ordering::Relaxed);
        measured = median_round_trip(probe, 50).await;
    }
    measured
}

/// The console's apply into a fresh database, connecting through `at`.
struct ConsoleRun {
    apply: Duration,
    longest_gap: Duration,
    peak_kb: Option<u64>,
    counts: (i64, i64, i64),
}

async fn console_pass(peer: &Peer, at: &Endpoint, file: &licenses::IndexedFile, name: &str) -> ConsoleRun {
    let doc = &file.doc;
    let raw = peer.fresh_db(name).await;
    let target = MySqlTarget {
        host: at.host.clone(),
        port: at.port,
        database: name.to_string(),
        user: peer.user.0.clone(),
        password: Secret::new(peer.user.1.clone()),
        tls: TlsMode::Disabled,
        ca_file: None,
        timeout: Duration::from_secs(10),
        pin: None,
        ssh: None,
        via: None,
    };
    let db = Db::open_mysql(&target).await.unwrap().db;
    let (ctl, gaps) = timed_control();
    let t = Instant::now();
    let r = licenses::apply_file_recorded(&db, None, file, "bench", &ctl, None).await.unwrap();
    let apply = t.elapsed();
    let longest_gap = gaps.lock().unwrap().1;
    let n = doc.licenses.len();
    assert_eq!(r.applied.new_rows(), (n + n + doc.orders.len()) as u64);
    let peak_kb = peak_kb();
    let counts = counts(&raw).await;
    if let Db::MySql(pool) = db {
        pool.close().await;
    }
    raw.close().await;
    peer.drop_db(name).await;
    ConsoleRun { apply, longest_gap, peak_kb, counts }
}

/// The two baselines through `at`: LOAD DATA of the TSV files in `dir`, and row by row —
/// of everything, or (`sample` = Some(k)) of all orders plus the first k vaults and their
/// licenses, timed and extrapolated linearly to all rows.
struct Baselines {
    load: Duration,
    load_counts: (i64, i64, i64),
    /// Row by row, measured or extrapolated to all rows.
    ef: Duration,
    ef_counts: (i64, i64, i64),
    /// Some((rows written, rows in the plan, time measured)) when `ef` is extrapolated.
    ef_sample: Option<(usize, usize, Duration)>,
}

#[allow(clippy::too_many_arguments)]
async fn baseline_pass(
    peer: &Peer,
    at: &Endpoint,
    doc: &ParsedDocument,
    plan: &ImportPlan,
    now: &str,
    dir: &Path,
    tag: &str,
    sample: Option<usize>,
) -> Baselines {
    let (load_db, ef_db) = (format!("hes_bench_load_{tag}"), format!("hes_bench_ef_{tag}"));
    peer.fresh_db(&load_db).await.close().await;
    let load = load_data(peer, at, &load_db, dir);
    let load_pool = sqlx::MySqlPool::connect_with(peer.root(Some(&load_db))).await.unwrap();
    let load_counts = counts(&load_pool).await;
    load_pool.close().await;

    let direct = peer.fresh_db(&ef_db).await;
    let vaults = &plan.vaults[..sample.unwrap_or(usize::MAX).min(plan.vaults.len())];
    let sampled = vaults.len() < plan.vaults.len();
    let licenses: Vec<usize> = if sampled {
        let ids: HashSet<&str> = vaults.iter().map(|v| doc.devices[v.device].id.as_str()).collect();
        plan.licenses.iter().copied().filter(|i| ids.contains(doc.licenses[*i].device_id.as_str())).collect()
    } else {
        plan.licenses.clone()
    };
    let ef_pool = sqlx::mysql::MySqlPoolOptions::new()
        .max_connections(1)
        .connect_with(peer.root_at(at, Some(&ef_db)))
        .await
        .unwrap();
    sqlx::raw_sql("SELECT 1").execute(&ef_pool).await.unwrap(); // connected before the clock starts
    let t = Instant::now();
    let mut tx = ef_pool.begin().await.unwrap();
    row_by_row!(tx, doc, &plan.orders, vaults, &licenses, now);
    tx.commit().await.unwrap();
    let measured = t.elapsed();
    ef_pool.close().await;
    let ef_counts = counts(&direct).await;
    direct.close().await;
    let done = plan.orders.len() + vaults.len() + licenses.len();
    let all = plan.orders.len() + plan.vaults.len() + plan.licenses.len();
    assert_eq!(ef_counts, (plan.orders.len() as i64, vaults.len() as i64, licenses.len() as i64));
    for d in [&load_db, &ef_db] {
        peer.drop_db(d).await;
    }
    let (ef, ef_sample) = if sampled {
        (measured.mul_f64(all as f64 / done as f64), Some((done, all, measured)))
    } else {
        (measured, None)
    };
    Baselines { load, load_counts, ef, ef_counts, ef_sample }
}

fn print_pass(c: &ConsoleRun, b: &Baselines) {
    println!(
        "  console apply (multi-row INSERTs, 1 tx) {}   longest progress gap {} ms",
        secs(c.apply),
        c.longest_gap.as_millis()
    );
    println!("  LOAD DATA LOCAL INFILE (mariadb client) {}", secs(b.load));
    match b.ef_sample {
        None => println!("  row by row, 1 tx (as EF)                {}", secs(b.ef)),
        Some((done, all, measured)) => println!(
            "  row by row, 1 tx (as EF)                {}   EXTRAPOLATED: measured {} for a sample of {done} of the {all} rows (all orders + the first vaults and their licenses), times {:.1}",
            secs(b.ef),
            secs(measured),
            all as f64 / done as f64
        ),
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn env_or<T: std::str::FromStr>(key: &str, default: T) -> T {
    match std::env::var(key) {
        Ok(v) => v.trim().parse().unwrap_or_else(|_| panic!("{key}={v:?} is not a valid value")),
        Err(_) => default,
    }
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read from the command line.
    let n: usize = env_or("LICENSE_BENCH_N", 100_000);
    let rtt_ms: f64 = env_or("LICENSE_BENCH_RTT_MS", 1.0);
    assert!(rtt_ms.is_finite() && rtt_ms >= 0.0, "LICENSE_BENCH_RTT_MS must be >= 0");
    let rtt_sample: usize = env_or("LICENSE_BENCH_RTT_ROWBYROW_SAMPLE", (n / 10).max(MIN_RTT_SAMPLE));
    let repeats: usize = env_or("LICENSE_BENCH_REPEATS", 3).max(1);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("licenses.json");
    write_document(&file, n).unwrap();
    let size = std::fs::metadata(&file).unwrap().len();
    println!("document: {n} licenses, {n} vaults, {ORDERS} orders, Data {DATA_LEN} B: {:.1} MB", size as f64 / 1e6);
    let peak_before = peak_kb();

    rt.block_on(async {
        // The preview's read: the file indexed (every check, licenses without their Data); the
        // apply reads it again, streaming its licenses into the INSERTs. File -> rows is both.
        let (ctl, gaps) = timed_control();
        let t = Instant::now();
        let indexed = licenses::index_file(&file, DEFAULT_MAX_BYTES, &ctl).await.unwrap();
        let parse = t.elapsed();
        println!("parse (index for the preview): {} ({:.0} MB/s), longest progress gap {} ms", secs(parse), size as f64 / 1e6 / parse.as_secs_f64(), gaps.lock().unwrap().1.as_millis());
        assert_eq!(indexed.doc.licenses.len(), n);
        // The whole document with its Data, for the baselines' rows: read after the console's
        // MariaDB apply so that the peak measured there is the console's own.
        let full = || async {
            let t = Instant::now();
            let doc = licenses::parse_file(&file, DEFAULT_MAX_BYTES, &ImportControl::new()).await.unwrap();
            let took = t.elapsed();
            println!("parse (whole document, Data kept, for the baselines): {} ({:.0} MB/s)", secs(took), size as f64 / 1e6 / took.as_secs_f64());
            doc
        };

        let mut report = Vec::new();
        let mut result = Vec::new();
        let doc = if let Some(peer) = Peer::from_env() {
            let tag = &uuid::Uuid::new_v4().simple().to_string()[..8];
            let direct = Endpoint { host: peer.host.clone(), port: peer.port };

            // 1. Loopback: straight to the peer.
            let ours = console_pass(&peer, &direct, &indexed, &format!("hes_bench_ours_{tag}")).await;
            let doc = full().await;

            // The same rows, planned once, for every baseline.
            let plan_db = format!("hes_bench_plan_{tag}");
            let plan = licenses::check(&Db::MySql(peer.fresh_db(&plan_db).await), &doc, &ImportControl::new()).await.unwrap();
            peer.drop_db(&plan_db).await;
            let now = db_datetime(&utc_now());
            write_tsv(dir.path(), &doc, &plan, &now).unwrap();

            let base = baseline_pass(&peer, &direct, &doc, &plan, &now, dir.path(), tag, None).await;
            assert!(ours.counts == base.load_counts && base.load_counts == base.ef_counts, "{:?} {:?} {:?}", ours.counts, base.load_counts, base.ef_counts);
            println!("MariaDB (loopback, {}:{}): rows per table (orders, vaults, licenses) {:?}", peer.host, peer.port, ours.counts);
            print_pass(&ours, &base);
            println!("  console index read + streamed apply     {}", secs(parse + ours.apply));
            // File -> rows against LOAD DATA, again `repeats - 1` times, interleaved: on a shared
            // 2-core machine one pass of each moves by 10 % between runs; the medians are reported.
            let (mut parses, mut applies, mut loads) = (vec![parse], vec![ours.apply], vec![base.load]);
            for round in 1..repeats {
                let t = Instant::now();
                let again = licenses::index_file(&file, DEFAULT_MAX_BYTES, &ImportControl::new()).await.unwrap();
                let p = t.elapsed();
                let o = console_pass(&peer, &direct, &again, &format!("hes_bench_ours_{tag}_{round}")).await;
                drop(again);
                let load_db = format!("hes_bench_load_{tag}_{round}");
                peer.fresh_db(&load_db).await.close().await;
                let l = load_data(&peer, &direct, &load_db, dir.path());
                peer.drop_db(&load_db).await;
                println!("  again ({round}): index read {}, streamed apply {}, LOAD DATA {}", secs(p), secs(o.apply), secs(l));
                parses.push(p);
                applies.push(o.apply);
                loads.push(l);
            }
            let to_rows: Vec<Duration> = parses.iter().zip(&applies).map(|(p, a)| *p + *a).collect();
            let (parse, apply, load, to_rows) = (median(parses), median(applies), median(loads), median(to_rows));
            let (apply_load, ef_apply) = (apply.as_secs_f64() / load.as_secs_f64(), base.ef.as_secs_f64() / apply.as_secs_f64());
            report.push(format!(
                "MariaDB (medians of {repeats}): apply / LOAD DATA = {apply_load:.2} (budget <= 2), (parse + apply) / LOAD DATA = {:.2}; row-by-row / apply = {ef_apply:.1}x (its >= 20 budget is for a network's round trip: the RTT pass)",
                to_rows.as_secs_f64() / load.as_secs_f64(),
            ));
            result.push(format!(
                "loopback apply/load={apply_load:.2} rowbyrow/apply={ef_apply:.1}x file_to_rows_s={:.2} load_data_s={:.2} parse_s={:.2} apply_s={:.2} repeats={repeats}",
                to_rows.as_secs_f64(),
                load.as_secs_f64(),
                parse.as_secs_f64(),
                apply.as_secs_f64()
            ));
            if let (Some(a), Some(b)) = (peak_before, ours.peak_kb) {
                report.push(format!("peak memory (VmHWM) after parse + MariaDB apply: {} MB (before parsing: {} MB)", b / 1024, a / 1024));
            }

            // 2. The same three through a proxy that adds a network's round-trip time.
            if rtt_ms > 0.0 {
                let upstream = (peer.host.as_str(), peer.port).to_socket_addrs().unwrap().next().expect("the peer's address resolves");
                let (proxy, carried) = delay_proxy(upstream, Duration::from_secs_f64(rtt_ms / 1e3)).expect("the delay proxy listens on 127.0.0.1");
                let via = Endpoint { host: proxy.ip().to_string(), port: proxy.port() };
                let mut direct_probe = peer.root(None).connect().await.unwrap();
                let loopback_rtt = median_round_trip(&mut direct_probe, 50).await;
                let mut probe = peer.root_at(&via, None).connect().await.unwrap();
                let uncalibrated = median_round_trip(&mut probe, 50).await;
                let measured_rtt = calibrate(&carried, &mut probe, loopback_rtt, Duration::from_secs_f64(rtt_ms / 1e3)).await;
                let one_way = Duration::from_nanos(carried.one_way_ns.load(Ordering::Relaxed));
                let ours_rtt = console_pass(&peer, &via, &indexed, &format!("hes_bench_ours_rtt_{tag}")).await;
                let base_rtt = baseline_pass(&peer, &via, &doc, &plan, &now, dir.path(), &format!("rtt_{tag}"), Some(rtt_sample)).await;
                assert_eq!(ours_rtt.counts, ours.counts);
                assert_eq!(base_rtt.load_counts, ours.counts);
                println!(
                    "MariaDB through a delaying proxy ({via_host}:{via_port} -> {}:{}, RTT +{rtt_ms} ms; SELECT 1 median round trip {:.2} ms, {:.2} ms direct):",
                    peer.host,
                    peer.port,
                    measured_rtt.as_secs_f64() * 1e3,
                    loopback_rtt.as_secs_f64() * 1e3,
                    via_host = via.host,
                    via_port = via.port,
                );
                let after_rtt = median_round_trip(&mut probe, 50).await;
                let _ = probe.close().await;
                let _ = direct_probe.close().await;
                print_pass(&ours_rtt, &base_rtt);
                println!(
                    "  proxy: sleeps {:.3} ms each way (calibrated; sleeping {:.3} ms gave {:.2} ms); SELECT 1 round trip {:.2} ms before the pass, {:.2} ms after",
                    one_way.as_secs_f64() * 1e3,
                    rtt_ms / 2.0,
                    uncalibrated.as_secs_f64() * 1e3,
                    measured_rtt.as_secs_f64() * 1e3,
                    after_rtt.as_secs_f64() * 1e3,
                );
                println!(
                    "  the proxy carried {} connections and {:.1} MB from the clients (probes, console apply, LOAD DATA, row by row)",
                    carried.connections.load(Ordering::Relaxed),
                    carried.bytes_up.load(Ordering::Relaxed) as f64 / 1e6
                );
                let (apply_load, ef_apply) =
                    (ours_rtt.apply.as_secs_f64() / base_rtt.load.as_secs_f64(), base_rtt.ef.as_secs_f64() / ours_rtt.apply.as_secs_f64());
                let extrapolated = match base_rtt.ef_sample {
                    Some((done, all, _)) => format!(" (row by row extrapolated from {done} of {all} rows)"),
                    None => String::new(),
                };
                report.push(format!(
                    "MariaDB, RTT {rtt_ms} ms: apply / LOAD DATA = {apply_load:.2} (budget <= 2); row-by-row / apply = {ef_apply:.1}x (budget >= 20){extrapolated}"
                ));
                result.push(format!(
                    "rtt {rtt_ms} ms apply/load={apply_load:.2} rowbyrow/apply={ef_apply:.1}x{extrapolated} (SELECT 1 round trip {:.2} ms, {:.2} ms direct)",
                    measured_rtt.as_secs_f64() * 1e3,
                    loopback_rtt.as_secs_f64() * 1e3
                ));
            } else {
                println!("MariaDB through a delaying proxy: skipped (LICENSE_BENCH_RTT_MS=0)");
            }
            if let Some(b) = ours.peak_kb {
                result.push(format!("peak VmHWM {} MB (after parse + apply) peak_mb={}", b / 1024, b / 1024));
            }
            Some(doc)
        } else {
            println!("MariaDB: skipped (load peers.env; scripts/bench-licenses.sh does)");
            None
        };
        let doc = match doc {
            Some(d) => d,
            None => full().await,
        };

        // SQLite workspace: the console vs row by row.
        let ws = dir.path().join("ours.sqlite");
        let ours_ws = Db::open_sqlite(ws.to_str().unwrap()).await.unwrap().db;
        let (ctl, gaps) = timed_control();
        let t = Instant::now();
        licenses::apply_file_recorded(&ours_ws, None, &indexed, "bench", &ctl, None).await.unwrap();
        let ours = t.elapsed();
        let gap = gaps.lock().unwrap().1;
        let peak_sqlite = peak_kb();
        let plan = licenses::check(&Db::open_sqlite(dir.path().join("plan.sqlite").to_str().unwrap()).await.unwrap().db, &doc, &ImportControl::new()).await.unwrap();
        let Db::Sqlite(ef_pool) = Db::open_sqlite(dir.path().join("ef.sqlite").to_str().unwrap()).await.unwrap().db else { unreachable!() };
        let now = db_datetime(&utc_now());
        let t = Instant::now();
        let mut tx = ef_pool.begin().await.unwrap();
        row_by_row!(tx, &doc, &plan.orders, &plan.vaults, &plan.licenses, &now);
        tx.commit().await.unwrap();
        let ef = t.elapsed();
        println!("SQLite workspace:");
        println!("  console apply (multi-row INSERTs, 1 tx) {}   longest progress gap {} ms", secs(ours), gap.as_millis());
        println!("  row by row, 1 tx (as EF)                {}", secs(ef));
        report.push(format!("SQLite: row-by-row / apply = {:.1}x", ef.as_secs_f64() / ours.as_secs_f64()));
        if let Some(b) = peak_sqlite {
            report.push(format!("peak memory (VmHWM) after the SQLite apply too: {} MB", b / 1024));
        }
        println!("---");
        for line in report {
            println!("{line}");
        }
        if !result.is_empty() {
            println!("RESULT {}", result.join("; "));
        }
    });
}
