//! Issue 11, the retarget rule for SMTP: a dialog's Test uses the stored password only for the
//! stored host, user, port and security mode, and a stored password is never sent without TLS
//! (neither by a dialog's Test nor by the checks of the stored settings).

use hes_core::settings::email::Email;
use hes_store::console::{CheckForm, CheckSecret, RETARGETED};
use hes_store::Console;
use serde_json::{json, Value};

const STORED: &str = "smtp-stored-pw-Q7";

async fn form(c: &Console, input: Value) -> Option<CheckSecret> {
    let form: CheckForm = serde_json::from_value(json!({"Section": "email", "Input": {"Email": input}})).unwrap();
    c.check_form_inputs(form).await.unwrap().smtp.unwrap().password
}

fn email(port: u16, security: &str) -> Value {
    json!({"Host": "smtp.example.com", "Port": port, "Security": security, "UserName": "hes@example.com",
           "From": "hes@example.com"})
}

#[tokio::test]
async fn smtp_port_and_security_are_part_of_the_target_and_no_stored_password_goes_without_tls() {
    let dir = tempfile::tempdir().unwrap();
    let c = Console::open_workspace(&dir.path().join("ws.sqlite").to_string_lossy()).await.unwrap();
    let mut stored = email(587, "StartTls");
    stored["Password"] = json!(STORED);
    let revs = c.view().await.unwrap().revisions;
    c.set_single::<Email>(serde_json::from_value(stored).unwrap(), &revs).await.unwrap();

    // The stored target: the stored password.
    assert_eq!(form(&c, email(587, "StartTls")).await.unwrap().unwrap().expose(), STORED);
    // Another port or security mode: type it again.
    for (port, security) in [(2525, "StartTls"), (465, "Tls"), (587, "Tls")] {
        assert_eq!(form(&c, email(port, security)).await.unwrap().unwrap_err(), RETARGETED, "{port} {security}");
    }
    // No TLS: never the stored password; a typed one is the admin's choice.
    let e = form(&c, email(587, "None")).await.unwrap().unwrap_err();
    assert!(e.contains("never sent without TLS"), "{e}");
    let mut typed = email(25, "None");
    typed["Password"] = json!("typed-pw");
    assert_eq!(form(&c, typed).await.unwrap().unwrap().expose(), "typed-pw");

    // Stored with Security None: the check of the stored settings does not send it either.
    let mut plain = email(25, "None");
    plain["Password"] = json!(STORED);
    let revs = c.view().await.unwrap().revisions;
    c.set_single::<Email>(serde_json::from_value(plain).unwrap(), &revs).await.unwrap();
    let e = c.check_inputs().await.unwrap().smtp.unwrap().password.unwrap().unwrap_err();
    assert!(e.contains("never sent without TLS"), "{e}");
    assert!(form(&c, email(25, "None")).await.unwrap().unwrap_err().contains("never sent without TLS"));
}
