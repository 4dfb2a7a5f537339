//! `polympics roster watch`: a league kept current, each change printed once as it
//! happens, from events (with --listen) and a full read every --every; with --snapshot,
//! the crate's journal keeps it across restarts.

use crate::notice::notice;
use polympics::auth::AnyAuth;
use polympics::webhooks::Listener;
use polympics_roster::{Batch, Change, Origin, Watch, WatchError};

use super::journal::State;
use crate::args::{Global, WatchArgs};
use crate::commands::callbacks::live::{self, Registration};
use crate::connect::connect;
use crate::failure::{CommandResult, Exit, Failure};
use crate::output::Out;

pub fn run(global: &Global, args: WatchArgs, out: &mut Out) -> CommandResult {
    let connection = connect(global)?;
    let client = &connection.client;
    let stop = live::cancel_on_signals()?;
    // The snapshot file's lock first: a second watch of it ends before it registers.
    let state = args.snapshot.as_deref().map(State::open).transpose()?;
    let mut watch = Watch::new(client).every(args.every).cancel_on(&stop);
    // The lock is held until the command ends.
    let _lock = match state {
        Some(State { lock, journal }) => {
            watch = watch.journal(journal);
            Some(lock)
        }
        None => None,
    };
    // Listening (and registered) before the first read: events that come while the
    // league is read are printed at once, and a missing secret is said before anything.
    let mut registration = None;
    let callback = &args.callback;
    if args.listen.is_none() && (callback.public_url.is_some() || callback.secret_file.is_some()) {
        return Err(Failure::usage(
            "--public-url and --secret-file are for the listener: they need --listen ADDR",
        ));
    }
    if let Some(addr) = args.listen {
        let secret = live::secret(
            callback.secret_file.as_deref(),
            callback.public_url.is_some(),
        )?;
        let listener = Listener::builder(secret.clone())
            .cancel_token(&stop)
            .bind(addr)?;
        notice!(
            "polympics: listening for events on {}",
            listener.local_addr()
        );
        if let Some(url) = &callback.public_url {
            registration = Some(Registration::register(client, url, &secret)?);
        }
        watch = watch.listen(listener)?;
    }
    notice!("polympics: reading the league at {}", client.base_url());
    let watched = print_batches(&mut watch, &args, out);
    let removed = registration.map_or(Ok(()), Registration::remove);
    watched?;
    removed?;
    Ok(Exit::Success)
}

/// Prints each batch as it comes, and has the watch record it (in the snapshot file, with
/// --snapshot) once printed, until the watch is stopped or ends.
fn print_batches(
    watch: &mut Watch<AnyAuth>,
    args: &WatchArgs,
    out: &mut Out,
) -> Result<(), Failure> {
    // A snapshot file that could not be written is said at once; the watch writes it whole
    // with the next batch, and when it stops. If that last write fails too (the last item
    // is its error), the command fails.
    let mut behind = None;
    while let Some(batch) = watch.next() {
        behind = None;
        let batch = match batch {
            Ok(batch) => batch,
            Err(WatchError::Journal(err)) => {
                let failure = Failure::from(err);
                going_on(&failure);
                behind = Some(failure);
                continue;
            }
            // Reported; the watch goes on (and reads again) unless reading again cannot
            // mend it.
            Err(err) if err.is_transient() => {
                eprintln!("{}", Failure::from(err));
                continue;
            }
            Err(err) => return Err(err.into()),
        };
        print(&batch, out)?;
        if let Err(err) = watch.commit() {
            going_on(&Failure::from(err));
        }
        // Once the first state is saved: a restart from now on resumes from it.
        if batch.origin == Origin::FirstRead {
            started(watch, args);
        }
    }
    match behind {
        Some(mut failure) => {
            failure.message.push_str(
                "; the snapshot file lacks the last changes (the next run finds them with its \
                 first read)",
            );
            Err(failure)
        }
        None => Ok(()),
    }
}

/// A snapshot file that could not be written, said on stderr while the watch goes on.
fn going_on(failure: &Failure) {
    eprintln!(
        "polympics: error: {}; the watch goes on, and writes the whole league with the next \
         change",
        failure.message
    );
}

/// The start line, once the league is read.
fn started(watch: &Watch<AnyAuth>, args: &WatchArgs) {
    if let Some(league) = watch.snapshot() {
        notice!(
            "polympics: watching {} teams and {} accounts, reading them all every {}",
            league.teams().len(),
            league.accounts().len(),
            humantime::format_duration(args.every)
        );
    }
}

/// A batch's changes, as `roster diff` prints them (a JSON object a line with --json),
/// flushed.
fn print(batch: &Batch, out: &mut Out) -> Result<(), Failure> {
    for change in batch {
        print_change(change, out)?;
    }
    Ok(out.flush()?)
}

fn print_change(change: &Change, out: &mut Out) -> Result<(), Failure> {
    if out.is_json() {
        out.json_line(change)?;
    } else {
        out.line(change)?;
    }
    Ok(())
}

impl From<WatchError> for Failure {
    /// A read that failed in the command's words, and what the watch does next.
    fn from(err: WatchError) -> Self {
        match err {
            WatchError::Read {
                source, retry_in, ..
            } => {
                let mut failure = Failure::from(source);
                let next = match retry_in {
                    Some(wait) => format!(
                        "the watch goes on, and reads the league again in {}",
                        humantime::format_duration(wait)
                    ),
                    None => "reading again cannot mend it, so the watch ends".to_owned(),
                };
                failure.message = format!("{}; {next}", failure.message);
                failure
            }
            WatchError::Journal(err) => err.into(),
            other => Failure::new(other.to_string()),
        }
    }
}
