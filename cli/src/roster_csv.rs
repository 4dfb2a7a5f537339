//! Rosters as CSV: the export (one row an account, with its team) and the desired roster a
//! sync reads (the same columns, so an export can be edited and synced back).

use std::io::{self, Read, Write};
use std::path::Path;

use polympics::roster::{DesiredAccount, DesiredRoster, Roster};
use polympics::{Account, AccountId, TeamId};

use crate::failure::Failure;

/// The columns of an export, in order.
pub const EXPORT_COLUMNS: [&str; 6] = [
    "account_id",
    "name",
    "discriminator",
    "team_id",
    "team",
    "permissions",
];

/// Writes `roster` as CSV: a header, then one row an account (`permissions` as the API's
/// integer), grouped by team (by name, then ID; accounts by name, then ID), the accounts
/// in no team last with empty team columns.
pub fn write_export(roster: &Roster, out: impl Write) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(EXPORT_COLUMNS)?;
    let mut accounts: Vec<&Account> = roster.accounts().iter().collect();
    // Borrowed keys: no allocation a comparison.
    accounts.sort_unstable_by(|a, b| order(a).cmp(&order(b)));
    for account in accounts {
        let (team_id, team) = match &account.team {
            Some(team) => (team.id.to_string(), team.name.as_str()),
            None => (String::new(), ""),
        };
        csv.write_record([
            account.id.to_string().as_str(),
            &account.name,
            &account.discriminator,
            &team_id,
            team,
            &account.permissions.bits().to_string(),
        ])?;
    }
    csv.flush()
}

/// Where an account goes in an export: by team (no team last), then by name and ID.
fn order(account: &Account) -> (bool, &str, Option<TeamId>, &str, AccountId) {
    let team = account.team.as_ref();
    (
        team.is_none(),
        team.map_or("", |t| t.name.as_str()),
        team.map(|t| t.id),
        &account.name,
        account.id,
    )
}

/// Reads a desired roster from the CSV file at `path`.
pub fn read_desired_file(path: &Path) -> Result<DesiredRoster, Failure> {
    let file = std::fs::File::open(path).map_err(|err| Failure::file("read", path, err))?;
    read_desired(file).map_err(|message| {
        Failure::usage(format!("{}: {message}", path.display())).hint(
            "a desired roster is a CSV file with a header: account_id and team (an exact team \
             name, empty for no team), and optionally name and discriminator; \
             `polympics roster export` writes one",
        )
    })
}

/// Reads a desired roster: the columns are found by their header, `account_id` and `team`
/// (or `team_name`) required, `name` and `discriminator` optional, others ignored. An empty
/// team is no team. Team names are taken exactly as written (spaces included).
pub fn read_desired(input: impl Read) -> Result<DesiredRoster, String> {
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let headers = csv
        .headers()
        .map_err(|err| format!("the header could not be read: {err}"))?
        .clone();
    let column = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
    };
    let account_column = column(&["account_id"]).ok_or("the header has no account_id column")?;
    let team_column = column(&["team", "team_name"]).ok_or("the header has no team column")?;
    let name_column = column(&["name", "account_name"]);
    let discriminator_column = column(&["discriminator"]);

    let mut desired = DesiredRoster::new();
    for record in csv.records() {
        let record = record.map_err(|err| err.to_string())?;
        let line = record.position().map_or(0, |p| p.line());
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("");
        let id = get(Some(account_column)).trim();
        if id.is_empty() && record.iter().all(|field| field.trim().is_empty()) {
            continue;
        }
        let account: u64 = id.parse().map_err(|_| {
            format!("line {line}: the account_id {id:?} is not a Discord ID (a number)")
        })?;
        let team = get(Some(team_column));
        let mut entry = DesiredAccount::new(account, (!team.is_empty()).then_some(team));
        let (name, discriminator) = (get(name_column), get(discriminator_column));
        match (name.is_empty(), discriminator.is_empty()) {
            (false, false) => entry = entry.create_as(name, discriminator),
            (true, true) => {}
            _ => {
                return Err(format!(
                    "line {line}: give both name and discriminator (to create the account), \
                     or neither"
                ))
            }
        }
        desired.push(entry);
    }
    Ok(desired)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_columns_by_header_in_any_order() {
        let text = "\u{feff}team,extra,account_id,discriminator,name\n\
                    Athens Owls,x,42,0001,Ajax\n\
                    ,y,43,,\n\
                    \n\
                    \" Spaced \",z,44,,\n";
        let desired = read_desired(text.as_bytes()).unwrap();
        let entries = desired.entries();
        assert_eq!(entries.len(), 3);
        assert_eq!(
            entries[0],
            DesiredAccount::new(42, Some("Athens Owls")).create_as("Ajax", "0001")
        );
        assert_eq!(entries[1], DesiredAccount::new(43, None));
        assert_eq!(entries[2], DesiredAccount::new(44, Some(" Spaced ")));
    }

    #[test]
    fn an_export_reads_back_as_a_desired_roster() {
        let text = "account_id,name,discriminator,team_id,team,permissions\n\
                    800000000000000000,Achilles,0001,1,Athens Owls,32\n";
        let desired = read_desired(text.as_bytes()).unwrap();
        assert_eq!(
            desired.entries(),
            [
                DesiredAccount::new(800000000000000000u64, Some("Athens Owls"))
                    .create_as("Achilles", "0001")
            ]
        );
    }

    #[test]
    fn says_which_line_is_wrong() {
        let cases = [
            ("team\nA\n", "no account_id column"),
            ("account_id\n1\n", "no team column"),
            (
                "account_id,team\n1,A\nabc,B\n",
                "line 3: the account_id \"abc\" is not a Discord ID",
            ),
            ("account_id,team\n-1,A\n", "line 2"),
            ("account_id,team\n18446744073709551616,A\n", "line 2"),
            (
                "account_id,team,name\n1,A,Ajax\n",
                "line 2: give both name and discriminator",
            ),
        ];
        for (text, expected) in cases {
            let err = read_desired(text.as_bytes()).unwrap_err();
            assert!(err.contains(expected), "{text:?}: {err}");
        }
    }

    #[test]
    fn the_largest_discord_id_is_read_exactly() {
        let desired = read_desired("account_id,team\n18446744073709551615,\n".as_bytes()).unwrap();
        assert_eq!(desired.entries()[0].account, u64::MAX);
    }
}
