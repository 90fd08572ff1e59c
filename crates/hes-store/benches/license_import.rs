//! License import benchmark (issue 5; DESIGN.md 6): a document of N licenses (default 100 000),
//! their N vaults and a few hundred orders, `Data` 1 KB each, imported
//!   - into MariaDB by the console (multi-row INSERTs, one transaction), against the same rows
//!     loaded by the `mariadb` client with `LOAD DATA LOCAL INFILE` (budget: within 2x) and
//!     inserted row by row in one transaction as HES's EF code does (budget: at least 20x faster);
//!   - into the SQLite workspace, against row-by-row inserts.
//!
//! It also reports peak memory (VmHWM, Linux) after the console's parse + apply, and the longest
//! gap between progress events. Run: scripts/bench-licenses.sh (starts the MariaDB peer).
//! Env: LICENSE_BENCH_N (licenses), HES_MYSQL_* from peers.env (without them: SQLite only).

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hes_core::licenses::dates::{db_datetime, utc_now};
use hes_core::licenses::plan::ImportPlan;
use hes_core::licenses::{ImportControl, ParsedDocument, DEFAULT_MAX_BYTES};
use hes_core::workspace::TlsMode;
use hes_core::Secret;
use hes_store::db::Db;
use hes_store::licenses;
use hes_store::MySqlTarget;
use sqlx::ConnectOptions;

const SCHEMA: &str = include_str!("../../../tests/fixtures/hes-3.8.4-mysql.sql");
const ORDERS: usize = 300;
const DATA_LEN: usize = 1024;

