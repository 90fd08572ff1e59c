//! The report of a connectivity check: ordered steps, an outcome and a stable code.

use serde::Serialize;
use ts_rs::TS;

/// Verdict of a whole check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename_all = "lowercase")]
pub enum Outcome {
    Ok,
    Warn,
    Fail,
}

/// Result of one step. `Skipped`: not run because an earlier step failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename_all = "lowercase")]
pub enum StepStatus {
    Ok,
    Warn,
    Fail,
    Skipped,
}

/// One step of a check, sent live to the progress callback and kept in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct CheckStep {
    /// Short name, e.g. `DNS`, `TCP`, `Health`, `Test event`, `Token`.
    pub name: String,
    pub status: StepStatus,
    pub duration_ms: u32,
    /// Plain words for an administrator. Never contains a secret (keys in URLs are `<redacted>`).
    pub detail: String,
}

/// What a check returns: never an `Err`, a failing check is a report with `Outcome::Fail`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct CheckReport {
    /// `splunk`, `licensing` or `azure`.
    pub check: String,
    /// What was checked, without secrets (URL with the key redacted, tenant / application id).
    pub target: String,
    pub steps: Vec<CheckStep>,
    pub outcome: Outcome,
    /// Stable code of the failure (or of the first warning), see [`crate::codes`].
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub code: Option<String>,
    pub duration_ms: u32,
    /// The server's TLS certificate, when the check shows it (AD): what the UI's "Trust this
    /// certificate" pins.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub certificate: Option<ServerCertificate>,
}

/// A server's TLS certificate as shown to the administrator (shared with the database connection's
/// Test: hes-core).
pub use hes_core::connections::ServerCertificate;

impl CheckReport {
    /// The report as plain text (one line per step), e.g. for "copy diagnostics".
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "{} {}: {:?}{} ({} ms)\n",
            self.check,
            self.target,
            self.outcome,
            self.code.as_deref().map(|c| format!(" [{c}]")).unwrap_or_default(),
            self.duration_ms
        );
        if let Some(c) = &self.certificate {
            let trust = if c.trusted {
                "trusted"
            } else if c.pinned {
                "trusted by pin"
            } else {
                "not trusted"
            };
            s.push_str(&format!(
                "  certificate {} (issuer {}, valid {} to {}, SHA-256 {}): {trust}\n",
                c.subject, c.issuer, c.not_before, c.not_after, c.sha256
            ));
        }
        for st in &self.steps {
            s.push_str(&format!(
                "  {:<8} {:<14} {:>6} ms  {}\n",
                format!("{:?}", st.status),
                st.name,
                st.duration_ms,
                st.detail
            ));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typescript_shape_matches_the_json() {
        let outcome = Outcome::decl();
        assert!(
            outcome.contains("\"ok\"") && outcome.contains("\"warn\"") && outcome.contains("\"fail\""),
            "{outcome}"
        );
        assert!(StepStatus::decl().contains("\"skipped\""));
        let report = CheckReport::decl();
        for f in ["Check: string", "Target: string", "Steps: Array<CheckStep>", "Outcome: Outcome", "Code?: string"] {
            assert!(report.contains(f), "{f} not in {report}");
        }
        assert!(CheckStep::decl().contains("DurationMs: number"));
        let r = CheckReport {
            check: "splunk".into(),
            target: "https://h:8088".into(),
            steps: vec![CheckStep {
                name: "DNS".into(),
                status: StepStatus::Skipped,
                duration_ms: 0,
                detail: "x".into(),
            }],
            outcome: Outcome::Warn,
            code: None,
            duration_ms: 3,
            certificate: None,
        };
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(
            json,
            r#"{"Check":"splunk","Target":"https://h:8088","Steps":[{"Name":"DNS","Status":"skipped","DurationMs":0,"Detail":"x"}],"Outcome":"warn","DurationMs":3}"#
        );
    }

    #[test]
    fn certificate_is_in_the_json_the_typescript_and_the_text() {
        assert!(CheckReport::decl().contains("Certificate?: ServerCertificate"), "{}", CheckReport::decl());
        let decl = ServerCertificate::decl();
        for f in ["Subject: string", "NotAfter: string", "Names: Array<string>", "Sha256: string", "Pinned: boolean"] {
            assert!(decl.contains(f), "{f} not in {decl}");
        }
        let r = CheckReport {
            check: "ad".into(),
            target: "hes.test".into(),
            steps: vec![],
            outcome: Outcome::Fail,
            code: Some("TlsUntrustedCertificate".into()),
            duration_ms: 1,
            certificate: Some(ServerCertificate {
                subject: "CN=dc1".into(),
                issuer: "CN=ca".into(),
                not_before: "2026-01-01T00:00:00Z".into(),
                not_after: "2027-01-01T00:00:00Z".into(),
                names: vec!["dc1.hes.test".into()],
                sha256: "AB:CD".into(),
                trusted: false,
                pinned: false,
            }),
        };
        let json = serde_json::to_string(&r).unwrap();
        assert!(
            json.ends_with(
                r#""Certificate":{"Subject":"CN=dc1","Issuer":"CN=ca","NotBefore":"2026-01-01T00:00:00Z","NotAfter":"2027-01-01T00:00:00Z","Names":["dc1.hes.test"],"Sha256":"AB:CD","Trusted":false,"Pinned":false}}"#
            ),
            "{json}"
        );
        assert!(r.to_text().contains("certificate CN=dc1 (issuer CN=ca, valid 2026-01-01T00:00:00Z to 2027-01-01T00:00:00Z, SHA-256 AB:CD): not trusted"), "{}", r.to_text());
    }
}

/// A step as the UI receives it live (the `check-step` event): which check it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct CheckProgress {
    pub check: String,
    pub target: String,
    pub step: CheckStep,
}
