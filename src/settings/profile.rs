//! The settings file: named profiles (url, user, password file or password) in
//! `$XDG_CONFIG_HOME/polympics/config.toml` or the platform's config directory, read by
//! [`Settings::load`](super::Settings::load). A file that holds a token is refused when
//! other users may read it; a key the file does not know is a mistake, never ignored.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::secret::Secret;

/// The variable naming the profile to use.
pub const PROFILE_VAR: &str = "POLYMPICS_PROFILE";
/// The variable with the path of the settings file, instead of the default one.
pub const CONFIG_VAR: &str = "POLYMPICS_CONFIG";

/// The largest settings file read: a few profiles are small.
const MAX_FILE: u64 = 1024 * 1024;

/// A variable of the environment, as the settings read it (a test gives its own).
pub(super) type Lookup<'a> = &'a dyn Fn(&str) -> Option<OsString>;

/// The settings file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    /// The profile used when none is named.
    default: Option<String>,
    #[serde(default)]
    profiles: BTreeMap<String, Profile>,
}

/// One profile of the file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Profile {
    pub(super) url: Option<String>,
    pub(super) user: Option<String>,
    /// Relative to the file's folder; `~/` is the home folder.
    pub(super) password_file: Option<PathBuf>,
    pub(super) password: Option<FileToken>,
}

/// A token written in the file: never repeated in an error, whatever its type.
pub(super) struct FileToken(pub(super) Secret);

impl fmt::Debug for FileToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<'de> Deserialize<'de> for FileToken {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct Token;
        // Every kind of value but a string is refused without being shown (serde's own
        // error would quote a number).
        fn not_text<E: de::Error>() -> E {
            E::custom("a password must be a string")
        }
        impl Visitor<'_> for Token {
            type Value = FileToken;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the token as a string")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> std::result::Result<FileToken, E> {
                Ok(FileToken(Secret::new(value)))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> std::result::Result<FileToken, E> {
                Err(not_text())
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> std::result::Result<FileToken, E> {
                Err(not_text())
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> std::result::Result<FileToken, E> {
                Err(not_text())
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<FileToken, E> {
                Err(not_text())
            }
        }
        deserializer.deserialize_any(Token)
    }
}

/// Where the settings file is: `POLYMPICS_CONFIG`, or the default place (see
/// [`default_path`]); and whether it was named (then it must exist).
pub(super) fn path(env: Lookup<'_>) -> Option<(PathBuf, bool)> {
    match env(CONFIG_VAR).filter(|value| !value.is_empty()) {
        Some(path) => Some((PathBuf::from(path), true)),
        None => default_path(env).map(|path| (path, false)),
    }
}

/// `$XDG_CONFIG_HOME/polympics/config.toml` when that variable holds an absolute path;
/// otherwise the platform's config folder: `%APPDATA%` on Windows, `~/Library/Application
/// Support` on macOS, `~/.config` elsewhere.
pub(super) fn default_path(env: Lookup<'_>) -> Option<PathBuf> {
    let absolute = |name: &str| {
        env(name)
            .map(PathBuf::from)
            .filter(|path| path.is_absolute())
    };
    let dir = match absolute("XDG_CONFIG_HOME") {
        Some(dir) => dir,
        None if cfg!(windows) => absolute("APPDATA")?,
        None if cfg!(target_os = "macos") => absolute("HOME")?.join("Library/Application Support"),
        None => absolute("HOME")?.join(".config"),
    };
    Some(dir.join("polympics").join("config.toml"))
}

/// The profile the settings use: `name` (or the file's default) of the file at `path`;
/// `None` when no profile is named and the file names no default, or there is no file and
/// none was asked for.
pub(super) fn select(
    path: Option<(PathBuf, bool)>,
    name: Option<&str>,
    env: Lookup<'_>,
) -> Result<Option<(String, Profile, PathBuf)>> {
    let Some((path, named)) = path else {
        return match name {
            Some(name) => Err(Error::Config(format!(
                "the profile {name:?} is asked for, but there is no settings file: set \
                 XDG_CONFIG_HOME or HOME, or {CONFIG_VAR}"
            ))),
            None => Ok(None),
        };
    };
    let shown = path.display();
    let text = match read(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound && !named && name.is_none() => {
            return Ok(None)
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            let asked = name.map_or(String::new(), |name| format!(" (for the profile {name:?})"));
            return Err(Error::Config(format!(
                "the settings file {shown}{asked} does not exist"
            )));
        }
        Err(err) => {
            return Err(Error::Config(format!(
                "the settings file {shown} could not be read: {err}"
            )))
        }
    };
    let file: File = toml::from_str(&text).map_err(|err| {
        // The message and where, never the file's text: it may hold a token.
        let line = err
            .span()
            .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        let at = line.map_or(String::new(), |line| format!(" (line {line})"));
        Error::Config(format!(
            "the settings file {shown} is not valid{at}: {}",
            err.message().trim_end()
        ))
    })?;
    if file
        .profiles
        .values()
        .any(|profile| profile.password.is_some())
    {
        refuse_if_readable_by_others(&path)?;
    }
    let Some(name) = name.map(str::to_owned).or(file.default) else {
        return Ok(None);
    };
    let mut profiles = file.profiles;
    let known: Vec<String> = profiles.keys().cloned().collect();
    let profile = profiles.remove(&name).ok_or_else(|| {
        Error::Config(format!(
            "no profile {name:?} in the settings file {shown} (it has: {})",
            if known.is_empty() {
                "none".to_owned()
            } else {
                known.join(", ")
            }
        ))
    })?;
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let profile = Profile {
        password_file: profile
            .password_file
            .map(|file| resolve(&file, &folder, env)),
        ..profile
    };
    Ok(Some((name, profile, path)))
}

/// The file's text, at most [`MAX_FILE`] bytes.
fn read(path: &Path) -> std::io::Result<String> {
    let mut text = String::new();
    std::fs::File::open(path)?
        .take(MAX_FILE + 1)
        .read_to_string(&mut text)?;
    if text.len() as u64 > MAX_FILE {
        return Err(std::io::Error::other("it is larger than 1 MiB"));
    }
    Ok(text)
}

/// A token file's path as the profile writes it: `~/` is the home folder, and a relative
/// path is relative to the settings file's folder.
fn resolve(file: &Path, folder: &Path, env: Lookup<'_>) -> PathBuf {
    if let Ok(rest) = file.strip_prefix("~") {
        if let Some(home) = env("HOME").or_else(|| env("USERPROFILE")) {
            return PathBuf::from(home).join(rest);
        }
    }
    if file.is_relative() {
        folder.join(file)
    } else {
        file.to_path_buf()
    }
}

/// A file with a token that the group or others may read is refused (on Unix; Windows
/// folders under the profile are the user's own).
#[cfg(unix)]
fn refuse_if_readable_by_others(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|err| {
            Error::Config(format!(
                "the settings file {} could not be read: {err}",
                path.display()
            ))
        })?
        .permissions()
        .mode();
    if mode & 0o044 != 0 {
        return Err(Error::Config(format!(
            "the settings file {shown} holds a token and other users may read it (mode \
             {mode:03o}): make it private with `chmod 600 {shown}`, or keep the token in a \
             password_file",
            shown = path.display(),
            mode = mode & 0o777
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_if_readable_by_others(_: &Path) -> Result<()> {
    Ok(())
}
