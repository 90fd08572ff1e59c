//! Which HES release a database belongs to, from the newest `__EFMigrationsHistory.MigrationId`
//!. Migration ids start with a timestamp, so they order by text.

/// (newest migration of the release, release). One migration can be the newest of several
/// releases: no migration came between 3.7.4 and 3.8.1.
pub const RELEASES: [(&str, &str); 6] = [
    ("20200713125529_updated_position_delete_behavior", "3.5.0"),
    ("20201008090805_updated_hw_profile_prop_names", "3.6.0"),
    ("20210224144232_updated_app_user_fields", "3.7.0"),
    ("20210407142956_rename_proximity_vault_table", "3.7.4–3.8.1"),
    ("20210608143101_updated_saml_relying_party_field", "3.8.3"),
    ("20210707084209_added_allow_passwordless_by_u2f_field", "3.8.4"),
];

/// The migrations the console's own workspace records: HES's migrations that shaped the tables it
/// keeps, up to 3.8.4's newest, oldest first (docs/HES-STORAGE.md).
pub const WORKSPACE_MIGRATIONS: [&str; 15] = [
    "20190919142145_added_data_protection",
    "20190919145102_remove_appsettings",
    "20191227110726_data_protection",
    "20200120120632_added_appsettings_table",
    "20200429105510_rename_device_to_hardwarevault",
    "20200602070547_added_fk_hardwarevaultlicense",
    "20200713125529_updated_position_delete_behavior",
    "20201008090805_updated_hw_profile_prop_names",
    "20210224144232_updated_app_user_fields",
    "20210407142956_rename_proximity_vault_table",
    "20210608090355_added_saml_relying_party",
    "20210608143101_updated_saml_relying_party_field",
    "20210630114557_added_name_identifier_format_field",
    "20210701083146_added_external_id_and_name_identifier_field",
    "20210707084209_added_allow_passwordless_by_u2f_field",
];

/// The newest migration of the newest release the console knows (3.8.4): the formats it writes.
pub const NEWEST_KNOWN: &str = RELEASES[RELEASES.len() - 1].0;

/// The releases the console reads and writes: 3.8.3 (the first with `SamlRelyingParties`, older
/// databases are refused) up to the newest it knows. `hesctl --version` and the app's About show them.
pub const SUPPORTED: [&str; 2] = ["3.8.3", "3.8.4"];

/// Whether `latest` comes after every migration the console knows: a newer HES release, whose
/// formats the console cannot know.
pub fn is_newer_than_known(latest: &str) -> bool {
    latest > NEWEST_KNOWN
}

/// A readable release name for the newest migration id.
pub fn release_of(latest: &str) -> String {
    if let Some((_, r)) = RELEASES.iter().find(|(id, _)| *id == latest) {
        return r.to_string();
    }
    match RELEASES.iter().rev().find(|(id, _)| *id < latest) {
        Some((_, r)) if latest > RELEASES[RELEASES.len() - 1].0 => format!("newer than {r}"),
        Some((_, r)) => format!("{r}+"),
        None => "older than 3.5.0".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supported_ends_at_the_newest_known_release() {
        assert_eq!(SUPPORTED[SUPPORTED.len() - 1], RELEASES[RELEASES.len() - 1].1);
        assert!(RELEASES.iter().any(|(_, r)| *r == SUPPORTED[0]));
    }

    #[test]
    fn names_known_and_in_between_releases() {
        assert_eq!(release_of("20210707084209_added_allow_passwordless_by_u2f_field"), "3.8.4");
        assert_eq!(release_of("20200713125529_updated_position_delete_behavior"), "3.5.0");
        assert_eq!(release_of("20210630114557_added_name_identifier_format_field"), "3.8.3+");
        assert_eq!(release_of("20210608143101_updated_saml_relying_party_field"), "3.8.3");
        // The newest migration of every release from 3.7.4 to 3.8.1: no single release is claimed.
        assert_eq!(release_of("20210407142956_rename_proximity_vault_table"), "3.7.4–3.8.1");
        assert_eq!(release_of("20210501000000_between"), "3.7.4–3.8.1+");
        assert_eq!(release_of("20220101000000_future"), "newer than 3.8.4");
        assert_eq!(release_of("20190101000000_old"), "older than 3.5.0");
        assert_eq!(WORKSPACE_MIGRATIONS.last(), Some(&RELEASES[5].0));
    }

    #[test]
    fn newer_than_known() {
        assert!(is_newer_than_known("20220101000000_future"));
        assert!(is_newer_than_known("20210707084210_x"));
        assert!(!is_newer_than_known(NEWEST_KNOWN));
        assert!(!is_newer_than_known("20210608143101_updated_saml_relying_party_field"));
    }
}
