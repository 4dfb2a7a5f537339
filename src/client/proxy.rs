//! The proxy a client goes through: one given by URL (with its login apart), or the one the
//! environment names, checked rather than ignored when it is not a proxy URL.

use ureq::http::Uri;
use ureq::{Proxy, ProxyProtocol};

use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::url::{has_user_information, shown_url, user_information};

/// The variables a proxy is read from, in ureq's order.
const VARIABLES: [&str; 6] = [
    "ALL_PROXY",
    "all_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
];

/// The proxy at `url`, logged in as `login` if given. A URL with user information is
/// refused: the login goes apart, so that it never shows with the URL.
pub(super) fn explicit(url: &str, login: Option<&(String, Secret)>) -> Result<Proxy> {
    let invalid =
        |reason: &str| Error::Config(format!("invalid proxy {}: {reason}", shown_url(url)));
    let uri: Uri = url.parse().map_err(|_| match url.contains('@') {
        true => user_information("proxy URL"),
        false => invalid("it is not a URL"),
    })?;
    if has_user_information(url, &uri) {
        return Err(user_information("proxy URL"));
    }
    let authority = uri.authority().ok_or_else(|| invalid("it has no host"))?;
    if authority.port().is_some() && authority.port_u16().is_none() {
        return Err(invalid("its port is not a number"));
    }
    let protocol = ProxyProtocol::try_from(uri.scheme_str().unwrap_or("http"))
        .map_err(|_| invalid("the scheme must be http or https"))?;
    let mut builder = Proxy::builder(protocol).host(authority.host());
    if let Some(port) = authority.port_u16() {
        builder = builder.port(port);
    }
    if let Some((user, password)) = login {
        builder = builder.username(user).password(password.expose());
    }
    builder.build().map_err(|err| invalid(&err.to_string()))
}

/// Why a proxy variable's value is not a proxy URL. User information is allowed there, but
/// only where the parser finds it: a password with a `/`, `?` or `#` that is not
/// percent-encoded would otherwise make part of it the host.
fn check_env_url(value: &str) -> std::result::Result<(), String> {
    Proxy::new(value).map_err(|err| err.to_string())?;
    let uri: Uri = value.parse().map_err(|_| "it is not a URL".to_owned())?;
    let authority = uri.authority().ok_or("it has no host")?;
    if value.contains('@') && !authority.as_str().contains('@') {
        return Err("its password must be percent-encoded".to_owned());
    }
    if authority.port().is_some() && authority.port_u16().is_none() {
        return Err("its port is not a number".to_owned());
    }
    Ok(())
}

/// The proxy the environment names, if any (with `NO_PROXY`). The first variable set
/// decides; one that is not a proxy URL is a configuration error naming the variable.
pub(super) fn from_env() -> Result<Option<Proxy>> {
    for variable in VARIABLES {
        let Some(value) = std::env::var_os(variable) else {
            continue;
        };
        let Some(value) = value.to_str().map(str::trim).filter(|v| !v.is_empty()) else {
            return Err(Error::Config(format!(
                "{variable} is set but is not text: set it to a proxy URL, or unset it"
            )));
        };
        if let Err(reason) = check_env_url(value) {
            return Err(Error::Config(format!(
                "{variable} is set to {}, which is not a proxy URL ({reason}): set it to one \
                 such as http://proxy.example:3128, or unset it",
                shown_url(value)
            )));
        }
        // The same variable, read again by ureq with NO_PROXY.
        return Ok(Proxy::try_from_env());
    }
    Ok(None)
}
