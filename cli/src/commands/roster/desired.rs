//! Reading the desired roster a sync is given: a CSV file (or stdin), checked line by line
//! before anything is sent.

use std::io::Read;
use std::path::Path;

use polympics::{Error, TeamId};
use polympics_roster::{DesiredAccount, DesiredRoster};

use crate::failure::Failure;

/// The largest desired roster read, in bytes: a million rows and more.
pub const MAX_DESIRED_BYTES: u64 = 64 * 1024 * 1024;

/// How many mistakes of a file are listed before the rest are only counted.
const MAX_LISTED_MISTAKES: usize = 20;

/// What to do about a desired roster that cannot be read.
const FORMAT_HINT: &str = "a desired roster is a CSV file (UTF-8) with a header: account_id \
     and team (an exact team name, empty for no team), optionally name and discriminator (to \
     create missing accounts) and team_id; `polympics roster export` writes one";

/// Reads a desired roster from the file at `path`, or from stdin for `-`. A file that
/// cannot be read, or has mistakes, is a usage error (exit 2): nothing is sent.
pub fn read_desired_file(path: &Path) -> Result<DesiredRoster, Failure> {
    let mut bytes = Vec::new();
    let read = if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(MAX_DESIRED_BYTES + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_DESIRED_BYTES + 1).read_to_end(&mut bytes))
    };
    let name = if path == Path::new("-") {
        "stdin".to_owned()
    } else {
        path.display().to_string()
    };
    read.map_err(|err| Failure::file("read", path, err).usage_error())?;
    if bytes.len() as u64 > MAX_DESIRED_BYTES {
        return Err(Failure::usage(format!(
            "{name} is larger than {} MiB, too large for a desired roster",
            MAX_DESIRED_BYTES / 1024 / 1024
        )));
    }
    read_desired(&bytes).map_err(|mistakes| {
        let message = match mistakes.as_slice() {
            [one] => format!("{name}: {one}"),
            many => format!(
                "{name} has {} mistakes:\n  {}",
                many.len(),
                many.join("\n  ")
            ),
        };
        Failure::usage(message).hint(FORMAT_HINT)
    })
}

/// Reads a desired roster, or says every mistake in it (the first 20, then how many more),
/// each with its line.
///
/// The columns are found by their header: `account_id` and `team` (or `team_name`)
/// required; `name` (or `account_name`), `discriminator` and `team_id` optional; others
/// ignored. Spaces around a value are ignored; an empty team is no team; a team of only
/// spaces, a value with a line break or another control character, a team name over the
/// server's limit, an ID it cannot store, and a quote that is never closed are mistakes.
pub fn read_desired(input: &[u8]) -> Result<DesiredRoster, Vec<String>> {
    let input = input.strip_prefix(b"\xef\xbb\xbf").unwrap_or(input);
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let headers = csv
        .headers()
        .map_err(|err| vec![format!("the header could not be read: {err}")])?
        .clone();
    let column = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
    };
    let columns = Columns {
        account: column(&["account_id"]).ok_or_else(|| no_column("account_id"))?,
        team: column(&["team", "team_name"]).ok_or_else(|| no_column("team"))?,
        name: column(&["name", "account_name"]),
        discriminator: column(&["discriminator"]),
        team_id: column(&["team_id"]),
    };

    let mut desired = DesiredRoster::new();
    let mut mistakes = Vec::new();
    // Lines are counted from byte offsets: the csv crate's own count skips blank lines.
    let (mut counted_to, mut line) = (0, 1);
    let mut records = csv.byte_records().peekable();
    while let Some(record) = records.next() {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                mistakes.push(err.to_string());
                break;
            }
        };
        let mut start = record
            .position()
            .map_or(counted_to, |p| {
                usize::try_from(p.byte()).unwrap_or(usize::MAX)
            })
            .clamp(counted_to, input.len());
        // The position can be that of blank lines the reader skipped before the record.
        while matches!(input.get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        line += input[counted_to..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        counted_to = start;
        let last = records.peek().is_none();
        match entry(&record, &columns, line, last) {
            Ok(Some(entry)) => desired.push(entry),
            Ok(None) => {}
            Err(mistake) => mistakes.push(format!("line {line}: {mistake}")),
        }
    }
    match mistakes.len() {
        0 => Ok(desired),
        n if n > MAX_LISTED_MISTAKES => {
            mistakes.truncate(MAX_LISTED_MISTAKES);
            mistakes.push(format!("and {} more", n - MAX_LISTED_MISTAKES));
            Err(mistakes)
        }
        _ => Err(mistakes),
    }
}

/// Where each column is.
struct Columns {
    account: usize,
    team: usize,
    name: Option<usize>,
    discriminator: Option<usize>,
    team_id: Option<usize>,
}

fn no_column(name: &str) -> Vec<String> {
    vec![format!("the header has no {name} column")]
}

