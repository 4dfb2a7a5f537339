//! `polympics roster watch`: a snapshot kept current, each change printed once as it
//! happens, from events (with --listen) and a full read every --every.

use std::time::Duration;

use polympics::roster::{Change, Roster, Watch};
use polympics::webhooks::Listener;
use polympics::{AnyClient, Error};

use crate::args::{Global, WatchArgs};
use crate::connect::connect;
use crate::failure::{CommandResult, Exit, Failure};
use crate::live::{self, Registration, Stop};
use crate::output::Out;
use crate::snapshot::fetch;
use crate::watch_state::State;

pub fn run(global: &Global, args: WatchArgs, out: &mut Out) -> CommandResult {
    let connection = connect(global)?;
    let client = &connection.client;
    let stop = Stop::on_signals()?;
    // The snapshot file's lock first: a second watch of it ends before it registers.
    let state = args.snapshot.as_deref().map(State::open).transpose()?;
    // Listening (and registered) first: events that come while the league is read wait
    // for the watch, and a missing secret is said at once.
    let (listener, registration) = match args.listen {
        Some(addr) => {
            let secret = live::secret(args.secret_file.as_deref(), args.public_url.is_some())?;
            let listener = Listener::bind(addr, secret.clone())?;
            eprintln!(
                "polympics: listening for events on {}",
                listener.local_addr()
            );
            let registration = match &args.public_url {
                Some(url) => Some(Registration::register(client, url, &secret)?),
                None => None,
            };
            (Some(listener), registration)
        }
        None => (None, None),
    };
    let watched = watch(client, &args, &stop, state, listener, out);
    let removed = registration.map_or(Ok(()), Registration::remove);
    let exit = watched?;
    removed?;
    Ok(exit)
}

/// Resumes from the snapshot file or reads the league, then prints each change until
/// stopped.
fn watch(
    client: &AnyClient,
    args: &WatchArgs,
    stop: &Stop,
    mut state: Option<State>,
    listener: Option<Listener>,
    out: &mut Out,
) -> CommandResult {
    let resumed = match &mut state {
        Some(state) => state.resume(|change| print(change, out))?,
        None => None,
    };
    let mut watch = match resumed {
        // Resumed: the first read, at once, prints what changed meanwhile.
        Some(saved) => Watch::resume(client, saved),
        // A first snapshot (saved at once, so that a restart resumes from it): the next
        // read is a period away.
        None => {
            let Some(roster) = first_read(client, stop, args.every)? else {
                return Ok(Exit::Success);
            };
            if let Some(state) = &mut state {
                state.save(&roster)?;
            }
            Watch::resume(client, roster).first_read_in(args.every)
        }
    }
    .every(args.every);
    if let Some(listener) = listener {
        watch = watch.listen(listener);
    }
    let watch_stop = watch.stop_handle();
    stop.also(move || watch_stop.stop());
    if let Some(league) = watch.snapshot() {
        eprintln!(
            "polympics: watching {} teams and {} accounts at {}, reading them all every {}",
            league.teams().len(),
            league.accounts().len(),
            client.base_url(),
            humantime::format_duration(args.every)
        );
    }
    print_changes(&mut watch, args.every, state, out)?;
    Ok(Exit::Success)
}

/// The league's first snapshot. A server that is down or failing is reported and read
/// again after `every` (30 s at most), as the watch does later, until it answers or the
/// command is stopped (`None`); anything else (wrong credentials, a wrong URL) ends it.
fn first_read(client: &AnyClient, stop: &Stop, every: Duration) -> Result<Option<Roster>, Failure> {
    loop {
        let err = match fetch(client) {
            Ok(roster) => return Ok(Some(roster)),
            Err(err) => err,
        };
        let passing =
            err.is_retryable() || matches!(err, Error::Server { .. } | Error::Transport { .. });
        if !passing {
            return Err(err.into());
        }
        eprintln!("{}", Failure::from(err));
        eprintln!("polympics: reading the league again in {}", again(every));
        if stop.wait(every.min(AFTER_A_FAILURE)) {
            return Ok(None);
        }
    }
}

/// How soon a read that failed is made again (as `roster::Watch` does).
const AFTER_A_FAILURE: Duration = Duration::from_secs(30);

fn again(every: Duration) -> humantime::FormattedDuration {
    humantime::format_duration(every.min(AFTER_A_FAILURE))
}

/// Prints each change as it comes, keeping the snapshot file (if any) as they leave the
/// league, until the watch is stopped.
fn print_changes(
    watch: &mut Watch<'_, polympics::AnyAuth>,
    every: Duration,
    mut state: Option<State>,
    out: &mut Out,
) -> Result<(), Failure> {
    while let Some(change) = watch.next() {
        let change = match change {
            Ok(change) => change,
            Err(err) => {
                // Reported, never the end: the watch reads again.
                eprintln!("{}", Failure::from(err));
                eprintln!(
                    "polympics: the watch goes on, and reads the league again in {}",
                    again(every)
                );
                continue;
            }
        };
        if let Some(state) = &mut state {
            state.before(watch)?;
        }
        print(&change, out)?;
        if let Some(state) = &mut state {
            state.after(watch)?;
        }
    }
    Ok(())
}

/// One change, as `roster diff` prints it (a JSON object a line with --json), flushed.
fn print(change: &Change, out: &mut Out) -> Result<(), Failure> {
    if out.is_json() {
        out.json_line(change)?;
    } else {
        out.line(change)?;
    }
    Ok(out.flush()?)
}
