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
