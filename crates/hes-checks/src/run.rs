//! Running a check: step recording, live progress, secret scrubbing, timeout and cancellation.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hes_core::Secret;

use crate::report::{CheckReport, CheckStep, Outcome, ServerCertificate, StepStatus};
use crate::{codes, CheckOptions, Progress};

/// Why a check stopped early. The failing step is already recorded.
#[derive(Debug)]
pub(crate) struct Stop(pub &'static str);

pub(crate) type StepResult<T> = Result<T, Stop>;

#[derive(Default)]
struct State {
    steps: Vec<CheckStep>,
    current: Option<(String, Instant)>,
    warn_code: Option<&'static str>,
    certificate: Option<ServerCertificate>,
}

/// Shared by the check body and the runner (which records the step that was cut off).
#[derive(Clone)]
pub(crate) struct Recorder {
    state: Arc<Mutex<State>>,
    progress: Option<Progress>,
    secrets: Arc<Mutex<Vec<Secret>>>,
}

/// A step in progress: finish it with one of the recorder's methods.
pub(crate) struct Step {
    name: String,
    started: Instant,
}

impl Recorder {
    fn new(progress: Option<Progress>, secrets: Vec<Secret>) -> Self {
        Recorder { state: Arc::default(), progress, secrets: Arc::new(Mutex::new(secrets)) }
    }

    /// Something else to keep out of every text (e.g. an access token obtained during the check).
    pub fn add_secret(&self, s: Secret) {
        if !s.is_blank() {
            self.secrets.lock().unwrap().push(s);
        }
    }

    /// The server certificate the report shows (scrubbed like every text).
    pub fn set_certificate(&self, mut c: ServerCertificate) {
        for f in [&mut c.subject, &mut c.issuer] {
            *f = self.scrub(f);
        }
        self.state.lock().unwrap().certificate = Some(c);
    }

    pub fn begin(&self, name: &str) -> Step {
        let started = Instant::now();
        self.state.lock().unwrap().current = Some((name.to_string(), started));
        Step { name: name.to_string(), started }
    }

    /// Replace every secret (clear, percent-encoded, form-encoded) with `<redacted>`.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        for s in self.secrets.lock().unwrap().iter() {
            let v = s.expose();
            if v.is_empty() {
                continue;
            }
            let enc: String = url::form_urlencoded::byte_serialize(v.as_bytes()).collect();
            let path_enc = enc.replace('+', "%20");
            for form in [v, enc.as_str(), path_enc.as_str()] {
                if !form.is_empty() && out.contains(form) {
                    out = out.replace(form, "<redacted>");
                }
            }
        }
        out
    }

    fn push(&self, name: String, status: StepStatus, ms: u32, detail: &str) {
        let step = CheckStep { name, status, duration_ms: ms, detail: self.scrub(detail) };
        {
            let mut st = self.state.lock().unwrap();
            st.current = None;
            st.steps.push(step.clone());
        }
        if let Some(p) = &self.progress {
            p(&step);
        }
    }

    fn finish(&self, step: Step, status: StepStatus, detail: &str) {
        self.push(step.name, status, ms(step.started.elapsed()), detail);
    }

    pub fn ok(&self, step: Step, detail: impl AsRef<str>) {
        self.finish(step, StepStatus::Ok, detail.as_ref());
    }

    pub fn warn(&self, step: Step, code: &'static str, detail: impl AsRef<str>) {
        {
            let mut st = self.state.lock().unwrap();
            // The first warning names the report, but a specific one beats "plain http".
            if st.warn_code.is_none() || st.warn_code == Some(codes::PLAIN_HTTP) {
                st.warn_code = Some(code);
            }
        }
        self.finish(step, StepStatus::Warn, detail.as_ref());
    }

    /// Record a failed step and return the `Stop` to propagate with `?`.
    pub fn fail(&self, step: Step, code: &'static str, detail: impl AsRef<str>) -> Stop {
        self.finish(step, StepStatus::Fail, detail.as_ref());
        Stop(code)
    }

    pub fn skip(&self, name: &str, detail: impl AsRef<str>) {
        self.push(name.to_string(), StepStatus::Skipped, 0, detail.as_ref());
    }

    /// The step that was running when the timeout or the cancellation hit.
    fn cut_off(&self, detail: &str) {
        let cur = self.state.lock().unwrap().current.take();
        if let Some((name, started)) = cur {
            self.push(name, StepStatus::Fail, ms(started.elapsed()), detail);
        }
    }
}

pub(crate) fn ms(d: Duration) -> u32 {
    u32::try_from(d.as_millis()).unwrap_or(u32::MAX)
}

/// Run `body` under the options' timeout and cancellation and build the report.
/// `later` names the steps that would follow, listed as skipped when the check stops early.
pub(crate) async fn run<F, Fut>(
    check: &str,
    target: &str,
    opts: &CheckOptions,
    secrets: Vec<Secret>,
    later: &[&str],
    body: F,
) -> CheckReport
where
    F: FnOnce(Recorder) -> Fut,
    Fut: Future<Output = StepResult<()>>,
{
    let started = Instant::now();
    let rec = Recorder::new(opts.progress.clone(), secrets);
    let target = rec.scrub(target);
    let result = if opts.cancel.is_cancelled() {
        Err(Stop(codes::CANCELLED))
    } else {
        tokio::select! {
            biased;
            _ = opts.cancel.cancelled() => {
                rec.cut_off("cancelled");
                Err(Stop(codes::CANCELLED))
            }
            r = tokio::time::timeout(opts.timeout, body(rec.clone())) => match r {
                Ok(r) => r,
                Err(_) => {
                    rec.cut_off(&format!("no answer within the check's timeout ({} ms)", ms(opts.timeout)));
                    Err(Stop(codes::TIMEOUT))
                }
            },
        }
    };
    if result.is_err() {
        let done: Vec<String> = rec.state.lock().unwrap().steps.iter().map(|s| s.name.clone()).collect();
        for name in later.iter().filter(|n| !done.iter().any(|d| d == *n)) {
            rec.skip(name, "not run: an earlier step failed");
        }
    }
    let st = rec.state.lock().unwrap();
    let (outcome, code) = match result {
        Err(Stop(code)) => (Outcome::Fail, Some(code.to_string())),
        Ok(()) if st.steps.iter().any(|s| s.status == StepStatus::Fail) => {
            (Outcome::Fail, st.warn_code.map(str::to_string))
        }
        Ok(()) if st.warn_code.is_some() || st.steps.iter().any(|s| s.status == StepStatus::Warn) => {
            (Outcome::Warn, st.warn_code.map(str::to_string))
        }
        Ok(()) => (Outcome::Ok, None),
    };
    CheckReport {
        check: check.to_string(),
        target,
        steps: st.steps.clone(),
        outcome,
        code,
        duration_ms: ms(started.elapsed()),
        certificate: st.certificate.clone(),
    }
}
