//! Benchmark of check budgets (`cargo bench -p hes-checks --bench checks`, or
//! scripts/bench-checks.sh which loads the peers' env):
//! - all checks of the Diagnostics view together vs the slowest single check (budget ≤ 1.2);
//! - a host that never answers vs the check's timeout (budget ≤ 1.1).
//!
//! Every peer is reached through a delaying TCP proxy that adds `BENCH_RTT_MS` (default 40 ms) of
//! round-trip time: on loopback each check is a few milliseconds of CPU, so without a WAN-like delay
//! the ratio would measure the 2 cores' scheduling rather than whether checks wait on one another.
//! The run without added delay is reported too. Stubs run in-process (HEC, licensing, Entra/Graph);
//! real peers (MariaDB, Samba AD, SMTP) are used when tests/peers' env is loaded.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use hes_checks::diagnostics::{self, Endpoints, Selection};
use hes_checks::{CheckOptions, CheckReport, Outcome};
use hes_core::settings::email::SmtpSecurity;
use hes_core::workspace::TlsMode;
use hes_core::Secret;
use hes_store::console::{AdInput, AzureInput, CheckInputs, DatabaseInput, SmtpInput};
use hes_store::MySqlTarget;
use hes_stubs::{azure as az, hec, licensing as lic};
use hes_test_support::delay::delay_proxy;
use tokio::net::TcpListener;

const RUNS: usize = 7;

/// A server that accepts connections and never says a word: a check against it must time out.
async fn silent_server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((s, _)) = listener.accept().await {
            held.push(s);
        }
    });
    addr
}

struct Peers {
    hec: SocketAddr,
    licensing: SocketAddr,
    azure: SocketAddr,
    mysql: Option<(SocketAddr, MySqlTarget)>,
    /// The aiosmtpd peer's STARTTLS port, user and password.
    smtp: Option<(SocketAddr, String, String)>,
    /// The Samba DC's LDAPS address, domain, user and password.
    ad: Option<(SocketAddr, String, String, String)>,
}

fn env(k: &str) -> Option<String> {
    std::env::var(k).ok().filter(|v| !v.is_empty())
}

fn smtp_from_env() -> Option<(SocketAddr, String, String)> {
    let addr = format!("{}:{}", env("HES_SMTP_HOST")?, env("HES_SMTP_STARTTLS_PORT")?).parse().ok()?;
    Some((addr, env("HES_SMTP_USER")?, env("HES_SMTP_PASSWORD")?))
}

fn ad_from_env() -> Option<(SocketAddr, String, String, String)> {
    let port = env("HES_AD_LDAPS_PORT")?;
    Some((
        format!("127.0.0.1:{port}").parse().ok()?,
        env("HES_AD_DOMAIN")?,
        env("HES_AD_USER")?,
        env("HES_AD_PASSWORD")?,
    ))
}

impl Peers {
    /// Inputs for the named checks (`None` = every check this bench has peers for).
    fn inputs(&self, only: Option<&str>, proxies: &Proxies) -> CheckInputs {
        let want = |c: &str| only.is_none_or(|o| o == c);
        let mut i = CheckInputs::default();
        if want("splunk") {
            i.splunk = Some((format!("http://{}", proxies.hec), Ok(Secret::new(hec::VALID_TOKEN))));
        }
        if want("licensing") {
            i.licensing = Some((format!("http://{}", proxies.licensing), Ok(Secret::new("bench-key"))));
        }
        if want("azure") {
            i.azure.push(AzureInput {
                id: "az".into(),
                name: "bench".into(),
                tenant_id: az::TENANT_ID.into(),
                application_id: az::APP_ID.into(),
                client_secret: Ok(Secret::new(az::APP_SECRET)),
            });
        }
        if let (true, Some((_, user, pw)), Some(p)) = (want("smtp"), &self.smtp, proxies.smtp) {
            i.smtp = Some(SmtpInput {
                host: "127.0.0.1".into(),
                port: p.port(),
                security: SmtpSecurity::StartTls,
                user_name: Some(user.clone()),
                password: Some(Ok(Secret::new(pw.as_str()))),
                from: "bench@hes.test".into(),
                test_recipient: None,
            });
        }
        if let (true, Some((_, domain, user, pw)), Some(p)) = (want("ad"), &self.ad, proxies.ad) {
            // The DC is reached through the proxy; the AD check takes the port from the pin-free target.
            i.ad.push(AdInput {
                id: "primary".into(),
                domain: domain.clone(),
                logon_name: user.clone(),
                password: Ok(Secret::new(pw.as_str())),
                starttls: false,
                pinned_sha256: None,
                server: Some(format!("127.0.0.1:{}", p.port())),
            });
        }
        if let (true, Some((_, t)), Some(p)) = (want("database"), &self.mysql, proxies.mysql) {
            let mut t = t.clone();
            t.port = p.port();
            i.databases.push(DatabaseInput { name: "bench".into(), target: Ok(t) });
        }
        i
    }
}