/// One row as an entry; `None` for a blank row. `last` says whether it ends the file, where
/// a value with a line break means a quote that was never closed.
fn entry(
    record: &csv::ByteRecord,
    columns: &Columns,
    line: u64,
    last: bool,
) -> Result<Option<DesiredAccount>, String> {
    let mut cells = Vec::with_capacity(record.len());
    for cell in record {
        let cell = std::str::from_utf8(cell)
            .map_err(|_| "it is not UTF-8 text (save the file as \"CSV UTF-8\")".to_owned())?;
        if cell.contains(['\n', '\r']) {
            return Err(if last {
                format!(
                    "a quote (\") opened on this line is never closed: the rest of the file \
                     would be one value, starting {}",
                    shown(cell)
                )
            } else {
                format!(
                    "the value {} spans several lines (a quote not closed where it should be?)",
                    shown(cell)
                )
            });
        }
        cells.push(cell);
    }
    let raw = |i: Option<usize>| i.and_then(|i| cells.get(i).copied()).unwrap_or("");
    let get = |i: Option<usize>| raw(i).trim();
    if cells.iter().all(|cell| cell.trim().is_empty()) {
        return Ok(None);
    }
    let id = get(Some(columns.account));
    let account: u64 = match id.parse() {
        Ok(account) => account,
        Err(_) if id.is_empty() => return Err("the account_id is empty".to_owned()),
        Err(_) if id.contains(['E', 'e', '.', ',']) => {
            return Err(format!(
                "the account_id {} is not a Discord ID: a spreadsheet showed it as a rounded \
                 number; format the column as text and enter the IDs again",
                shown(id)
            ))
        }
        Err(_) => {
            return Err(format!(
                "the account_id {} is not a Discord ID (a whole number)",
                shown(id)
            ))
        }
    };
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

/// A value as a message shows it: quoted, escaped, at most about 80 characters.
fn shown(value: &str) -> String {
    match value.char_indices().nth(80) {
        Some((cut, _)) => format!("{:?}…", &value[..cut]),
        None => format!("{value:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<DesiredRoster, Vec<String>> {
        read_desired(text.as_bytes())
    }

    #[test]
    fn reads_columns_by_header_in_any_order() {
        let text = "\u{feff}team,extra,account_id,discriminator,name\n\
                    Athens Owls,x,42,0001,Ajax\n\
                    ,y,43,,\n\
                    \n\
                    \" Spaced \",z,44,,\n";
        let desired = read(text).unwrap();
        let entries = desired.entries();
        assert_eq!(entries.len(), 3);
        assert_eq!(
            entries[0],
            DesiredAccount::new(42, Some("Athens Owls"))
                .create_as("Ajax", "0001")
                .at_line(2)
        );
        assert_eq!(entries[1], DesiredAccount::new(43, None).at_line(3));
        // Spaces around a value are not part of it.
        assert_eq!(
            entries[2],
            DesiredAccount::new(44, Some("Spaced")).at_line(5)
        );
    }

    #[test]
    fn an_export_reads_back_as_a_desired_roster() {
        let text = "account_id,name,discriminator,team_id,team,permissions\n\
                    800000000000000000,Achilles,0001,1,Athens Owls,32\n";
        let desired = read(text).unwrap();
        assert_eq!(
            desired.entries(),
            [
                DesiredAccount::new(800000000000000000u64, Some("Athens Owls"))
                    .create_as("Achilles", "0001")
                    .team_id(1)
                    .at_line(2)
            ]
        );
    }

    #[test]
    fn says_which_line_is_wrong() {
        let long = "t".repeat(10_000_000);
        let cases = [
            ("team\nA\n".to_owned(), "no account_id column"),
            ("account_id\n1\n".to_owned(), "no team column"),
            (
                "account_id,team\n1,A\nabc,B\n".to_owned(),
                "line 3: the account_id \"abc\" is not a Discord ID",
            ),
            ("account_id,team\n-1,A\n".to_owned(), "line 2"),
            (
                "account_id,team\n18446744073709551616,A\n".to_owned(),
                "line 2",
            ),
            (
                "account_id,team\n9223372036854775808,A\n".to_owned(),
                "line 2: invalid account_id: 9223372036854775808 is above",
            ),
            (
                "account_id,team\n8.00000000000001E+17,A\n".to_owned(),
                "line 2: the account_id \"8.00000000000001E+17\" is not a Discord ID: a \
                 spreadsheet",
            ),
            (
                "account_id,team,name\n1,A,Ajax\n".to_owned(),
                "line 2: give both name and discriminator",
            ),
            (
                "account_id,team\n1,A\n2,   \n".to_owned(),
                "line 3: the team is blank",
            ),
            (
                "account_id,team\n1,\"A\nB\"\n2,C\n".to_owned(),
                "line 2: the value \"A\\nB\" spans several lines",
            ),
            (
                "account_id,team\n1,A\n2,\"Owls\n3,B\n4,C\n".to_owned(),
                "line 3: a quote (\") opened on this line is never closed",
            ),
            (
                "account_id,team\n1,\"nul\0\"\n".to_owned(),
                "line 2: invalid team: \"nul\\0\" holds a control character",
            ),
            (
                format!("account_id,team\n1,{long}\n"),
                "line 2: invalid team: \"tttt",
            ),
            (
                "account_id,team,team_id\n1,A,x\n".to_owned(),
                "line 2: the team_id \"x\" is not a team ID",
            ),
        ];
        for (text, expected) in cases {
            let err = read(&text).unwrap_err().join("\n");
            assert!(
                err.contains(expected),
                "{:?}: {err}",
                &text[..text.len().min(60)]
            );
            assert!(err.len() < 400, "{}", err.len());
        }
    }

    #[test]
    fn text_that_is_not_utf8_is_refused() {
        let err = read_desired(b"account_id,team\n1,Caf\xe9\n").unwrap_err();
        assert_eq!(
            err,
            ["line 2: it is not UTF-8 text (save the file as \"CSV UTF-8\")"]
        );
    }

    #[test]
    fn many_mistakes_are_listed_then_counted() {
        let mut text = "account_id,team\n".to_owned();
        for i in 0..30 {
            text.push_str(&format!("x{i},A\n"));
        }
        let mistakes = read(&text).unwrap_err();
        assert_eq!(mistakes.len(), 21);
        assert_eq!(mistakes[20], "and 10 more");
    }

    #[test]
    fn the_largest_storable_discord_id_is_read_exactly() {
        let desired = read("account_id,team\n9223372036854775807,\n").unwrap();
        assert_eq!(desired.entries()[0].account, i64::MAX as u64);
    }
}
