//! `polympics teams ...`

use polympics::{AnyClient, Team};

use crate::args::TeamsCommand;
use crate::commands::accounts::deleted;
use crate::failure::{Exit, Outcome};
use crate::output::Out;
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
            out.listing(query, &TEAM_COLUMNS, team_row)?;
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
    out.item(team, team_record)?;
    Ok(Exit::Success)
}
