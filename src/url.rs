//! URLs a client is given: the base URL checked, and how a URL may be shown in messages
//! and `Debug` output without any user information.

use crate::error::{Error, Result};

/// Checks that `url` is an absolute `http(s)` URL with a host and nothing but a path after
/// it, and returns it without a trailing slash. It is parsed with `http`'s `Uri`; user
/// information is refused wherever the parser puts it (a password with a `/` in it makes
/// the rest look like a path), and no error shows it.
pub(crate) fn validate_base_url(url: &str) -> Result<String> {
    let invalid =
        |reason: &str| Error::Config(format!("invalid base URL {}: {reason}", shown_url(url)));
    if url.contains(|c: char| c.is_control() || c.is_whitespace()) {
        return Err(invalid("it contains spaces or control characters"));
    }
    let uri: ureq::http::Uri = url.parse().map_err(|_| match url.contains('@') {
        true => user_information("base URL"),
        false => invalid("it is not a URL"),
    })?;
    let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
        return Err(invalid(
            "it must start with http:// or https:// and name a host",
        ));
    };
    if has_user_information(url, &uri) {
        return Err(user_information("base URL"));
    }
    if authority.port().is_some() && authority.port_u16().is_none() {
        return Err(invalid("its port is not a number"));
    }
    if !matches!(scheme, "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    if authority.host().is_empty() {
        return Err(invalid("it has no host"));
    }
    if uri.query().is_some() || url.contains(['?', '#']) {
        return Err(invalid("it must not have a query string or a fragment"));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// Whether `url`, parsed as `uri`, has user information, wherever the parser put it: a
/// password with a `/`, `?` or `#` in it makes the rest of the URL parse as a path, a
/// query or a fragment (which the parser drops), so an `@` anywhere counts.
pub(crate) fn has_user_information(url: &str, uri: &ureq::http::Uri) -> bool {
    uri.authority().is_some_and(|a| a.as_str().contains('@'))
        || uri.path().contains('@')
        || uri.query().is_some_and(|q| q.contains('@'))
        || url.contains('@')
}

/// The refusal of a URL with user information, which shows none of it.
pub(crate) fn user_information(what: &str) -> Error {
    Error::Config(format!(
        "the {what} holds user information (user:password@), which is refused so that the \
         password never shows where URLs are shown (the URL is not shown either); give the \
         API's credentials with Credentials, a proxy's with proxy_login"
    ))
}

/// A URL as it may be shown: not at all when it has (or may have) user information; else
/// without its query and fragment.
pub(crate) fn shown_url(url: &str) -> String {
    if url.contains('@') {
        return "(not shown: it holds user information)".to_owned();
    }
    match url.find(['?', '#']) {
        Some(at) => format!("{:?}", format!("{}{}***", &url[..at], &url[at..at + 1])),
        None => format!("{url:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(
            validate_base_url("https://api.polytopia.fun/").unwrap(),
            "https://api.polytopia.fun"
        );
        assert_eq!(
            validate_base_url("http://127.0.0.1:8000").unwrap(),
            "http://127.0.0.1:8000"
        );
        assert_eq!(
            validate_base_url("http://[::1]:8000/api/").unwrap(),
            "http://[::1]:8000/api"
        );
        for bad in [
            "",
            "api.polytopia.fun",
            "ftp://x.y",
            "http://",
            "not a url",
            "http://u:p@x.y",
            "http://x.y/?a=1",
            "http://x.y/api#frag",
            "http://x.y/a b",
            "http://x.y/\n",
        ] {
            assert!(
                matches!(validate_base_url(bad), Err(Error::Config(_))),
                "{bad}"
            );
        }
    }
}
