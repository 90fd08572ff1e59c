//! Stable `CheckReport::code` strings. Never rename one: the UI and scripts match on them.

pub const TIMEOUT: &str = "Timeout";
pub const CANCELLED: &str = "Cancelled";
pub const INVALID_TARGET: &str = "InvalidTarget";
/// A warning: the URL is plain http, so the secret travels unencrypted.
pub const PLAIN_HTTP: &str = "PlainHttp";
pub const DNS_FAILED: &str = "DnsFailed";
pub const UNREACHABLE: &str = "Unreachable";
pub const TLS_UNTRUSTED_CERTIFICATE: &str = "TlsUntrustedCertificate";
pub const TLS_FAILED: &str = "TlsFailed";
pub const HTTP_FAILED: &str = "HttpFailed";
pub const UNEXPECTED_ANSWER: &str = "UnexpectedAnswer";

pub const HEC_TOKEN_DISABLED: &str = "HecTokenDisabled";
pub const HEC_INVALID_TOKEN: &str = "HecInvalidToken";
pub const HEC_INCORRECT_INDEX: &str = "HecIncorrectIndex";
pub const HEC_ACK_REQUIRES_CHANNEL: &str = "HecAckRequiresChannel";
pub const HEC_BUSY: &str = "HecBusy";
pub const HEC_UNHEALTHY: &str = "HecUnhealthy";
pub const HEC_REJECTED: &str = "HecRejected";

pub const LICENSING_KEY_REJECTED: &str = "LicensingKeyRejected";
pub const LICENSING_BAD_RESPONSE: &str = "LicensingBadResponse";

pub const AAD_INVALID_CLIENT_SECRET: &str = "AadInvalidClientSecret";
pub const AAD_CLIENT_SECRET_EXPIRED: &str = "AadClientSecretExpired";
pub const AAD_APP_NOT_IN_TENANT: &str = "AadAppNotInTenant";
pub const AAD_TENANT_NOT_FOUND: &str = "AadTenantNotFound";
pub const AAD_ERROR: &str = "AadError";
pub const AAD_PERMISSION_MISSING: &str = "AadPermissionMissing";
pub const GRAPH_ERROR: &str = "GraphError";
pub const AAD_GROUPS_MISSING: &str = "AadGroupsMissing";

/// A warning: the database connection has no TLS.
pub const DB_PLAIN_CONNECTION: &str = "DbPlainConnection";
/// A warning: the database user has global privileges, more than the console needs.
pub const DB_BROAD_GRANTS: &str = "DbBroadGrants";

pub const SMTP_GREETING_REJECTED: &str = "SmtpGreetingRejected";
pub const SMTP_HELLO_REJECTED: &str = "SmtpHelloRejected";
/// Security is StartTls but the server does not announce STARTTLS.
pub const SMTP_STARTTLS_NOT_OFFERED: &str = "SmtpStartTlsNotOffered";
/// A warning: Security is None, so the SMTP password travels unencrypted.
pub const SMTP_PASSWORD_UNENCRYPTED: &str = "SmtpPasswordUnencrypted";
pub const SMTP_AUTH_NOT_OFFERED: &str = "SmtpAuthNotOffered";
pub const SMTP_AUTH_MECHANISM_UNSUPPORTED: &str = "SmtpAuthMechanismUnsupported";
/// The server refused the login (its reply, e.g. `535 5.7.8 …`, is in the step).
pub const SMTP_AUTH_FAILED: &str = "SmtpAuthFailed";
/// No user name is set, and the server wants a login before it takes mail.
pub const SMTP_AUTH_REQUIRED: &str = "SmtpAuthRequired";
pub const SMTP_SENDER_REJECTED: &str = "SmtpSenderRejected";
pub const SMTP_RECIPIENT_REJECTED: &str = "SmtpRecipientRejected";
pub const SMTP_MESSAGE_REJECTED: &str = "SmtpMessageRejected";
pub const SMTP_CONNECTION_LOST: &str = "SmtpConnectionLost";

// Active Directory (`ad`). Bind failures carry AD's sub-code (`data 52e` …) in plain words.
/// `data 52e`: wrong password (most DCs answer the same for an unknown user).
pub const LDAP_INVALID_CREDENTIALS: &str = "LdapInvalidCredentials";
/// `data 525`: the user does not exist.
pub const AD_UNKNOWN_USER: &str = "AdUnknownUser";
/// `data 530`: logon not allowed at this time (logon hours).
pub const AD_LOGON_HOURS: &str = "AdLogonHoursRestricted";
/// `data 531`: logon not allowed from this workstation.
pub const AD_WORKSTATION_RESTRICTED: &str = "AdWorkstationRestricted";
/// `data 532`: the password has expired.
pub const AD_PASSWORD_EXPIRED: &str = "AdPasswordExpired";
/// `data 533`: the account is disabled.
pub const AD_ACCOUNT_DISABLED: &str = "AdAccountDisabled";
/// `data 701`: the account has expired.
pub const AD_ACCOUNT_EXPIRED: &str = "AdAccountExpired";
/// `data 773`: the user must change the password before logging on.
pub const AD_MUST_CHANGE_PASSWORD: &str = "AdMustChangePassword";
/// `data 775`: the account is locked out.
pub const AD_ACCOUNT_LOCKED: &str = "AdAccountLocked";
/// Any other bind refusal (result code and AD's text in the step).
pub const LDAP_BIND_FAILED: &str = "LdapBindFailed";
/// HES's `<first DNS label>\<logon>` is unknown to AD but `<logon>@<domain>` works: the domain's
/// NetBIOS name differs from its first DNS label, so HES cannot bind.
pub const AD_NETBIOS_NAME_MISMATCH: &str = "AdNetbiosNameMismatch";
/// rc 8 strongerAuthRequired: the server refuses a simple bind without TLS.
pub const LDAP_STRONGER_AUTH_REQUIRED: &str = "LdapStrongerAuthRequired";
/// The server refused the StartTLS extended operation.
pub const LDAP_STARTTLS_FAILED: &str = "LdapStartTlsFailed";
/// A warning: the check did not connect as HES does (LDAPS on 636), so it does not prove HES can.
pub const AD_NOT_AS_HES: &str = "AdNotAsHes";
/// The base DN HES derives from the domain name does not exist on this server.
pub const AD_BASE_DN_NOT_FOUND: &str = "AdBaseDnNotFound";
/// "Hideez Key Owners" / "Hideez Auto Password Change" (or their newer names) are not found.
pub const AD_GROUPS_MISSING: &str = "AdGroupsMissing";
pub const LDAP_SEARCH_FAILED: &str = "LdapSearchFailed";
