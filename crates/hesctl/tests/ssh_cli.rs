//! Issue 14: `hesctl --ssh user@host:port` reaches the fixture database through the OpenSSH peer:
//! an unknown host key is refused (exit 7, SshHostKeyUnknown, the fingerprint shown), trusted with
//! `connections trust-host-key`, then `settings show` reads through the tunnel; a profile saved
//! with `--ssh` and a passphrase key (passphrase in the keychain) opens too; a wrong SSH password
//! is SshAuthFailed and no secret is printed; `check database` shows the SSH steps before Login.

use hes_test_support::cli::{self, Out};
use hes_test_support::mysql::{MySqlPeer, ScratchDb, SCHEMA};

const SEED_PLAIN: &str = include_str!("../../../tests/fixtures/seed-plain.sql");

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"))
}

fn hesctl(cfg: &std::path::Path, args: &[&str], stdin: Option<&str>, extra: &[(&str, Option<&str>)]) -> Out {
    let cfg = cfg.to_str().expect("a UTF-8 temp path");
    let envs = [&cli::config_env_for_ssh(cfg)[..], extra].concat();
    cli::run(env!("CARGO_BIN_EXE_hesctl"), args, stdin, &envs)
}

#[test]
fn hesctl_through_ssh_trusts_the_host_key_then_reads_the_database() {
    let Some(peer) = MySqlPeer::from_env() else { return };
    if std::env::var("HES_SSH_PORT").is_err() {
        eprintln!("skipped: no SSH peer");
        return;
    }
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let db = rt.block_on(ScratchDb::create(&peer, &[SCHEMA, SEED_PLAIN]));
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path();
    let ssh_host = format!("{}:{}", env("HES_SSH_HOST"), env("HES_SSH_PORT"));
    let dest = format!("{}@{ssh_host}", env("HES_SSH_USER"));
    let url = peer.url(&db.name, "127.0.0.1");
    let password = format!("{}\n", peer.user.1);
    let key = env("HES_SSH_KEY");
    let show = |extra: &[&str]| {
        let mut args = vec!["--json", "--db", &url, "--password-stdin", "--ssh", &dest];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["settings", "show"]);
        hesctl(cfg, &args, Some(&password), &[])
    };

    // Unknown host key: refused before authenticating, the fingerprint in the message.
    let refused = show(&["--ssh-key", &key]);
    let (code, err) = refused.coded_error();
    assert_eq!((code, err["code"].as_str()), (7, Some("SshHostKeyUnknown")), "{}", refused.stderr);
    let message = err["message"].as_str().unwrap();
    let sha = message.split_whitespace().find(|w| w.starts_with("SHA256:")).expect("the fingerprint is shown");
    let sha = sha.trim_end_matches('.');

    // `connections test` shows the key and the command that trusts it.
    let test = hesctl(
        cfg,
        &["--db", &url, "--password-stdin", "--ssh", &dest, "--ssh-key", &key, "connections", "test"],
        Some(&password),
        &[],
    );
    assert!(test.stdout.contains(sha) && test.stdout.contains("trust-host-key"), "{}", test.stdout);

    // Trusted: settings show reads the fixture database through the tunnel.
    let trusted =
        hesctl(cfg, &["connections", "trust-host-key", &ssh_host, &format!("ssh-ed25519 {sha}")], None, &[]).ok();
    assert!(trusted.stdout.contains(sha), "{}", trusted.stdout);
    let out = show(&["--ssh-key", &key]).ok();
    assert_eq!(out.json()["Settings"]["Licensing"]["ApiAddress"], "https://hls.hideez.com", "{}", out.stdout);

    // A wrong SSH password: SshAuthFailed (exit 7), the password printed nowhere.
    let wrong = "hes-ssh-wrong-pw-Zq9";
    let pw_dest = format!("{}@{ssh_host}", env("HES_SSH_PW_USER"));
    let bad = hesctl(
        cfg,
        &["--json", "--db", &url, "--password-stdin", "--ssh", &pw_dest, "--ssh-password", "settings", "show"],
        Some(&password),
        &[("HESCTL_SSH_PASSWORD", Some(wrong))],
    );
    assert_eq!(bad.last_error_code(), (7, "SshAuthFailed".to_string()), "{}", bad.stderr);
    assert!(!bad.stdout.contains(wrong) && !bad.stderr.contains(wrong));
    let good = hesctl(
        cfg,
        &["--json", "--db", &url, "--password-stdin", "--ssh", &pw_dest, "--ssh-password", "settings", "show"],
        Some(&password),
        &[("HESCTL_SSH_PASSWORD", Some(&env("HES_SSH_PASSWORD")))],
    )
    .ok();
    assert!(!good.stdout.contains(&env("HES_SSH_PASSWORD")) && !good.stderr.contains(&env("HES_SSH_PASSWORD")));

    // A profile through SSH with a passphrase-protected key: the passphrase goes to the keychain.
    let name = format!("ssh-{}", std::process::id());
    let ca = peer.ca.to_string_lossy().to_string();
    let pass_key = env("HES_SSH_KEY_PASS");
    let more = ["--ca-file", &ca, "--password-stdin", "--ssh", &dest, "--ssh-key", &pass_key];
    let add = peer.add_profile_args(&name, &db.name, "127.0.0.1", &more);
    let add: Vec<&str> = add.iter().map(String::as_str).collect();
    let passphrase = env("HES_SSH_PASSPHRASE");
    hesctl(cfg, &add, Some(&password), &[("HESCTL_SSH_PASSPHRASE", Some(&passphrase))]).ok();
    let file = std::fs::read_to_string(cfg.join("connections.json")).unwrap();
    assert!(file.contains("\"Ssh\"") && !file.contains(&env("HES_SSH_PASSPHRASE")), "{file}");
    let out = hesctl(cfg, &["--json", "--profile", &name, "settings", "show"], None, &[]).ok();
    assert_eq!(out.json()["Settings"]["Licensing"]["ApiAddress"], "https://hls.hideez.com");

    // Diagnostics' database check of the profile shows the SSH steps before the MySQL ones, each passed.
    let check = hesctl(cfg, &["--json", "check", "database", &name], None, &[]).ok().json();
    let report = check.as_array().and_then(|r| r.first()).unwrap_or(&check);
    let steps: Vec<(&str, &str)> = report["Steps"]
        .as_array()
        .expect("the report lists its steps")
        .iter()
        .map(|s| (s["Name"].as_str().unwrap_or(""), s["Status"].as_str().unwrap_or("")))
        .collect();
    let names: Vec<&str> = steps.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        &names[..6],
        ["SSH DNS", "SSH TCP", "SSH host key", "SSH authentication", "SSH forward", "Login"],
        "{check}"
    );
    assert!(steps.iter().all(|(_, status)| *status == "ok"), "{check}");
    hesctl(cfg, &["connections", "remove", &name], None, &[]).ok();
}
