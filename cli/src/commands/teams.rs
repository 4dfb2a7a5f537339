//! `polympics teams ...`

use polympics::{AnyClient, Team};

use crate::args::TeamsCommand;
use crate::commands::accounts::deleted;
use crate::failure::{Exit, Outcome};
use crate::output::{JsonArray, Out, Table};
use crate::show::{team_record, team_row, TEAM_COLUMNS};

pub fn run(client: &AnyClient, command: TeamsCommand, out: &mut Out) -> Outcome {
    match command {
        TeamsCommand::Get { id } => show(out, &client.get_team(id)?),
        TeamsCommand::List { search, literal } => {
            let mut query = client.list_teams().per_page(100);
            if let Some(search) = search {
                query = if literal {
                    query.search_literal(search)
                } else {
                    query.search(search)
                };
            }
            if out.is_json() {
                let mut array = JsonArray::start(out)?;
                for team in query {
                    array.item(out, &team?)?;
                }
                array.finish(out)?;
            } else {
                let mut table = Table::new(&TEAM_COLUMNS);
                for team in query {
                    table.row(out.writer(), team_row(&team?))?;
                }
                table.finish(out.writer())?;
            }
            Ok(Exit::Success)
        }
        TeamsCommand::Create { name } => show(out, &client.create_team(name)?),
        TeamsCommand::Rename { id, name } => show(out, &client.update_team(id, name)?),
        TeamsCommand::Delete { id } => {
            client.delete_team(id)?;
            deleted(out, "team", id)
        }
    }
}

fn show(out: &mut Out, team: &Team) -> Outcome {
    if out.is_json() {
        out.json(team)?;
    } else {
        team_record(team).write(out.writer())?;
    }
    Ok(Exit::Success)
}
