//! Team arguments: an ID, or the exact name of one team.

use polympics::{AnyClient, TeamId};

use crate::failure::Failure;

/// The team `arg` names: digits are an ID, anything else an exact name (letter case and
/// spaces included) that exactly one team must have.
pub fn team_id(client: &AnyClient, arg: &str) -> Result<TeamId, Failure> {
    if !arg.is_empty() && arg.bytes().all(|b| b.is_ascii_digit()) {
        return arg
            .parse()
            .map_err(|_| Failure::usage(format!("the team ID {arg} is too large")));
    }
    let teams = client.teams_named(arg)?;
    match teams.as_slice() {
        [team] => Ok(team.id),
        [] => Err(
            Failure::new(format!("not found: no team is named {arg:?}")).hint(
                "names are matched exactly; list them with `polympics teams list --search TEXT`",
            ),
        ),
        twins => {
            let ids: Vec<String> = twins.iter().map(|t| t.id.to_string()).collect();
            Err(Failure::new(format!(
                "{} teams are named {arg:?} (IDs {}): give the ID of the one you mean",
                twins.len(),
                ids.join(", ")
            )))
        }
    }
}
