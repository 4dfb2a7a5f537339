//! `polympics callbacks ...` (apps only).

use polympics::{AnyClient, EventType};

use crate::args::CallbacksCommand;
use crate::failure::{CommandResult, Exit, Failure};
use crate::output::{Out, Table};
use crate::show::callback_record;

/// The environment variable a callback's secret can be in, instead of a file.
const SECRET_VAR: &str = "POLYMPICS_CALLBACK_SECRET";

pub fn run(client: &AnyClient, command: CallbacksCommand, out: &mut Out) -> CommandResult {
    let app = client.as_app()?;
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
            let event = parse_event(&event)?;
            let secret = match secret_file {
                Some(file) => polympics::Settings::read_token_file(&file)?
                    .expose()
                    .to_owned(),
                None => std::env::var(SECRET_VAR)
                    .ok()
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| {
                        Failure::usage("no secret for the callback").hint(format!(
                            "put it in a file given with --secret-file, or in {SECRET_VAR}; \
                             it is never taken on the command line"
                        ))
                    })?,
            };
            out.item(
                &app.create_callback(event, callback_url, secret)?,
                callback_record,
            )?;
            Ok(Exit::Success)
        }
        CallbacksCommand::Delete { event } => {
            let event = parse_event(&event)?;
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

fn parse_event(text: &str) -> Result<EventType, Failure> {
    text.parse().map_err(|err| Failure::usage(format!("{err}")))
}
