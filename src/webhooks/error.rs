//! [`Error`]: what can go wrong receiving the server's callback events.

use crate::escaped::Escaped;

/// What can go wrong receiving callback events: a payload that is not the event, and
/// (with the `listener` feature) a listener that cannot listen.
///
/// Variants can grow: match them with a `_` arm.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A callback payload did not decode as the event.
    #[error("{}", InvalidEvent { reason, excerpt })]
    #[non_exhaustive]
    InvalidEvent {
        /// What was wrong with it.
        reason: String,
        /// The start of the payload (at most 200 characters).
        excerpt: String,
    },

    /// A listener could not listen on its address (in use, not this machine's, a
    /// privileged port), or could not start its threads.
    #[error(
        "could not listen for callback events on {}: {source}; is another program using the \
         port, or is the address not this machine's?",
        Escaped(addr)
    )]
    #[non_exhaustive]
    Listen {
        /// The address.
        addr: String,
        /// What went wrong.
        #[source]
        source: std::io::Error,
    },

    /// A listener was given an empty secret.
    #[error("the callback secret is empty: give the one the callback was registered with")]
    EmptySecret,
}

/// The message of [`Error::InvalidEvent`].
struct InvalidEvent<'a> {
    reason: &'a str,
    excerpt: &'a str,
}

impl std::fmt::Display for InvalidEvent<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "invalid callback event payload: {}",
            Escaped(self.reason)
        )?;
        if self.excerpt.is_empty() {
            f.write_str("; the payload was empty")
        } else {
            write!(f, "; it starts with \"{}\"", Escaped(self.excerpt))
        }
    }
}
