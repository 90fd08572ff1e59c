//! A HES database as a connection profile reaches it: DNS → TCP → Login (TLS + authentication) →
//! HES version → Grants. Nothing is written: the write probes change no row (`WHERE 1 = 0`).

use hes_core::workspace::TlsMode;
use hes_store::db::Db;
use hes_store::mysql::MySqlTarget;
use sqlx::mysql::MySqlPoolOptions;
use sqlx::Row;
use url::Url;

use crate::net::dns_tcp;
use crate::report::CheckReport;
use crate::run::{run, Recorder, StepResult};
use crate::{codes, CheckOptions};

const STEPS: [&str; 5] = ["DNS", "TCP", "Login", "HES version", "Grants"];
/// Through SSH: the SSH host's steps first; the database's name and port are the SSH host's to
/// reach (the forward), then the MySQL steps as usual.
const SSH_STEPS: [&str; 8] =
    ["SSH DNS", "SSH TCP", "SSH host key", "SSH authentication", "SSH forward", "Login", "HES version", "Grants"];

/// Check one connection profile (`name` labels the report; the password is scrubbed everywhere).
pub async fn database(name: &str, target: &MySqlTarget, opts: &CheckOptions) -> CheckReport {
    let mut secrets = vec![target.password.clone()];
    let Some(ssh) = &target.ssh else {
        let label = format!("{name} ({})", target.location());
        return run("database", &label, opts, secrets, &STEPS, |rec| body(rec, target)).await;
    };
    secrets.extend(ssh.secret.clone());
    let label = format!("{name} ({} via ssh {})", target.location(), ssh.label());
    run("database", &label, opts, secrets, &SSH_STEPS, |rec| through_ssh(rec, target)).await
}

/// The SSH steps (name, TCP, host key, authentication, forward), then Login and the HES steps
/// through the tunnel (TLS still verified against the database's own name).
async fn through_ssh(rec: Recorder, t: &MySqlTarget) -> StepResult<()> {
    let ssh = t.ssh.as_ref().expect("through_ssh is called with an SSH leg");
    let opening = hes_tunnel::Tunnel::open(ssh, &t.host, t.port).await;
    let record = |s: hes_tunnel::SshStep| -> StepResult<()> {
        // "SSH DNS", "SSH TCP", "SSH host key", "SSH authentication", "SSH forward".
        let name = match s.name {
            "DNS" | "TCP" => s.name.to_string(),
            other => other.to_lowercase(),
        };
        let step = rec.begin(&format!("SSH {name}"));
        match s.outcome {
            Ok(detail) => {
                rec.ok(step, detail);
                Ok(())
            }
            Err(e) => {
                let hint = e.hint.map(|h| format!(" {h}")).unwrap_or_default();
                Err(rec.fail(step, e.code.as_str(), format!("{}{hint}", e.message)))
            }
        }
    };
    for s in opening.steps {
        record(s)?;
    }
    let tunnel = match opening.result {
        Ok(t) => t,
        Err(e) => {
            let step = rec.begin("SSH TCP");
            return Err(rec.fail(step, e.code.as_str(), e.message));
        }
    };
    record(tunnel.check_forward().await)?;

    let step = rec.begin("Login");
    let routed = MySqlTarget { via: Some(tunnel.addr), ssh: None, ..t.clone() };
    let opened = match Db::open_mysql(&routed).await {
        Ok(o) => o,
        Err(e) => {
            let hint = e.hint.map(|h| format!(" {h}")).unwrap_or_default();
            return Err(rec.fail(step, e.code.as_str(), format!("{}{hint}", e.message)));
        }
    };
    rec.ok(step, format!("logged in as '{}' through the SSH tunnel ({})", t.user, tls_words(t.tls)));
    let r = hes_steps(&rec, &opened.db).await;
    if let Db::MySql(pool) = &opened.db {
        pool.close().await;
    }
    drop(tunnel);
    r
}

