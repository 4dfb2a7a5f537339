//! `polympics awards ...`

use polympics::{AnyClient, Award, AwardGiven, AwardUpdate, NewAward};

use crate::args::AwardsCommand;
use crate::commands::accounts::deleted;
use crate::failure::{CommandResult, Exit};
use crate::output::Out;
use crate::show::{award_details_record, award_record};
use crate::team_arg::team_id;

pub fn run(client: &AnyClient, command: AwardsCommand, out: &mut Out) -> CommandResult {
    match command {
        AwardsCommand::Get { id } => {
            out.item(&client.get_award(id)?, award_details_record)?;
            Ok(Exit::Success)
        }
        AwardsCommand::Create {
            title,
            image_url,
            team,
            accounts,
        } => {
            let team = team_id(client, &team)?;
            let award = NewAward::new(title, image_url, team).accounts(accounts);
            show(out, &client.as_writer()?.create_award(award)?)
        }
        AwardsCommand::Update {
            id,
            title,
            image_url,
            team,
        } => {
            let mut update = AwardUpdate::new();
            if let Some(title) = title {
                update = update.title(title);
            }
            if let Some(url) = image_url {
                update = update.image_url(url);
            }
            if let Some(team) = team {
                update = update.team(team_id(client, &team)?);
            }
            show(out, &client.as_writer()?.update_award(id, update)?)
        }
        AwardsCommand::Delete { id } => {
            client.as_writer()?.delete_award(id)?;
            deleted(out, "award", id)
        }
        AwardsCommand::Give { award, account } => {
            let given = client.as_writer()?.give_award(award, account)?;
            let already = matches!(given, AwardGiven::AlreadyHeld);
            if out.is_json() {
                out.json(&serde_json::json!({
                    "award": award.to_string(),
                    "account": account.to_string(),
                    "already_held": already,
                }))?;
            } else if already {
                out.line(format_args!(
                    "Account {account} already held award {award}."
                ))?;
            } else {
                out.line(format_args!("Gave award {award} to account {account}."))?;
            }
            Ok(Exit::Success)
        }
        AwardsCommand::Take { award, account } => {
            client.as_writer()?.take_award(award, account)?;
            if out.is_json() {
                out.json(&serde_json::json!({
                    "award": award.to_string(),
                    "account": account.to_string(),
                    "taken": true,
                }))?;
            } else {
                out.line(format_args!("Took award {award} from account {account}."))?;
            }
            Ok(Exit::Success)
        }
    }
}

fn show(out: &mut Out, award: &Award) -> CommandResult {
    out.item(award, award_record)?;
    Ok(Exit::Success)
}
