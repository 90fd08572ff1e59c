//! OIDC client rules the console adds (HES has no OIDC provider to copy them from):
//! redirect URIs that cannot leak a code to a stranger, and scopes from a fixed list.

/// The scopes the console offers (OpenID Connect Core 5.4, 11). `openid` is required.
pub const OIDC_SCOPES: [&str; 6] = ["openid", "profile", "email", "address", "phone", "offline_access"];

/// The hosts for which plain `http` is allowed (RFC 8252 7.3: a native app's loopback listener).
pub const LOOPBACK_HOSTS: [&str; 2] = ["127.0.0.1", "localhost"];

/// A redirect or post-logout URI: absolute `https://host[:port]/…`, or `http://` on a loopback
/// host with any port; no fragment (RFC 6749 3.1.2), no wildcard, no user info. `Err` says why.
pub fn check_oidc_uri(v: &str) -> Result<(), String> {
    if v.trim().is_empty() {
        return Err("it is empty".into());
    }
    if v.chars().any(|c| c.is_control()) {
        return Err("it contains control characters".into());
    }
    if v.chars().any(char::is_whitespace) {
        return Err("it contains spaces".into());
    }
    let absolute = || "it must be an absolute URI such as https://app.example.com/callback".to_string();
    let Some((scheme, rest)) = v.split_once(':') else { return Err(absolute()) };
    let scheme_ok = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    if !scheme_ok {
        return Err(absolute());
    }
    if v.contains('*') {
        return Err("wildcards (*) are not allowed; list every URI".into());
    }
    if v.contains('#') {
        return Err("it must not contain a fragment (#)".into());
    }
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err("only https URIs are allowed (http only on 127.0.0.1 or localhost)".into());
    }
    let Some(rest) = rest.strip_prefix("//") else { return Err(absolute()) };
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    if authority.contains('@') {
        return Err("it must not contain a user name or password".into());
    }
    let (host, port) = split_host_port(authority)?;
    if !is_host(host) {
        return Err("it needs a host name, like https://app.example.com/callback".into());
    }
    if let Some(port) = port {
        if !port.parse::<u16>().is_ok_and(|p| p > 0) {
            return Err("its port must be a number between 1 and 65535".into());
        }
    }
    if scheme == "http" && !LOOPBACK_HOSTS.iter().any(|h| host.eq_ignore_ascii_case(h)) {
        return Err("http is allowed only for http://127.0.0.1 or http://localhost (any port); use https".into());
    }
    Ok(())
}

/// `host[:port]` or `[v6][:port]`.
fn split_host_port(authority: &str) -> Result<(&str, Option<&str>), String> {
    if let Some(rest) = authority.strip_prefix('[') {
        let Some((v6, after)) = rest.split_once(']') else {
            return Err("its IPv6 address is missing the closing ]".into());
        };
        return match after.strip_prefix(':') {
            Some(port) => Ok((v6, Some(port))),
            None if after.is_empty() => Ok((v6, None)),
            None => Err("it needs a host name, like https://app.example.com/callback".into()),
        };
    }
    Ok(match authority.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    })
}

/// A DNS name or an IPv4/IPv6 literal (letters, digits, `-`, `.`, and `:` inside brackets).
fn is_host(h: &str) -> bool {
    if h.contains(':') {
        return h.parse::<std::net::Ipv6Addr>().is_ok();
    }
    !h.is_empty()
        && !h.starts_with(['.', '-'])
        && !h.ends_with('-')
        && !h.contains("..")
        && h.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

/// RFC 6749 3.3 scope-token: printable ASCII except space, `"` and `\`.
pub fn is_scope_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b))
}

/// One scope: `Err` says why it is refused.
pub fn check_scope(s: &str) -> Result<(), String> {
    if !is_scope_token(s) {
        return Err(format!("The scope \"{s}\" may contain only visible ASCII characters, no spaces or quotes."));
    }
    if !OIDC_SCOPES.contains(&s) {
        return Err(format!("The scope \"{s}\" is not offered; choose from {}.", OIDC_SCOPES.join(", ")));
    }
    Ok(())
}
