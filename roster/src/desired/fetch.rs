//! A desired roster published at a URL (a sheet published as CSV, or a file on a server):
//! fetched with the client's timeouts and the reader's size limit, and read as a file of
//! that format is.

use std::io::Read;

use super::entries::DesiredRoster;
use super::mistake::{Mistake, ReadError};
use super::options::ReadOptions;
use super::row::MAX_DESIRED_BYTES;

/// How many redirects a published sheet may take (a spreadsheet service answers its
/// public link with one or two).
const MAX_REDIRECTS: u32 = 5;

impl DesiredRoster {
    /// Reads the desired roster published at `url` (`https://`, or `http://`): fetched
    /// with the client's timeouts ([`polympics::DEFAULT_CONNECT_TIMEOUT`] to connect,
    /// [`polympics::DEFAULT_TIMEOUT`] for each phase), following up to 5 redirects, at
    /// most [`MAX_DESIRED_BYTES`]; then read as [`read`](Self::read) reads a file. A URL
    /// that cannot be fetched (no answer, a status other than 200, too large) is a
    /// mistake of the whole roster; messages show the URL without its query string, where
    /// a published sheet keeps its key.
    ///
    /// ```no_run
    /// use polympics_roster::{DesiredRoster, ReadOptions};
    ///
    /// let url = "https://docs.google.com/spreadsheets/d/e/KEY/pub?output=csv";
    /// let desired = DesiredRoster::fetch(url, &ReadOptions::new())?;
    /// # Ok::<(), polympics_roster::ReadError>(())
    /// ```
    pub fn fetch(url: &str, options: &ReadOptions) -> Result<DesiredRoster, ReadError> {
        let shown = shown(url);
        let fail = |reason: String| ReadError::one(Mistake::whole(format!("{shown}: {reason}")));
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(fail(
                "only https:// and http:// URLs are fetched".to_owned(),
            ));
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(MAX_REDIRECTS)
            .timeout_connect(Some(polympics::DEFAULT_CONNECT_TIMEOUT))
            .timeout_send_request(Some(polympics::DEFAULT_TIMEOUT))
            .timeout_recv_response(Some(polympics::DEFAULT_TIMEOUT))
            .timeout_recv_body(Some(polympics::DEFAULT_TIMEOUT))
            .user_agent(concat!("polympics-roster/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        let mut answer = agent
            .get(url)
            .call()
            .map_err(|err| fail(format!("it could not be fetched ({err})")))?;
        let status = answer.status().as_u16();
        if status != 200 {
            return Err(fail(format!(
                "the server answered HTTP {status}, not the roster: check that the link is \
                 published and public"
            )));
        }
        let mut bytes = Vec::new();
        answer
            .body_mut()
            .with_config()
            .limit(MAX_DESIRED_BYTES + 1)
            .reader()
            .take(MAX_DESIRED_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|err| fail(format!("its body could not be read ({err})")))?;
        DesiredRoster::read(&bytes, options)
    }
}

/// A URL as a message shows it: without its query string and fragment (a published
/// sheet's key), nor any login.
fn shown(url: &str) -> String {
    let url = url.split(['?', '#']).next().unwrap_or_default();
    match url.split_once("://") {
        Some((scheme, rest))
            if rest
                .split('/')
                .next()
                .is_some_and(|host| host.contains('@')) =>
        {
            let after = rest.find('/').map_or("", |at| &rest[at..]);
            let host = rest.split('/').next().unwrap_or_default();
            let host = host.rsplit('@').next().unwrap_or_default();
            format!("{scheme}://***@{host}{after}")
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_shown_without_keys_or_logins() {
        assert_eq!(
            shown("https://docs.example/d/e/KEY/pub?output=csv&key=secret"),
            "https://docs.example/d/e/KEY/pub"
        );
        assert_eq!(
            shown("https://user:pass@host.example/roster.csv#x"),
            "https://***@host.example/roster.csv"
        );
    }
}
