//! `polympics teams ...`

use polympics::{AnyClient, Team};
use polympics_roster::merge_teams;
use serde_json::json;

use crate::args::TeamsCommand;
use crate::commands::accounts::deleted;
use crate::failure::{CommandResult, Exit};
use crate::output::Out;
use crate::show::{team_record, team_row, TEAM_COLUMNS};
use crate::team_arg::team_id;

pub fn run(client: &AnyClient, command: TeamsCommand, out: &mut Out) -> CommandResult {
    match command {
        TeamsCommand::Get { team } => show(out, &client.get_team(team_id(client, &team)?)?),
        TeamsCommand::List { search, literal } => {
            let mut query = client.list_teams().per_page(100);
            if let Some(search) = search {
                query = if literal {
                    query.search_literal(search)
                } else {
                    query.search(search)
                };
            }
            out.listing(query, &TEAM_COLUMNS, team_row)?;
            Ok(Exit::Success)
        }
        TeamsCommand::Create { name } => show(out, &client.as_writer()?.create_team(name)?),
        TeamsCommand::Rename { team, name } => {
            let team = team_id(client, &team)?;
            show(out, &client.as_writer()?.update_team(team, name)?)
        }
        TeamsCommand::Delete { team } => {
            let team = team_id(client, &team)?;
            client.as_writer()?.delete_team(team)?;
            deleted(out, "team", team.0)
        }
        TeamsCommand::Merge { from, into } => {
            let (from, into) = (team_id(client, &from)?, team_id(client, &into)?);
            let merged = merge_teams(&client.as_writer()?, from, into)?;
            if out.is_json() {
                out.json(&json!({
                    "from": merged.from,
                    "into": merged.into,
                    "accounts": merged.accounts,
                    "awards": merged.awards,
                }))?;
            } else {
                out.line(format_args!(
                    "Merged {} into {}: {} moved, {} moved; {} deleted.",
                    merged.from,
                    merged.into,
                    count(merged.accounts, "account"),
                    count(merged.awards, "award"),
                    merged.from
                ))?;
            }
            Ok(Exit::Success)
        }
    }
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn show(out: &mut Out, team: &Team) -> CommandResult {
    out.item(team, team_record)?;
    Ok(Exit::Success)
}
