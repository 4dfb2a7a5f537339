//! `polympics signups`, `polympics whoami` and `polympics sessions create`.

use polympics::{AnyClient, Identity};

use crate::args::SessionsCommand;
use crate::failure::{CommandResult, Exit, Failure};
use crate::output::{Out, Record};
use crate::show::{account_record, app_record, timestamp};

/// Whether new users may sign up: `open` or `closed`.
pub fn signups(client: &AnyClient, out: &mut Out) -> CommandResult {
    let open = client.check_signups()?;
    if out.is_json() {
        out.json(&serde_json::json!({ "signups_open": open }))?;
    } else {
        out.line(if open {
            "Signups are open."
        } else {
            "Signups are closed."
        })?;
    }
    Ok(Exit::Success)
}

/// Whom the credentials belong to; a failure when the server does not know them.
pub fn whoami(client: &AnyClient, out: &mut Out) -> CommandResult {
    let Ok(writer) = client.as_writer() else {
        if out.is_json() {
            out.json(&serde_json::json!({ "anonymous": true }))?;
        } else {
            out.line("Anonymous: no credentials are configured (reading only).")?;
        }
        return Ok(Exit::Success);
    };
    match writer.check_credentials()? {
        Some(identity) => {
            if out.is_json() {
                out.json(&identity)?;
            } else {
                match &identity {
                    Identity::App(app) => app_record(app).write(out.writer())?,
                    Identity::User(account) => account_record(account).write(out.writer())?,
                    _ => out.line("Someone the command does not know how to show.")?,
                }
            }
            Ok(Exit::Success)
        }
        None => Err(Failure::new("the server does not know these credentials")
            .hint("check --user and the password (a wrong or reset token, or an expired session)")),
    }
}

/// `sessions create`: a session for an account, with its token (for the user to log in).
pub fn sessions(client: &AnyClient, command: SessionsCommand, out: &mut Out) -> CommandResult {
    match command {
        SessionsCommand::Create { account } => {
            let session = client.as_app()?.create_session(account)?;
            if out.is_json() {
                out.json(&serde_json::json!({
                    "username": session.credentials.username(),
                    "token": session.credentials.password(),
                    "expires_at": timestamp(session.expires_at),
                }))?;
            } else {
                Record::new()
                    .field("username", session.credentials.username())
                    .field("token", session.credentials.password())
                    .field("expires", timestamp(session.expires_at))
                    .write(out.writer())?;
            }
            Ok(Exit::Success)
        }
    }
}