struct Proxies {
    hec: SocketAddr,
    licensing: SocketAddr,
    azure: SocketAddr,
    mysql: Option<SocketAddr>,
    smtp: Option<SocketAddr>,
    ad: Option<SocketAddr>,
}

async fn proxies(p: &Peers, rtt: Duration) -> Proxies {
    let one_way = rtt / 2;
    Proxies {
        hec: delay_proxy(p.hec, one_way).await,
        licensing: delay_proxy(p.licensing, one_way).await,
        azure: delay_proxy(p.azure, one_way).await,
        mysql: match &p.mysql {
            Some((addr, _)) => Some(delay_proxy(*addr, one_way).await),
            None => None,
        },
        smtp: match &p.smtp {
            Some((addr, ..)) => Some(delay_proxy(*addr, one_way).await),
            None => None,
        },
        ad: match &p.ad {
            Some((addr, ..)) => Some(delay_proxy(*addr, one_way).await),
            None => None,
        },
    }
}

fn mysql_from_env() -> Option<(SocketAddr, MySqlTarget)> {
    let port: u16 = std::env::var("HES_MYSQL_PORT").ok()?.parse().ok()?;
    let host = std::env::var("HES_MYSQL_HOST").unwrap_or_else(|_| "127.0.0.1".into());
    let target = MySqlTarget {
        host: host.clone(),
        port,
        database: "hes_plain".into(),
        user: std::env::var("HES_MYSQL_USER").ok()?,
        password: Secret::new(std::env::var("HES_MYSQL_PASSWORD").ok()?),
        tls: TlsMode::VerifyIdentity,
        ca_file: std::env::var("HES_TEST_CA").ok().map(Into::into),
        timeout: Duration::from_secs(10),
        pin: None,
        ssh: None,
        via: None,
    };
    Some((format!("{host}:{port}").parse().ok()?, target))
}