async fn body(rec: Recorder, t: &MySqlTarget) -> StepResult<()> {
    // IPv6 literals need brackets in a URL; the scheme only carries host and port to `dns_tcp`.
    let host = if t.host.contains(':') { format!("[{}]", t.host) } else { t.host.clone() };
    let url = match Url::parse(&format!("mysql://{host}:{}", t.port)) {
        Ok(u) => u,
        Err(e) => {
            let step = rec.begin("DNS");
            return Err(rec.fail(step, codes::INVALID_TARGET, format!("`{}` is not a host name: {e}", t.host)));
        }
    };
    dns_tcp(&rec, &url).await?;

    let step = rec.begin("Login");
    let connect = match t.connect_options() {
        Ok(o) => o,
        Err(e) => return Err(rec.fail(step, e.code.as_str(), e.message)),
    };
    // One login for every step: a pool of one connection, kept between the queries.
    // Isolated: sqlx-mysql panics on some malformed handshakes (hes_store::guard).
    let server = format!("{}:{}", t.host, t.port);
    let login = MySqlPoolOptions::new().max_connections(1).connect_with(connect);
    let pool = match hes_store::guard::isolated(&server, login).await.and_then(|r| r.map_err(|e| t.connect_error(e))) {
        Ok(p) => p,
        Err(e) => {
            let hint = e.hint.map(|h| format!(" {h}")).unwrap_or_default();
            return Err(rec.fail(step, e.code.as_str(), format!("{}{hint}", e.message)));
        }
    };
    let tls: Option<String> = sqlx::query("SHOW SESSION STATUS LIKE 'Ssl_version'")
        .fetch_optional(&pool)
        .await
        .ok()
        .flatten()
        .and_then(|r| r.try_get::<String, _>(1).ok())
        .filter(|v| !v.is_empty());
    match (tls, t.tls) {
        (Some(v), mode) => rec.ok(step, format!("logged in as '{}' over {v} ({})", t.user, tls_words(mode))),
        (None, _) => rec.warn(
            step,
            codes::DB_PLAIN_CONNECTION,
            format!(
                "logged in as '{}' without TLS: settings and secrets cross the network unencrypted; \
                 choose TLS mode Verify identity",
                t.user
            ),
        ),
    }

    let r = hes_steps(&rec, &Db::MySql(pool.clone())).await;
    pool.close().await; // a polite QUIT rather than a dropped socket (the server logs those)
    r
}

/// HES version, then grants, through the logged-in connection.
async fn hes_steps(rec: &Recorder, db: &Db) -> StepResult<()> {
    let step = rec.begin("HES version");
    match db.hes_version().await {
        Ok(v) => rec.ok(step, format!("HES {v} (newest migration in __EFMigrationsHistory)")),
        Err(e) => return Err(rec.fail(step, e.code.as_str(), e.message)),
    }

    let step = rec.begin("Grants");
    let grants = show_grants(db).await;
    match db.can_write().await {
        Ok(true) if grants.iter().any(|g| is_broad(g)) => rec.warn(
            step,
            codes::DB_BROAD_GRANTS,
            "read-write; this user has global privileges, more than the console needs \
             (SELECT, INSERT, UPDATE, DELETE on the HES database)",
        ),
        Ok(true) => rec.ok(step, "read-write: settings can be changed"),
        Ok(false) => rec.ok(step, "read-only (helpdesk): settings can be viewed and checks run, nothing changed"),
        Err(e) => return Err(rec.fail(step, e.code.as_str(), e.message)),
    }
    Ok(())
}

fn tls_words(mode: TlsMode) -> &'static str {
    match mode {
        TlsMode::VerifyIdentity => "certificate and host name verified",
        TlsMode::VerifyCa => "certificate verified, host name not checked",
        _ => "certificate NOT verified: choose Verify identity to be sure of the server",
    }
}

async fn show_grants(db: &Db) -> Vec<String> {
    match db {
        Db::MySql(pool) => sqlx::query_scalar::<_, String>("SHOW GRANTS").fetch_all(pool).await.unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// `GRANT ALL PRIVILEGES ON *.*` or any global grant with SUPER / GRANT OPTION.
fn is_broad(grant: &str) -> bool {
    let g = grant.to_ascii_uppercase();
    g.contains(" ON *.*") && (g.contains("ALL PRIVILEGES") || g.contains("SUPER") || g.contains("WITH GRANT OPTION"))
}

#[cfg(test)]
mod tests {
    use super::is_broad;

    #[test]
    fn broad_grants_are_recognised() {
        assert!(is_broad("GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION"));
        assert!(!is_broad("GRANT USAGE ON *.* TO `hes`@`%`"));
        assert!(!is_broad("GRANT SELECT, INSERT, UPDATE, DELETE ON `hes`.* TO `hes`@`%`"));
    }
}
