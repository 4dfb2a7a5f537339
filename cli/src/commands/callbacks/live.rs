//! What `callbacks listen` and `roster watch` share: the callback's secret, its
//! registration (removed again when the command stops), and stopping on a signal.

use crate::notice::notice;
use std::path::Path;

use base64::Engine;
use polympics::cancel::CancelToken;
use polympics::settings::Settings;
use polympics::{AnyClient, EventType, Secret};

use crate::failure::Failure;

/// The environment variable a callback's secret can be in, instead of a file.
pub const SECRET_VAR: &str = "POLYMPICS_CALLBACK_SECRET";

/// The callback's secret: from the file, from [`SECRET_VAR`], or (only when it is
/// registered now, so that nothing else needs to know it) a fresh random one.
pub fn secret(file: Option<&Path>, registering: bool) -> Result<Secret, Failure> {
    if let Some(file) = file {
        return Ok(Settings::read_token_file(file)?);
    }
    if let Some(secret) = std::env::var(SECRET_VAR).ok().filter(|s| !s.is_empty()) {
        return Ok(Secret::from(secret));
    }
    if registering {
        return fresh_secret();
    }
    Err(Failure::usage("no secret for the callback").hint(format!(
        "put the secret it was registered with in a file given with --secret-file, or in \
         {SECRET_VAR}; or register the callback now (a fresh secret is made for it)"
    )))
}

/// 32 bytes from the operating system's generator, as URL-safe base64 (43 characters).
fn fresh_secret() -> Result<Secret, Failure> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes)
        .map_err(|err| Failure::new(format!("no random secret could be made: {err}")))?;
    Ok(Secret::from(
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes),
    ))
}

/// This app's callback for `account_team_update`, registered by this run, and removed
/// again when the run ends however it ends (an error, a signal, a panic), unless another
/// run has registered its own since. A run killed with `kill -9` leaves it: the next run
/// that registers replaces it (or `polympics callbacks delete account_team_update`).
#[derive(Debug)]
pub struct Registration {
    client: AnyClient,
    url: String,
    removed: bool,
}

impl Registration {
    /// Registers `url` with `secret`, saying on stderr which callback it replaces.
    pub fn register(client: &AnyClient, url: &str, secret: &Secret) -> Result<Self, Failure> {
        let app = client.as_app()?;
        let event = EventType::AccountTeamUpdate;
        if let Some(old) = app.get_callbacks()?.get(&event).filter(|old| *old != url) {
            notice!("polympics: replacing this app's callback for {event}, which was {old}");
        }
        app.create_callback(event, url, secret.expose())?;
        notice!("polympics: registered {url} as this app's callback for {event}");
        Ok(Registration {
            client: client.clone(),
            url: url.to_owned(),
            removed: false,
        })
    }

    /// Removes the callback, if it is still the one this run registered.
    pub fn remove(mut self) -> Result<(), Failure> {
        self.removed = true;
        self.remove_now()
    }

    fn remove_now(&self) -> Result<(), Failure> {
        let app = self.client.as_app()?;
        let event = EventType::AccountTeamUpdate;
        match app.get_callbacks()?.get(&event) {
            Some(url) if *url == self.url => {
                app.delete_callback(event)?;
                notice!("polympics: removed the callback {}", self.url);
            }
            Some(other) => notice!(
                "polympics: left the callback alone: it is {other} now, registered since by \
                 another run"
            ),
            None => {}
        }
        Ok(())
    }
}

impl Drop for Registration {
    /// A run that ends without [`remove`](Registration::remove) (an error or a panic on the
    /// way) still removes its callback.
    fn drop(&mut self) {
        if !self.removed {
            if let Err(err) = self.remove_now() {
                eprintln!("{err}");
            }
        }
    }
}

/// A token that Ctrl-C, SIGINT and SIGTERM (and the console's close on Windows) cancel,
/// for the listener and the watch to stop with (once a process: a second call fails).
pub fn cancel_on_signals() -> Result<CancelToken, Failure> {
    let token = CancelToken::new();
    let handler = token.clone();
    ctrlc::set_handler(move || handler.cancel())
        .map_err(|err| Failure::new(format!("could not handle Ctrl-C and SIGTERM: {err}")))?;
    Ok(token)
}
