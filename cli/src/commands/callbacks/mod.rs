//! `polympics callbacks ...` (apps only).
//!
//! Files: this one, and `live` (what `callbacks listen` and `roster watch` share: the
//! callback's secret, its registration, stopping on a signal).

pub mod live;

use crate::notice::notice;
use polympics::webhooks::{Event, Listener};
use polympics::{AccountTeamUpdateEvent, AnyClient, EventType};
use serde::Serialize;

use crate::args::{CallbacksCommand, Global, ListenArgs};
use crate::connect::connect;
use crate::failure::{CommandResult, Exit, Failure};
use crate::output::{Out, Table};
use crate::show::callback_record;
use live::Registration;

/// Runs a `callbacks` subcommand: `listen` connects only to register its callback, every
/// other one as an app.
pub fn run(global: &Global, command: CallbacksCommand, out: &mut Out) -> CommandResult {
    let command = match command {
        CallbacksCommand::Listen(args) => return listen(global, args, out),
        command => command,
    };
    let connection = connect(global)?;
    let app = connection.client.as_app()?;
    match command {
        CallbacksCommand::List => {
            let mut callbacks: Vec<(EventType, String)> =
                app.get_callbacks()?.into_iter().collect();
            callbacks.sort_by_key(|(event, _)| event.as_str());
            if out.is_json() {
                let map: serde_json::Map<String, serde_json::Value> = callbacks
                    .into_iter()
                    .map(|(event, url)| (event.to_string(), url.into()))
                    .collect();
                out.json(&map)?;
            } else {
                let mut table = Table::new(&["EVENT", "URL"]);
                for (event, url) in callbacks {
                    table.row(out.writer(), vec![event.to_string(), url])?;
                }
                table.finish(out.writer())?;
            }
            Ok(Exit::Success)
        }
        CallbacksCommand::Create {
            event,
            callback_url,
            secret_file,
        } => {
            let secret = live::secret(secret_file.as_deref(), false)?;
            out.item(
                &app.create_callback(event, callback_url, secret.expose())?,
                callback_record,
            )?;
            Ok(Exit::Success)
        }
        CallbacksCommand::Listen(_) => unreachable!("routed above"),
        CallbacksCommand::Delete { event } => {
            app.delete_callback(event)?;
            if out.is_json() {
                out.json(&serde_json::json!({ "deleted": "callback", "event": event }))?;
            } else {
                out.line(format_args!("Deleted the callback for {event}."))?;
            }
            Ok(Exit::Success)
        }
    }
}

/// `callbacks listen`: it connects only to register the callback.
fn listen(global: &Global, args: ListenArgs, out: &mut Out) -> CommandResult {
    match args.callback.public_url {
        Some(_) => listen_with(Some(&connect(global)?.client), args, out),
        None => listen_with(None, args, out),
    }
}

/// Binds, registers the callback if asked, and prints each verified event as a JSON line
/// until Ctrl-C or SIGTERM; then removes the callback it registered.
fn listen_with(client: Option<&AnyClient>, args: ListenArgs, out: &mut Out) -> CommandResult {
    let register = args.callback.public_url.as_deref();
    let secret = live::secret(args.callback.secret_file.as_deref(), register.is_some())?;
    let stop = live::cancel_on_signals()?;
    let listener = Listener::builder(secret.clone())
        .cancel_token(&stop)
        .bind(args.listen)?;
    notice!(
        "polympics: listening for events on {}",
        listener.local_addr()
    );
    let registration = match (client, register) {
        (Some(client), Some(url)) => Some(Registration::register(client, url, &secret)?),
        _ => None,
    };
    let printed = print_events(&listener, out);
    let removed = registration.map_or(Ok(()), Registration::remove);
    printed?;
    removed?;
    Ok(Exit::Success)
}

/// One line of `callbacks listen`: the event's name, then its body.
#[derive(Serialize)]
struct EventLine<'a> {
    event: EventType,
    #[serde(flatten)]
    body: &'a AccountTeamUpdateEvent,
}

fn print_events(listener: &Listener, out: &mut Out) -> Result<(), Failure> {
    for event in listener {
        let line = match &event {
            Event::AccountTeamUpdate(body) => EventLine {
                event: EventType::AccountTeamUpdate,
                body,
            },
            // An event of a kind this version does not know yet is not printed.
            _ => continue,
        };
        out.json_line(&line)?;
        out.flush()?;
    }
    Ok(())
}
