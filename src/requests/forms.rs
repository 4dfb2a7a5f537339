//! The small bodies of the other requests: a team's name, a Discord token, a session's
//! account, a callback.

use serde::Serialize;

use crate::error::Result;
use crate::ids::AccountId;
use crate::limits::{self, Checked, MAX_CALLBACK_CHARS, MAX_NAME_CHARS};

/// `{"name": ...}`: creating or renaming a team.
#[derive(Serialize)]
pub(crate) struct TeamName<'a> {
    pub(crate) name: &'a str,
}

impl Checked for TeamName<'_> {
    fn check(&self) -> Result<()> {
        limits::check_text("name", self.name, MAX_NAME_CHARS)
    }
}

/// `{"token": ...}`: logging in with Discord. The server only passes it on to Discord.
#[derive(Serialize)]
pub(crate) struct DiscordToken<'a> {
    pub(crate) token: &'a str,
}

impl Checked for DiscordToken<'_> {
    fn check(&self) -> Result<()> {
        Ok(())
    }
}

/// `{"account": ...}`: creating a session for an account.
#[derive(Serialize)]
pub(crate) struct SessionFor {
    pub(crate) account: AccountId,
}

impl Checked for SessionFor {
    fn check(&self) -> Result<()> {
        limits::bigint("account id", self.account.0)
    }
}

/// `{"url": ..., "secret": ...}`: registering a callback.
#[derive(Serialize)]
pub(crate) struct CallbackForm<'a> {
    pub(crate) url: &'a str,
    pub(crate) secret: &'a str,
}

impl Checked for CallbackForm<'_> {
    fn check(&self) -> Result<()> {
        limits::check_text("url", self.url, MAX_CALLBACK_CHARS)?;
        limits::check_text("secret", self.secret, MAX_CALLBACK_CHARS)
    }
}
