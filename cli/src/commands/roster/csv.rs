//! Rosters as CSV: the export, one row an account with its team. The desired roster a sync
//! reads has the same columns (see `desired`), so an export can be edited and synced back.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use polympics::TeamId;
use polympics_roster::{Roster, RosterTeam};

/// The columns of an export, in order.
pub const EXPORT_COLUMNS: [&str; 6] = [
    "account_id",
    "name",
    "discriminator",
    "team_id",
    "team",
    "permissions",
];

/// How many bytes of CSV an export holds at most (about): beyond that, the teams are
/// written in batches, each batch one more pass over the accounts.
const HELD: usize = 8 << 20;

/// What an account's line takes, about, to plan the batches.
const LINE: usize = 64;

/// Writes `roster` as CSV: a header, then one row an account (`permissions` as the API's
/// integer), grouped by team (teams by name, then ID; their accounts by ID), the accounts in
/// no team last with empty team columns.
///
/// The accounts are read in the roster's order (by ID, which is the order of their memory),
/// each line written to its team's buffer, and the buffers written out in the teams' order:
/// reading the accounts team by team would jump through the roster's memory at every line.
/// The buffers hold [`HELD`] bytes at most: a league larger than that is written in
/// batches of teams, one pass over the accounts each.
pub fn write_export(roster: &Roster, out: impl Write) -> io::Result<()> {
    write_export_holding(roster, out, HELD)
}

/// [`write_export`], holding `held` bytes at most (about).
fn write_export_holding(roster: &Roster, mut out: impl Write, held: usize) -> io::Result<()> {
    let mut header = csv::Writer::from_writer(&mut out);
    header.write_record(EXPORT_COLUMNS)?;
    header.flush()?;
    drop(header);
    let Groups {
        teams,
        of_account: groups,
        sizes,
    } = Groups::of(roster);
    let mut first = 0;
    while first < sizes.len() {
        // The next batch: at least one group, and as many more as fit in HELD.
        let mut end = first + 1;
        let mut batch = sizes[first] * LINE;
        while end < sizes.len() && batch + sizes[end] * LINE <= held {
            batch += sizes[end] * LINE;
            end += 1;
        }
        let mut writers: Vec<csv::Writer<Vec<u8>>> = sizes[first..end]
            .iter()
            .map(|&size| {
                csv::WriterBuilder::new()
                    .buffer_capacity(1024)
                    .from_writer(Vec::with_capacity(size * LINE))
            })
            .collect();
        let mut number = String::with_capacity(24);
        for (account, &group) in roster.accounts().zip(&groups) {
            let group = group as usize;
            if !(first..end).contains(&group) {
                continue;
            }
            let csv = &mut writers[group - first];
            field(csv, &mut number, account.id())?;
            csv.write_field(account.name())?;
            csv.write_field(account.discriminator())?;
            match teams.get(group) {
                Some(team) => {
                    field(csv, &mut number, team.id())?;
                    csv.write_field(team.name())?;
                }
                None => {
                    csv.write_field("")?;
                    csv.write_field("")?;
                }
            }
            field(csv, &mut number, account.permissions().bits())?;
            csv.write_record(None::<&[u8]>)?;
        }
        for csv in writers {
            let lines = csv.into_inner().map_err(|error| error.into_error())?;
            out.write_all(&lines)?;
        }
        first = end;
    }
    out.flush()
}

/// The export's order: the teams by name, then ID; each account's group (its team's place
/// among them, the accounts in no team last), in the roster's order (by ID); and how many
/// accounts each group has. The CSV and the sheet are written in it.
pub(super) struct Groups<'r> {
    pub(super) teams: Vec<RosterTeam<'r>>,
    pub(super) of_account: Vec<u32>,
    pub(super) sizes: Vec<usize>,
}

impl<'r> Groups<'r> {
    pub(super) fn of(roster: &'r Roster) -> Self {
        let mut teams: Vec<RosterTeam<'r>> = roster.teams().collect();
        teams.sort_by(|a, b| (a.name(), a.id()).cmp(&(b.name(), b.id())));
        let place: HashMap<TeamId, usize> =
            teams.iter().enumerate().map(|(i, t)| (t.id(), i)).collect();
        let mut sizes = vec![0usize; teams.len() + 1];
        let of_account = roster
            .accounts()
            .map(|account| {
                let group = account
                    .team_id()
                    .and_then(|team| place.get(&team).copied())
                    .unwrap_or(teams.len());
                sizes[group] += 1;
                group as u32
            })
            .collect();
        Groups {
            teams,
            of_account,
            sizes,
        }
    }
}

/// Writes a number as a field, through a reused buffer.
fn field<W: Write>(
    csv: &mut csv::Writer<W>,
    buffer: &mut String,
    value: impl std::fmt::Display,
) -> io::Result<()> {
    buffer.clear();
    let _ = write!(buffer, "{value}");
    csv.write_field(buffer.as_str())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A roster of three teams (two named alike) and accounts in and out of them, in an
    /// order that is neither by ID nor by team.
    fn roster() -> Roster {
        let team = |id: u64, name: &str| {
            format!(
                r#"{{"id": {id}, "name": "{name}", "created_at": 1.0, "member_count": 0,
                    "awards": []}}"#
            )
        };
        let accounts: Vec<String> = (0..40u64)
            .map(|i| {
                let id = (i * 7919) % 1000 + 1;
                let team = match i % 4 {
                    0 => "null".to_owned(),
                    n => team(n, ["B", "A", "A"][n as usize - 1]),
                };
                format!(
                    r#"{{"id": "{id}", "name": "N{i}, \"x\"", "discriminator": "0001",
                        "avatar_url": null, "team": {team}, "permissions": {},
                        "created_at": 1.0, "awards": []}}"#,
                    i % 3
                )
            })
            .collect();
        let text = format!(
            r#"{{"taken_at": 1.0, "teams": [{}, {}, {}], "accounts": [{}]}}"#,
            team(1, "B"),
            team(2, "A"),
            team(3, "A"),
            accounts.join(",")
        );
        serde_json::from_str(&text).unwrap()
    }

    fn export(held: usize) -> String {
        let mut out = Vec::new();
        write_export_holding(&roster(), &mut out, held).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn rows_are_grouped_by_team_name_then_id_and_by_account_id() {
        let csv = export(HELD);
        let rows: Vec<(u64, String, String)> = csv::Reader::from_reader(csv.as_bytes())
            .records()
            .map(|record| {
                let record = record.unwrap();
                assert!(record[1].ends_with(", \"x\""), "{record:?}");
                (
                    record[0].parse().unwrap(),
                    record[3].to_owned(),
                    record[4].to_owned(),
                )
            })
            .collect();
        assert_eq!(rows.len(), 40);
        let mut teams: Vec<(&str, &str)> = rows
            .iter()
            .map(|(_, id, name)| (id.as_str(), name.as_str()))
            .collect();
        teams.dedup();
        assert_eq!(teams, [("2", "A"), ("3", "A"), ("1", "B"), ("", "")]);
        for group in rows.chunk_by(|a, b| a.1 == b.1) {
            assert!(group.is_sorted_by_key(|row| row.0), "{group:?}");
        }
    }

    #[test]
    fn a_batch_a_team_writes_the_same_rows() {
        // One byte held: every team in a batch of its own, one pass over the accounts each.
        assert_eq!(export(1), export(HELD));
        assert_eq!(export(LINE * 12), export(HELD));
    }
}
