//! One row of a desired roster, as text cells (of a CSV file or a sheet), into an entry:
//! the checks every format shares.

use polympics::{AccountId, Error, TeamId};

use super::columns::Columns;
use super::entries::{shown, DesiredAccount};

/// The row `cells` (line `line`) as an entry; `None` for a row whose read columns are all
/// empty (one with only a note); `Err` with what is wrong.
pub(super) fn entry(
    cells: &[&str],
    columns: &Columns,
    line: u64,
) -> Result<Option<DesiredAccount>, String> {
    let raw = |i: Option<usize>| i.and_then(|i| cells.get(i).copied()).unwrap_or("");
    let get = |i: Option<usize>| raw(i).trim();
    if columns.used().all(|i| get(Some(i)).is_empty()) {
        return Ok(None);
    }
    let account = account_id(get(Some(columns.account)))?;
    let team = get(Some(columns.team));
    if team.is_empty() && !raw(Some(columns.team)).is_empty() {
        return Err("the team is blank (only spaces): leave it empty for no team".to_owned());
    }
    let mut entry = DesiredAccount::new(account, (!team.is_empty()).then_some(team)).at_line(line);
    match (get(columns.name), get(columns.discriminator)) {
        ("", "") => {}
        (name, discriminator) if !name.is_empty() && !discriminator.is_empty() => {
            entry = entry.create_as(name, discriminator)
        }
        _ => {
            return Err(
                "give both name and discriminator (to create the account), or neither".to_owned(),
            )
        }
    }
    match get(columns.team_id) {
        "" => {}
        id => {
            let id: TeamId = id.parse().map_err(|_| {
                format!(
                    "the team_id {} is not a team ID (a whole number)",
                    shown(id)
                )
            })?;
            entry = entry.team_id(id);
        }
    }
    entry.check().map_err(|err| match err {
        Error::InvalidInput { field, reason, .. } => format!("invalid {field}: {reason}"),
        other => other.to_string(),
    })?;
    Ok(Some(entry))
}

/// A Discord ID as a desired roster gives it, or what is wrong with it.
fn account_id(id: &str) -> Result<AccountId, String> {
    match id.parse::<u64>() {
        Ok(account) => Ok(AccountId(account)),
        Err(_) if id.is_empty() => Err("the account_id is empty".to_owned()),
        Err(_) if id.contains(['E', 'e', '.', ',']) => Err(format!(
            "the account_id {} is not a Discord ID: a spreadsheet showed it as a rounded \
             number; format the column as text and enter the IDs again",
            shown(id)
        )),
        Err(_) => Err(format!(
            "the account_id {} is not a Discord ID (a whole number)",
            shown(id)
        )),
    }
}
