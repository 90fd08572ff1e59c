//! Small inputs several crates' tests build the same way.

use hes_core::settings::saml::SamlSpInput;

/// A SAML service provider `issuer` with its ACS at `<issuer>/acs` and an optional signing
/// certificate (PEM or bare base64); every other field as HES defaults it.
pub fn saml_sp(issuer: &str, certificate: Option<String>) -> SamlSpInput {
    SamlSpInput {
        issuer: issuer.into(),
        single_sign_on_destination: format!("{issuer}/acs"),
        signature_validation_certificate_base64: certificate,
        ..Default::default()
    }
}
