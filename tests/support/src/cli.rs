//! Running a built binary (`hesctl`) from a test: its exit code and output, hermetic by default.

use crate::mysql::{MySqlPeer, ScratchDb};
use std::io::Write;
use std::process::{Command, Stdio};

/// Variables a test must never inherit from the developer's shell (each test sets what it needs).
const HERMETIC: [&str; 6] = [
    "HESCTL_LOG",
    "HESCTL_DB_PASSWORD",
    "HESCTL_DP_PASSWORD",
    "HESCTL_CONFIG_PASSPHRASE",
    "HES_CONSOLE_WORKSPACE",
    "HES_CHECKS_CA_FILE",
];

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// Asserts exit code 0 (showing both streams when not).
    #[track_caller]
    pub fn ok(self) -> Self {
        assert_eq!(self.code, 0, "the command failed\nstdout: {}\nstderr: {}", self.stdout, self.stderr);
        self
    }

    /// Stdout as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }

    /// The `--json` error, when it is all of stderr (nothing else was printed).
    #[track_caller]
    pub fn error(&self) -> serde_json::Value {
        serde_json::from_str(self.stderr.trim())
            .unwrap_or_else(|e| panic!("stderr is not one JSON error ({e}): {}", self.stderr))
    }

    /// The `--json` error as the last line of stderr (after a trace log).
    #[track_caller]
    pub fn last_error(&self) -> serde_json::Value {
        let last = self.stderr.trim().lines().last().unwrap_or_default();
        serde_json::from_str(last).unwrap_or_else(|e| panic!("not a JSON error ({e}): {last}"))
    }

    /// (exit code, the `--json` error from the last line of stderr).
    #[track_caller]
    pub fn coded_error(&self) -> (i32, serde_json::Value) {
        (self.code, self.last_error())
    }

    /// (exit code, the code of the `--json` error on the last line of stderr).
    #[track_caller]
    pub fn last_error_code(&self) -> (i32, String) {
        (self.code, self.last_error()["code"].as_str().expect("the error has a code").to_string())
    }

    /// (exit code, the `--json` error's code).
    #[track_caller]
    pub fn error_code(&self) -> (i32, String) {
        (self.code, self.error()["code"].as_str().expect("the error has a code").to_string())
    }
}

/// The variables that give a run a config folder of its own (`connections.json`, the certificate
/// and host-key pins) and its saved passwords in the kernel keyring, which this user's processes
/// share: a test names its profiles uniquely.
pub fn config_env(config: &str) -> [(&'static str, Option<&str>); 2] {
    [("HES_CONSOLE_CONFIG_DIR", Some(config)), ("HES_CONSOLE_KEYRING", Some("keyutils"))]
}

/// [`config_env`], and no known_hosts or SSH agent of the machine's user: the test decides which
/// SSH host keys are trusted (`HOME` is the config folder).
pub fn config_env_for_ssh(config: &str) -> [(&'static str, Option<&str>); 4] {
    let [dir, keyring] = config_env(config);
    [dir, keyring, ("HOME", Some(config)), ("SSH_AUTH_SOCK", None)]
}

/// Run `bin` with `args`; `stdin` is written and closed (`None`: closed at once). The variables of
/// `HERMETIC` are removed, then `envs` applied (`None` removes one).
pub fn run(bin: &str, args: &[&str], stdin: Option<&str>, envs: &[(&str, Option<&str>)]) -> Out {
    let mut cmd = Command::new(bin);
    cmd.args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    for k in HERMETIC {
        cmd.env_remove(k);
    }
    for (k, v) in envs {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("{bin} starts: {e}"));
    {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        if let Some(text) = stdin {
            // A command that exits before reading its input closes the pipe: not a test failure.
            let _ = pipe.write_all(text.as_bytes());
        }
    }
    let out = child.wait_with_output().expect("the command ends");
    Out {
        code: out.status.code().expect("exited normally, not by a signal"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `hesctl` against one scratch database of the MariaDB peer: `--db` with its URL (TLS verified
/// against the test CA), the password from the environment, a config folder of its own (profiles,
/// history fallback, automatic backups), trace logging, and every output kept for leak checks.
pub struct PeerCli {
    bin: &'static str,
    pub peer: MySqlPeer,
    pub scratch: ScratchDb,
    pub config: tempfile::TempDir,
    seen: std::sync::Mutex<String>,
    /// Declared last: dropped after the database it made.
    pub rt: tokio::runtime::Runtime,
}

impl PeerCli {
    /// `None` (after a note) without the peer; `sql`: the schema and seeds to load.
    pub fn new(bin: &'static str, sql: &[&str]) -> Option<PeerCli> {
        let peer = MySqlPeer::from_env()?;
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        let scratch = rt.block_on(ScratchDb::create(&peer, sql));
        let config = tempfile::tempdir().expect("a config folder");
        Some(PeerCli { bin, peer, scratch, config, seen: Default::default(), rt })
    }

    pub fn url(&self) -> String {
        format!(
            "mysql://{}@{}:{}/{}?ssl-mode=VERIFY_IDENTITY&ssl-ca={}",
            self.peer.user.0,
            self.peer.host,
            self.peer.port,
            self.scratch.name,
            self.peer.ca.display()
        )
    }

    /// `hesctl --db <url> args…`; `envs` adds variables (a passphrase, a Data Protection password).
    pub fn run(&self, args: &[&str], stdin: Option<&str>, envs: &[(&str, &str)]) -> Out {
        let url = self.url();
        let mut all_args = vec!["--db", url.as_str()];
        all_args.extend_from_slice(args);
        let config = self.config.path().to_str().expect("a UTF-8 temp path").to_string();
        let mut all = vec![
            ("HESCTL_LOG", Some("trace")),
            ("HESCTL_DB_PASSWORD", Some(self.peer.user.1.as_str())),
            ("HES_CONSOLE_CONFIG_DIR", Some(config.as_str())),
        ];
        all.extend(envs.iter().map(|(k, v)| (*k, Some(*v))));
        let out = run(self.bin, &all_args, stdin, &all);
        let mut seen = self.seen.lock().expect("lock");
        seen.push_str(&out.stdout);
        seen.push_str(&out.stderr);
        out
    }

    /// Asserts that no string of `secrets` and no password of the peer's users was ever printed.
    #[track_caller]
    pub fn assert_never_printed(&self, secrets: &[&str]) {
        let seen = self.seen.lock().expect("lock");
        assert!(!seen.is_empty(), "nothing was run");
        for s in secrets.iter().map(|s| s.to_string()).chain(self.peer.passwords()) {
            assert!(!seen.contains(&s), "a secret or password was printed");
        }
    }
}
