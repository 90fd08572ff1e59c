//! The Diagnostics' Data Protection check: the state of HES Data Protection in the open database
//! and every stored secret that state makes unusable (left unprotected after HES enabled it,
//! under a key HES replaced, encrypted after HES disabled it), with what to do. It reads only the
//! database the console already has open: no network.

use crate::report::{CheckReport, CheckStep, Outcome, StepStatus};
use hes_core::secret_health::SecretRepair;
use hes_core::workspace::DataProtectionState;
use hes_store::console::DataProtectionInput;

/// The report's stable code when a stored secret needs attention.
pub const SECRETS_NEED_ATTENTION: &str = "SecretsNeedAttention";

pub fn report(input: &DataProtectionInput) -> CheckReport {
    let state = match input.state {
        DataProtectionState::Off => "off: HES stores secrets in plaintext".to_string(),
        DataProtectionState::Locked => format!("on (key id {}), locked in the console", ids(&input.key_ids)),
        DataProtectionState::Unlocked => format!("on (key id {}), unlocked", ids(&input.key_ids)),
        DataProtectionState::Broken => {
            format!("unfinished password change in HES (params rows {})", ids(&input.key_ids))
        }
    };
    let broken = input.state == DataProtectionState::Broken;
    let mut steps = vec![CheckStep {
        name: "State".into(),
        status: if broken { StepStatus::Fail } else { StepStatus::Ok },
        duration_ms: 0,
        detail: state.clone(),
    }];
    if input.findings.is_empty() {
        steps.push(CheckStep {
            name: "Stored secrets".into(),
            status: StepStatus::Ok,
            duration_ms: 0,
            detail: "every stored secret is usable under the current Data Protection state".into(),
        });
    }
    for f in &input.findings {
        let item = f.item.as_deref().map(|i| format!(" [{i}]")).unwrap_or_default();
        let todo = match f.repair {
            SecretRepair::ProtectNow => "Protect now",
            SecretRepair::RecoverWithOldPassword => "Recover with the old Data Protection password, or enter it again",
            SecretRepair::EnterAgain => "Enter it again",
        };
        steps.push(CheckStep {
            name: format!("{}{item} {}", f.section, f.label),
            // None of them is used until repaired (plaintext while protection is on included).
            status: StepStatus::Fail,
            duration_ms: 0,
            detail: format!("{} ({todo})", f.message),
        });
    }
    let outcome = if broken || steps.iter().any(|s| s.status == StepStatus::Fail) {
        Outcome::Fail
    } else if steps.iter().any(|s| s.status == StepStatus::Warn) {
        Outcome::Warn
    } else {
        Outcome::Ok
    };
    CheckReport {
        check: "dataprotection".into(),
        target: state,
        steps,
        outcome,
        code: (outcome != Outcome::Ok).then(|| SECRETS_NEED_ATTENTION.to_string()),
        duration_ms: 0,
        certificate: None,
    }
}

fn ids(ids: &[i32]) -> String {
    ids.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use hes_core::secret_health::{SecretFinding, SecretHealth};

    fn finding(health: SecretHealth, repair: SecretRepair) -> SecretFinding {
        SecretFinding {
            section: "email".into(),
            item: None,
            field: "Password".into(),
            label: "SMTP password".into(),
            health,
            key_id: Some(1),
            repair,
            message: "The stored SMTP password is encrypted under a Data Protection key HES has replaced (key id 1): enter it again.".into(),
            hint: String::new(),
        }
    }

    #[test]
    fn lists_each_field_and_fails_on_unusable_values() {
        let input = DataProtectionInput {
            state: DataProtectionState::Unlocked,
            key_ids: vec![2],
            findings: vec![finding(SecretHealth::StaleKey, SecretRepair::RecoverWithOldPassword)],
        };
        let r = report(&input);
        assert_eq!(r.outcome, Outcome::Fail);
        assert_eq!(r.code.as_deref(), Some(SECRETS_NEED_ATTENTION));
        assert_eq!(r.steps[1].name, "email SMTP password");
        assert!(r.steps[1].detail.contains("key HES has replaced") && r.steps[1].detail.contains("Recover"));
        let unprotected = DataProtectionInput {
            findings: vec![finding(SecretHealth::Unprotected, SecretRepair::ProtectNow)],
            ..input.clone()
        };
        assert_eq!(report(&unprotected).outcome, Outcome::Fail);
        let clean = DataProtectionInput { findings: vec![], ..input };
        let r = report(&clean);
        assert_eq!((r.outcome, r.code.clone()), (Outcome::Ok, None));
        assert_eq!(r.target, "on (key id 2), unlocked");
    }
}
