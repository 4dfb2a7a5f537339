//! What an error says does not exist: [`Error::missing`] and [`Missing`].

use std::fmt;

use super::Error;

impl Error {
    /// Whether the error says an account, team, award, callback or held award does not exist.
    ///
    /// The API reports a missing ID as a 422 whose message ends in `not found.`, and a
    /// missing callback or held award as a 404. An endpoint the server does not have
    /// ([`Error::UnknownEndpoint`], a wrong base URL) is *not* "not found".
    pub fn is_not_found(&self) -> bool {
        self.missing().is_some()
    }

    /// What the error says does not exist: an account, team or award named by the
    /// request (a 422 `... not found.`), a callback, or an award the account does not hold
    /// (a 404). `None` for every other error, and for an endpoint the server does not have.
    ///
    /// ```
    /// # fn demo(app: &polympics::AppClient) {
    /// use polympics::{AccountUpdate, Missing};
    ///
    /// match app.update_account(42, AccountUpdate::new().team(7)) {
    ///     Err(err) if err.missing() == Some(Missing::Account) => println!("no account 42"),
    ///     Err(err) if err.missing() == Some(Missing::Team) => println!("no team 7"),
    ///     other => println!("{other:?}"),
    /// }
    /// # }
    /// ```
    pub fn missing(&self) -> Option<Missing> {
        match self {
            Error::Client {
                status: 404,
                detail,
                ..
            } => Some(if detail.is_some() {
                Missing::Callback
            } else {
                Missing::HeldAward
            }),
            Error::Data { issues, .. } => issues.iter().find_map(|issue| {
                Some(match issue.msg.as_str() {
                    "Account not found." => Missing::Account,
                    "Team not found." => Missing::Team,
                    "Award not found." => Missing::Award,
                    msg if msg.ends_with("not found.") => Missing::Other,
                    _ => return None,
                })
            }),
            _ => None,
        }
    }
}

/// What an [`Error::missing`] says does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Missing {
    /// The account.
    Account,
    /// The team.
    Team,
    /// The award.
    Award,
    /// The app's callback for the event.
    Callback,
    /// The award is not held by the account.
    HeldAward,
    /// Something else the server says it did not find.
    Other,
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Missing::Account => "no such account",
            Missing::Team => "no such team",
            Missing::Award => "no such award",
            Missing::Callback => "no callback is registered for this event",
            Missing::HeldAward => "the account does not hold this award",
            Missing::Other => "not found",
        })
    }
}