async fn run(inputs: CheckInputs, ends: &Endpoints, timeout: Duration) -> (Duration, Vec<CheckReport>) {
    let mut opts = CheckOptions::default().with_timeout(timeout);
    if let Some(ca) = env("HES_TEST_CA") {
        opts = opts.with_extra_ca(ca);
    }
    let t0 = Instant::now();
    let reports = diagnostics::run(inputs, &Selection::All, &opts, ends, None).await;
    (t0.elapsed(), reports)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median time of each single check and of all together, at one added round-trip time.
/// Returns (all together / slowest single, all together in ms).
async fn measure(peers: &Peers, rtt: Duration) -> (f64, f64) {
    let px = proxies(peers, rtt).await;
    let ends = Endpoints { azure_authority: format!("http://{}", px.azure), graph: format!("http://{}", px.azure) };
    let mut names = vec!["splunk", "licensing", "azure"];
    for (name, present) in
        [("database", peers.mysql.is_some()), ("smtp", peers.smtp.is_some()), ("ad", peers.ad.is_some())]
    {
        if present {
            names.push(name);
        }
    }
    // Warm-up: first connections, DNS caches, lazy statics.
    let (_, reports) = run(peers.inputs(None, &px), &ends, Duration::from_secs(10)).await;
    for r in &reports {
        assert_ne!(r.outcome, Outcome::Fail, "bench peers must pass:\n{}", r.to_text());
    }
    let mut slowest = (Duration::ZERO, "");
    let mut line = Vec::new();
    for name in &names {
        let mut times = Vec::new();
        for _ in 0..RUNS {
            times.push(run(peers.inputs(Some(name), &px), &ends, Duration::from_secs(10)).await.0);
        }
        let m = median(times);
        line.push(format!("{name} {:.1} ms", ms(m)));
        if m > slowest.0 {
            slowest = (m, name);
        }
    }
    let mut times = Vec::new();
    for _ in 0..RUNS {
        times.push(run(peers.inputs(None, &px), &ends, Duration::from_secs(10)).await.0);
    }
    let all = median(times);
    let ratio = ms(all) / ms(slowest.0);
    println!("  added RTT {:>3} ms: single (median of {RUNS}): {}", rtt.as_millis(), line.join(", "));
    println!(
        "  added RTT {:>3} ms: all {} together {:.1} ms; slowest single ({}) {:.1} ms; ratio {:.2}",
        rtt.as_millis(),
        names.len(),
        ms(all),
        slowest.1,
        ms(slowest.0),
        ratio
    );
    (ratio, ms(all))
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let rtt = Duration::from_millis(std::env::var("BENCH_RTT_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(40));
    let (hec_addr, _h) = hec::start(hec::HecConfig::standard()).await.unwrap();
    let (lic_addr, _l) =
        lic::start(lic::LicensingConfig::new().key("bench-key", lic::KeyAnswer::Good(3))).await.unwrap();
    let (az_addr, _a) = az::start(az::AzureConfig::standard()).await.unwrap();
    let peers = Peers {
        hec: hec_addr,
        licensing: lic_addr,
        azure: az_addr,
        mysql: mysql_from_env(),
        smtp: smtp_from_env(),
        ad: ad_from_env(),
    };
    if peers.mysql.is_none() || peers.smtp.is_none() || peers.ad.is_none() {
        println!(
            "  (some real peers are missing from the env, their checks are left out; load tests/peers' peers.env)"
        );
    }

    println!("checks bench: all checks together vs the slowest single one (budget <= 1.20)");
    let (plain, _) = measure(&peers, Duration::ZERO).await;
    let (wan, wan_all_ms) = measure(&peers, rtt).await;

    println!("checks bench: a host that accepts and never answers vs the check's timeout (budget <= 1.10)");
    let silent = silent_server().await;
    let mut worst: f64 = 0.0;
    for timeout_ms in [500u64, 1000, 2000] {
        let timeout = Duration::from_millis(timeout_ms);
        let inputs = CheckInputs {
            splunk: Some((format!("https://{silent}"), Ok(Secret::new(hec::VALID_TOKEN)))),
            ..CheckInputs::default()
        };
        let (took, reports) = run(inputs, &Endpoints::from_env(), timeout).await;
        assert_eq!(reports[0].code.as_deref(), Some(hes_checks::codes::TIMEOUT), "{}", reports[0].to_text());
        let r = ms(took) / timeout_ms as f64;
        worst = worst.max(r);
        println!("  timeout {timeout_ms:>4} ms: failed with Timeout after {:.1} ms (ratio {r:.3})", ms(took));
    }

    let verdict = |ok: bool| if ok { "within budget" } else { "OVER BUDGET" };
    println!(
        "RESULT checks_together_ratio={wan:.2} (added RTT {} ms; {}) checks_together_ms={wan_all_ms:.0} \
         loopback_ratio={plain:.2} unreachable_vs_timeout={worst:.3} ({})",
        rtt.as_millis(),
        verdict(wan <= 1.2),
        verdict(worst <= 1.1)
    );
    if std::env::var("BENCH_STRICT").as_deref() == Ok("1") && (wan > 1.2 || worst > 1.1) {
        std::process::exit(1);
    }
}
