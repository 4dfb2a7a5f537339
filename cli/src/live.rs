//! What `callbacks listen` and `roster watch` share: the callback's secret, its
//! registration (removed again when the command stops), and stopping on a signal.

use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use base64::Engine;
use polympics::{AnyClient, EventType, Secret, Settings};

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

/// This app's callback for `account_team_update`, registered by this run; [`remove`]
/// takes it away again unless another run has registered its own since.
///
/// [`remove`]: Registration::remove
#[derive(Debug)]
pub struct Registration {
    client: AnyClient,
    url: String,
}

impl Registration {
    /// Registers `url` with `secret`, saying on stderr which callback it replaces.
    pub fn register(client: &AnyClient, url: &str, secret: &Secret) -> Result<Self, Failure> {
        let app = client.as_app()?;
        let event = EventType::AccountTeamUpdate;
        if let Some(old) = app.get_callbacks()?.get(&event).filter(|old| *old != url) {
            eprintln!("polympics: replacing this app's callback for {event}, which was {old}");
        }
        app.create_callback(event, url, secret.expose())?;
        eprintln!("polympics: registered {url} as this app's callback for {event}");
        Ok(Registration {
            client: client.clone(),
            url: url.to_owned(),
        })
    }

    /// Removes the callback, if it is still the one this run registered.
    pub fn remove(self) -> Result<(), Failure> {
        let app = self.client.as_app()?;
        let event = EventType::AccountTeamUpdate;
        match app.get_callbacks()?.get(&event) {
            Some(url) if *url == self.url => {
                app.delete_callback(event)?;
                eprintln!("polympics: removed the callback {}", self.url);
            }
            Some(other) => eprintln!(
                "polympics: left the callback alone: it is {other} now, registered since by \
                 another run"
            ),
            None => {}
        }
        Ok(())
    }
}

/// Stopping on Ctrl-C, SIGINT or SIGTERM (and when the console closes on Windows): a flag
/// to wait on, and what to stop with it (a listener, a watch).
#[derive(Clone, Default)]
pub struct Stop(Arc<StopState>);

#[derive(Default)]
struct StopState {
    stopped: Mutex<bool>,
    changed: Condvar,
    then: Mutex<Vec<Box<dyn Fn() + Send>>>,
}

impl Stop {
    /// A stop that the process's signals set (once a process: a second call fails).
    pub fn on_signals() -> Result<Stop, Failure> {
        let stop = Stop::default();
        let handler = stop.clone();
        ctrlc::set_handler(move || handler.stop())
            .map_err(|err| Failure::new(format!("could not handle Ctrl-C and SIGTERM: {err}")))?;
        Ok(stop)
    }

    /// Stops: sets the flag and calls everything given to [`also`](Self::also).
    pub fn stop(&self) {
        *lock(&self.0.stopped) = true;
        self.0.changed.notify_all();
        for then in lock(&self.0.then).iter() {
            then();
        }
    }

    /// Calls `then` when stopped (at once, if it already is).
    pub fn also(&self, then: impl Fn() + Send + 'static) {
        let mut all = lock(&self.0.then);
        if *lock(&self.0.stopped) {
            then();
        }
        all.push(Box::new(then));
    }

    /// Waits `timeout` or until stopped; whether it is stopped.
    pub fn wait(&self, timeout: Duration) -> bool {
        let guard = lock(&self.0.stopped);
        let (guard, _) = self
            .0
            .changed
            .wait_timeout_while(guard, timeout, |stopped| !*stopped)
            .unwrap_or_else(PoisonError::into_inner);
        *guard
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
