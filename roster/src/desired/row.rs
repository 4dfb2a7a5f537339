//! One row of a desired roster, as text cells (of a CSV file or a sheet), into an entry:
//! the checks every format shares.

use polympics::{AccountId, Error, TeamId};

use super::columns::Columns;
use super::entries::{shown, DesiredAccount, DesiredRoster};
use super::mistake::{Mistake, ReadError};

/// The largest desired roster read, in bytes: a million rows and more.
pub const MAX_DESIRED_BYTES: u64 = 64 * 1024 * 1024;

/// A file's size, refused past [`MAX_DESIRED_BYTES`] before it is read.
pub(super) fn check_size(input: &[u8]) -> Result<(), ReadError> {
    if input.len() as u64 > MAX_DESIRED_BYTES {
        return Err(ReadError::one(Mistake::whole(format!(
            "it is larger than {} MiB, too large for a desired roster",
            MAX_DESIRED_BYTES / 1024 / 1024
        ))));
    }
    Ok(())
}

/// The entries and mistakes of a file, row by row: the roster when there is no mistake.
#[derive(Default)]
pub(super) struct Collected {
    desired: DesiredRoster,
    mistakes: Vec<Mistake>,
}

impl Collected {
    /// What row `line` gave.
    pub(super) fn add(&mut self, line: u64, row: Result<Option<DesiredAccount>, String>) {
        match row {
            Ok(Some(entry)) => self.desired.push(entry),
            Ok(None) => {}
            Err(mistake) => self.mistakes.push(Mistake::at(line, mistake)),
        }
    }

    /// A mistake of the file rather than of a row.
    pub(super) fn mistake(&mut self, mistake: Mistake) {
        self.mistakes.push(mistake);
    }

    /// The roster, or every mistake.
    pub(super) fn finish(self) -> Result<DesiredRoster, ReadError> {
        if self.mistakes.is_empty() {
            Ok(self.desired)
        } else {
            Err(ReadError::new(self.mistakes))
        }
    }
}

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
