//! `polympics accounts ...`

use polympics::{AccountUpdate, AnyClient, NewAccount, NO_TEAM};

use crate::args::{AccountsCommand, ListArgs};
use crate::failure::{CommandResult, Exit};
use crate::output::Out;
use crate::show::{account_record, account_row, ACCOUNT_COLUMNS};
use crate::team_arg::team_id;

pub fn run(client: &AnyClient, command: AccountsCommand, out: &mut Out) -> CommandResult {
    match command {
        AccountsCommand::Get { id } => show(out, &client.get_account(id)?),
        AccountsCommand::List(args) => list(client, args, out),
        AccountsCommand::Create {
            id,
            name,
            discriminator,
            avatar_url,
            team,
            permissions,
        } => {
            let mut account = NewAccount::new(id, name, discriminator);
            if let Some(url) = avatar_url {
                account = account.avatar_url(url);
            }
            if let Some(team) = team {
                account = account.team(team_id(client, &team)?);
            }
            if let Some(permissions) = permissions {
                account = account.permissions(permissions);
            }
            show(out, &client.as_writer()?.create_account(account)?)
        }
        AccountsCommand::Update {
            id,
            name,
            discriminator,
            avatar_url,
            team,
            no_team,
            grant,
            revoke,
        } => {
            let mut update = AccountUpdate::new();
            if let Some(name) = name {
                update = update.name(name);
            }
            if let Some(discriminator) = discriminator {
                update = update.discriminator(discriminator);
            }
            if let Some(url) = avatar_url {
                update = update.avatar_url(url);
            }
            if let Some(team) = team {
                update = update.team(team_id(client, &team)?);
            }
            if no_team {
                update = update.team(NO_TEAM);
            }
            if let Some(grant) = grant {
                update = update.grant_permissions(grant);
            }
            if let Some(revoke) = revoke {
                update = update.revoke_permissions(revoke);
            }
            show(out, &client.as_writer()?.update_account(id, update)?)
        }
        AccountsCommand::Delete { id } => {
            client.as_writer()?.delete_account(id)?;
            deleted(out, "account", id)
        }
    }
}

fn show(out: &mut Out, account: &polympics::Account) -> CommandResult {
    out.item(account, account_record)?;
    Ok(Exit::Success)
}

fn list(client: &AnyClient, args: ListArgs, out: &mut Out) -> CommandResult {
    let mut query = client.list_accounts().per_page(100);
    if let Some(search) = args.search {
        query = if args.literal {
            query.search_literal(search)
        } else {
            query.search(search)
        };
    }
    if let Some(team) = args.team {
        query = query.team(team_id(client, &team)?);
    }
    out.listing(query, &ACCOUNT_COLUMNS, account_row)?;
    Ok(Exit::Success)
}

/// What a delete prints: a line for people, `{"deleted": "<kind>", "id": "<id>"}` for
/// scripts.
pub fn deleted(out: &mut Out, kind: &str, id: u64) -> CommandResult {
    if out.is_json() {
        out.json(&serde_json::json!({ "deleted": kind, "id": id.to_string() }))?;
    } else {
        out.line(format_args!("Deleted {kind} {id}."))?;
    }
    Ok(Exit::Success)
}
