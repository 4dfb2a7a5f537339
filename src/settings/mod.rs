//! [`Settings`]: where a client is and whom it is, read from the environment and the
//! settings file's profiles (`profile`) in one place, by the crate, the `polympics` command
//! and the examples alike. The client they make is
//! [`AnyClient::from_settings`](crate::AnyClient::from_settings)'s, beside the client's
//! other constructors: the settings do not depend on the clients.

mod profile;

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::secret::{Credentials, Secret};
use crate::url::shown_url;

pub use profile::{CONFIG_VAR, PROFILE_VAR};

/// The variable with the API's base URL.
pub const URL_VAR: &str = "POLYMPICS_URL";
/// The variable with the username (`A<n>` an app, `S<n>` a user session).
pub const USER_VAR: &str = "POLYMPICS_USER";
/// The variable with the token itself.
pub const PASSWORD_VAR: &str = "POLYMPICS_PASSWORD";
/// The variable with the path of a file whose first line is the token.
pub const PASSWORD_FILE_VAR: &str = "POLYMPICS_PASSWORD_FILE";

/// The largest token file read: a token is short.
const MAX_TOKEN_FILE: u64 = 64 * 1024;

/// Where a client is and whom it is: a base URL, and perhaps a username and its token.
///
/// [`Settings::from_env`] reads them from the environment, the one way the crate, the
/// `polympics` command and the examples do:
///
/// | variable | |
/// | --- | --- |
/// | `POLYMPICS_URL` | the API's base URL |
/// | `POLYMPICS_USER` | `A<n>` for an app, `S<n>` for a user session; unset for anonymous |
/// | `POLYMPICS_PASSWORD` | the token |
/// | `POLYMPICS_PASSWORD_FILE` | a file whose first line is the token (white space around it, the line break and a carriage return are not part of it) |
/// | `POLYMPICS_PROFILE` | the profile of the settings file to start from (see [`Settings::load`]) |
/// | `POLYMPICS_CONFIG` | the settings file, instead of `$XDG_CONFIG_HOME/polympics/config.toml` |
///
/// An empty variable counts as unset. Both password variables may be set only if they give
/// the same token. A program with its own settings (a command line's flags) can change the
/// fields before [`AnyClient::from_settings`](crate::AnyClient::from_settings) makes the
/// client.
///
/// ```no_run
/// use polympics::settings::Settings;
/// use polympics::AnyClient;
///
/// // POLYMPICS_URL=https://api.polytopia.fun POLYMPICS_USER=A3 POLYMPICS_PASSWORD_FILE=/etc/polympics/token
/// let client = AnyClient::from_settings(&Settings::from_env()?)?;
/// println!("{} as {}", client.base_url(), client.kind());
/// # Ok::<(), polympics::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Settings {
    /// The API's base URL.
    pub url: Option<String>,
    /// The username.
    pub user: Option<String>,
    /// The token.
    pub password: Option<Secret>,
    /// The profile of the settings file these came from, if any (see
    /// [`load`](Self::load)).
    pub profile: Option<String>,
}

impl Settings {
    /// Reads the settings from the environment, over the settings file's profile named by
    /// `POLYMPICS_PROFILE` or the file's default (see [`Settings`] and
    /// [`load`](Self::load)). A token file that cannot be read, two password variables that
    /// disagree, and a settings file that cannot be used are [`Error::Config`], whose
    /// message names the file or the variables but never a token.
    pub fn from_env() -> Result<Settings> {
        Settings::load(None)
    }