/// Write the document without holding it: the console's peak memory is then its own.
fn write_document(path: &Path, n: usize) -> std::io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let data = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        (0..DATA_LEN).map(|i| (i * 7) as u8).collect::<Vec<_>>(),
    );
    let order = |i: usize| format!("7e57a000-0000-4000-8000-{i:012}");
    write!(w, "{{\"DevicesDto\":[")?;
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        write!(w, "{sep}{{\"DeviceId\":\"ST{i:010}\",\"MAC\":\"02:{:02X}:{:02X}:{:02X}:{:02X}:01\",\"Model\":\"ST104\",\"RFID\":\"{i:010}\",\"Firmware\":\"3.4.1\"}}",
            (i >> 24) & 255, (i >> 16) & 255, (i >> 8) & 255, i & 255)?;
    }
    write!(w, "],\"DeviceLicensesDto\":[")?;
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        write!(w, "{sep}{{\"Id\":\"{}\",\"LicenseOrderId\":\"{}\",\"DeviceId\":\"ST{i:010}\",\"EndDate\":\"20{:02}-{:02}-15T00:00:00\",\"Data\":\"{data}\"}}",
            uuid::Uuid::new_v4(), order(i % ORDERS), 26 + (i % 3), 1 + i % 12)?;
    }
    write!(w, "],\"LicenseOrdersDto\":[")?;
    for i in 0..ORDERS {
        let sep = if i == 0 { "" } else { "," };
        write!(w, "{sep}{{\"Id\":\"{}\",\"ContactEmail\":\"admin@example.com\",\"Note\":\"bench\",\"StartDate\":\"2026-01-01T00:00:00\",\"EndDate\":\"2028-12-31T00:00:00\",\"ProlongExistingLicenses\":false,\"CreatedAt\":\"2025-12-01T08:00:00\",\"OrderStatus\":4}}", order(i))?;
    }
    write!(w, "]}}")?;
    w.flush()
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
        let mut o = sqlx::mysql::MySqlConnectOptions::new()
            .host(&self.host)
            .port(self.port)
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
            s(&nv.license_status.ordinal().to_string()),
            end.as_deref().and_then(s),
        ];
        row(&mut v, &f.iter().map(Option::as_deref).collect::<Vec<_>>())?;
    }
    v.flush()?;
    let mut l = BufWriter::new(std::fs::File::create(dir.join("licenses.tsv"))?);
    for i in &plan.licenses {
        let x = &doc.licenses[*i];
        let id = uuid::Uuid::new_v4().to_string();
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

fn load_data(peer: &Peer, db: &str, dir: &Path) -> Duration {
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
        "--local-infile=1",
        "-h",
        &peer.host,
        "-P",
        &peer.port.to_string(),
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
    ($tx:expr, $doc:expr, $plan:expr, $now:expr) => {{
        let (doc, plan, now) = ($doc, $plan, $now);
        for i in &plan.orders {
            let o = &doc.orders[*i];
            sqlx::query("INSERT INTO LicenseOrders (Id, ContactEmail, Note, StartDate, EndDate, ProlongExistingLicenses, CreatedAt, OrderStatus) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(&o.id).bind(&o.contact_email).bind(&o.note).bind(o.start_date.as_ref().map(db_datetime)).bind(db_datetime(&o.end_date))
                .bind(o.prolong_existing_licenses).bind(db_datetime(&o.created_at)).bind(o.order_status)
                .execute(&mut *$tx).await.unwrap();
        }
        for v in &plan.vaults {
            let d = &doc.devices[v.device];
            sqlx::query("INSERT INTO HardwareVaults (Id, MAC, Model, RFID, Firmware, Battery, LastSynced, NeedSync, EmployeeId, MasterPassword, HardwareVaultProfileId, ImportedAt, HasNewLicense, LicenseStatus, LicenseEndDate, Status, StatusReason, StatusDescription, IsStatusApplied, Timestamp) VALUES (?, ?, ?, ?, ?, 100, NULL, 0, NULL, NULL, 'default', ?, ?, ?, ?, 0, 0, NULL, 0, 0)")
                .bind(&d.id).bind(&d.mac).bind(&d.model).bind(&d.rfid).bind(&d.firmware).bind(now)
                .bind(v.has_new_license).bind(v.license_status.ordinal()).bind(v.license_end_date.as_ref().map(db_datetime))
                .execute(&mut *$tx).await.unwrap();
        }
        for i in &plan.licenses {
            let l = &doc.licenses[*i];
            sqlx::query("INSERT INTO HardwareVaultLicenses (Id, HardwareVaultId, LicenseOrderId, ImportedAt, AppliedAt, EndDate, Data) VALUES (?, ?, ?, ?, NULL, ?, ?)")
                .bind(uuid::Uuid::new_v4().to_string()).bind(&l.device_id).bind(&l.order_id).bind(now)
                .bind(l.end_date.as_ref().map(db_datetime)).bind(l.data.as_deref())
                .execute(&mut *$tx).await.unwrap();
        }
    }};
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read from the command line.
    let n: usize = std::env::var("LICENSE_BENCH_N").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("licenses.json");
    write_document(&file, n).unwrap();
    let size = std::fs::metadata(&file).unwrap().len();
    println!("document: {n} licenses, {n} vaults, {ORDERS} orders, Data {DATA_LEN} B: {:.1} MB", size as f64 / 1e6);
    let peak_before = peak_kb();

    rt.block_on(async {
        // Parse (streamed) — its time and the memory the parsed document takes.
        let (ctl, gaps) = timed_control();
        let t = Instant::now();
        let doc = licenses::parse_file(&file, DEFAULT_MAX_BYTES, &ctl).await.unwrap();
        let parse = t.elapsed();
        println!("parse: {} ({:.0} MB/s), longest progress gap {} ms", secs(parse), size as f64 / 1e6 / parse.as_secs_f64(), gaps.lock().unwrap().1.as_millis());
        assert_eq!(doc.licenses.len(), n);

        let mut report = Vec::new();
        if let Some(peer) = Peer::from_env() {
            let tag = &uuid::Uuid::new_v4().simple().to_string()[..8];
            let (ours_db, load_db, ef_db) = (format!("hes_bench_ours_{tag}"), format!("hes_bench_load_{tag}"), format!("hes_bench_ef_{tag}"));

            let raw = peer.fresh_db(&ours_db).await;
            let target = MySqlTarget {
                host: peer.host.clone(),
                port: peer.port,
                database: ours_db.clone(),
                user: peer.user.0.clone(),
                password: Secret::new(peer.user.1.clone()),
                tls: TlsMode::Disabled,
                ca_file: None,
                timeout: Duration::from_secs(10),
            };
            let db = Db::open_mysql(&target).await.unwrap().db;
            let (ctl, gaps) = timed_control();
            let t = Instant::now();
            let r = licenses::apply(&db, &doc, "bench", &ctl).await.unwrap();
            let ours = t.elapsed();
            let gap = gaps.lock().unwrap().1;
            assert_eq!(r.applied.new_rows(), (n + n + ORDERS) as u64);
            let peak_import = peak_kb();
            let ours_counts = counts(&raw).await;

            // The same rows, planned once, for both baselines.
            let plan = licenses::check(&Db::MySql(peer.fresh_db(&load_db).await), &doc, &ImportControl::new()).await.unwrap();
            let now = db_datetime(&utc_now());
            write_tsv(dir.path(), &doc, &plan, &now).unwrap();
            let load = load_data(&peer, &load_db, dir.path());
            let load_counts = counts(&sqlx::MySqlPool::connect_with(peer.root(Some(&load_db))).await.unwrap()).await;

            let ef_pool = peer.fresh_db(&ef_db).await;
            let t = Instant::now();
            let mut tx = ef_pool.begin().await.unwrap();
            row_by_row!(tx, &doc, &plan, &now);
            tx.commit().await.unwrap();
            let ef = t.elapsed();
            let ef_counts = counts(&ef_pool).await;
            assert!(ours_counts == load_counts && load_counts == ef_counts, "{ours_counts:?} {load_counts:?} {ef_counts:?}");
            for d in [&ours_db, &load_db, &ef_db] {
                peer.drop_db(d).await;
            }
            println!("MariaDB: rows per table (orders, vaults, licenses) {ours_counts:?}");
            println!("  console apply (multi-row INSERTs, 1 tx) {}   longest progress gap {} ms", secs(ours), gap.as_millis());
            println!("  console parse + apply                   {}", secs(parse + ours));
            println!("  LOAD DATA LOCAL INFILE (mariadb client) {}", secs(load));
            println!("  row by row, 1 tx (as EF)                {}", secs(ef));
            report.push(format!(
                "MariaDB: apply / LOAD DATA = {:.2} (budget <= 2), (parse + apply) / LOAD DATA = {:.2}; row-by-row / apply = {:.1}x (budget >= 20)",
                ours.as_secs_f64() / load.as_secs_f64(),
                (parse + ours).as_secs_f64() / load.as_secs_f64(),
                ef.as_secs_f64() / ours.as_secs_f64()
            ));
            if let (Some(a), Some(b)) = (peak_before, peak_import) {
                report.push(format!("peak memory (VmHWM) after parse + MariaDB apply: {} MB (before parsing: {} MB)", b / 1024, a / 1024));
            }
        } else {
            println!("MariaDB: skipped (load peers.env; scripts/bench-licenses.sh does)");
        }

        // SQLite workspace: the console vs row by row.
        let ws = dir.path().join("ours.sqlite");
        let ours_ws = Db::open_sqlite(ws.to_str().unwrap()).await.unwrap().db;
        let (ctl, gaps) = timed_control();
        let t = Instant::now();
        licenses::apply(&ours_ws, &doc, "bench", &ctl).await.unwrap();
        let ours = t.elapsed();
        let gap = gaps.lock().unwrap().1;
        let peak_sqlite = peak_kb();
        let plan = licenses::check(&Db::open_sqlite(dir.path().join("plan.sqlite").to_str().unwrap()).await.unwrap().db, &doc, &ImportControl::new()).await.unwrap();
        let Db::Sqlite(ef_pool) = Db::open_sqlite(dir.path().join("ef.sqlite").to_str().unwrap()).await.unwrap().db else { unreachable!() };
        let now = db_datetime(&utc_now());
        let t = Instant::now();
        let mut tx = ef_pool.begin().await.unwrap();
        row_by_row!(tx, &doc, &plan, &now);
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
    });
}