    /// Reads the settings of the profile `profile` (or, when `None`, of `POLYMPICS_PROFILE`,
    /// or the settings file's `default`), with the environment over it: a
    /// `POLYMPICS_URL` wins over the profile's URL, and a `POLYMPICS_USER` or either
    /// password variable replaces the profile's credentials (a user and a token always
    /// come from the same place). Without a profile, the environment alone.
    ///
    /// The settings file is `POLYMPICS_CONFIG`, or
    /// `$XDG_CONFIG_HOME/polympics/config.toml` (`~/.config/polympics/config.toml` without
    /// that variable; `~/Library/Application Support/polympics/config.toml` on macOS,
    /// `%APPDATA%\polympics\config.toml` on Windows):
    ///
    /// ```toml
    /// default = "league"
    ///
    /// [profiles.league]
    /// url = "https://api.polytopia.fun"
    /// user = "A3"
    /// password_file = "league.token"   # relative to this file's folder; ~/ is home
    ///
    /// [profiles.local]
    /// url = "http://127.0.0.1:8000"
    /// ```
    ///
    /// A profile may hold the token itself (`password = "..."`) only in a file other users
    /// cannot read (on Unix, no read permission for the group or others): such a file is
    /// refused otherwise. A key the file does not know, a profile that is not in it, and a
    /// profile asked for without a file are errors, never ignored.
    ///
    /// ```no_run
    /// use polympics::settings::Settings;
    /// use polympics::AnyClient;
    ///
    /// let client = AnyClient::from_settings(&Settings::load(Some("league"))?)?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn load(profile: Option<&str>) -> Result<Settings> {
        Settings::load_with(&|name| std::env::var_os(name), profile)
    }

    /// Where the settings file is looked for: `POLYMPICS_CONFIG`, or the default place
    /// (see [`load`](Self::load)); `None` when no home folder is known.
    pub fn config_path() -> Option<PathBuf> {
        profile::path(&|name| std::env::var_os(name)).map(|(path, _)| path)
    }

    /// [`load`](Self::load) with the variables of `env`.
    fn load_with(env: profile::Lookup<'_>, profile: Option<&str>) -> Result<Settings> {
        let var = |name: &str| {
            env(name)
                .filter(|value| !value.is_empty())
                .map(|value| {
                    value.into_string().map_err(|_| {
                        Error::Config(format!("{name} is set to something that is not text"))
                    })
                })
                .transpose()
        };
        let password = var(PASSWORD_VAR)?.map(Secret::from);
        let from_file = match var(PASSWORD_FILE_VAR)? {
            Some(path) => Some(Settings::read_token_file(Path::new(&path))?),
            None => None,
        };
        let password = match (password, from_file) {
            (Some(a), Some(b)) if a != b => {
                return Err(Error::Config(format!(
                    "{PASSWORD_VAR} and {PASSWORD_FILE_VAR} are both set, to different tokens: \
                     keep one of them"
                )))
            }
            (a, b) => a.or(b),
        };
        let mut settings = Settings {
            url: var(URL_VAR)?,
            user: var(USER_VAR)?,
            password,
            profile: None,
        };
        let name = match profile {
            Some(name) => Some(name.to_owned()),
            None => var(PROFILE_VAR)?,
        };
        let selected = profile::select(profile::path(env), name.as_deref(), env)?;
        if let Some((name, profile, path)) = selected {
            settings.over(&name, profile, &path)?;
        }
        Ok(settings)
    }

    /// The profile's settings under these (the environment's): its URL when there is none,
    /// its credentials when neither a user nor a token is set.
    fn over(&mut self, name: &str, profile: profile::Profile, path: &Path) -> Result<()> {
        if self.url.is_none() {
            self.url = profile.url;
        }
        if self.user.is_none() && self.password.is_none() {
            let password = match (profile.password, profile.password_file) {
                (Some(_), Some(_)) => {
                    return Err(Error::Config(format!(
                        "the profile {name:?} of {} has both password and password_file: \
                         keep one of them",
                        path.display()
                    )))
                }
                (Some(token), None) => Some(token.0),
                (None, Some(file)) => Some(Settings::read_token_file(&file)?),
                (None, None) => None,
            };
            self.user = profile.user;
            self.password = password;
        }
        self.profile = Some(name.to_owned());
        Ok(())
    }

    /// The token in a file: its first line, without white space around it (a line break, a
    /// carriage return, an editor's trailing space). A file that cannot be read, or holds
    /// no token, is [`Error::Config`] naming the file, never its content.
    ///
    /// ```
    /// let path = std::env::temp_dir().join("polympics-doc-token");
    /// std::fs::write(&path, "s3cret\r\n")?;
    /// assert_eq!(polympics::settings::Settings::read_token_file(&path)?.expose(), "s3cret");
    /// std::fs::write(&path, "  s3cret \t\n")?;
    /// assert_eq!(polympics::settings::Settings::read_token_file(&path)?.expose(), "s3cret");
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_token_file(path: &Path) -> Result<Secret> {
        let shown = path.display();
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|file| file.take(MAX_TOKEN_FILE).read_to_end(&mut bytes))
            .map_err(|err| {
                Error::Config(format!("the token file {shown} could not be read: {err}"))
            })?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::Config(format!("the token file {shown} is not text")))?;
        // White space around the token (an editor's, a trailing space) is not part of it:
        // tokens have none.
        let token = text.split('\n').next().unwrap_or_default().trim();
        if token.is_empty() {
            return Err(Error::Config(format!(
                "the token file {shown} is empty: its first line is the token"
            )));
        }
        Ok(Secret::new(token))
    }

    /// The credentials: both the user and the token, or neither.
    pub fn credentials(&self) -> Result<Option<Credentials>> {
        match (&self.user, &self.password) {
            (Some(user), Some(password)) => Ok(Some(Credentials::new(user, password.clone()))),
            (None, None) => Ok(None),
            (Some(user), None) => Err(Error::Config(format!(
                "no token for the user {user:?}: set {PASSWORD_VAR} or {PASSWORD_FILE_VAR}"
            ))),
            (None, Some(_)) => Err(Error::Config(format!(
                "a token is set but no user: set {USER_VAR} (A<n> for an app, S<n> for a user \
                 session)"
            ))),
        }
    }

    /// The base URL, which must be set.
    pub fn base_url(&self) -> Result<&str> {
        self.url.as_deref().ok_or_else(|| {
            Error::Config(format!(
                "{URL_VAR} is not set: set it to the API's base URL, such as \
                 https://api.polytopia.fun"
            ))
        })
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("url", &self.url.as_deref().map(shown_url))
            .field("user", &self.user)
            .field("password", &self.password)
            .field("profile", &self.profile)
            .finish()
    }
}

#[cfg(test)]
mod tests;
