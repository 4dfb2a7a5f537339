//! Which column is which: found by the header's names (an export's, and those a
//! spreadsheet usually has, such as "Discord ID" and "Team"), or by a mapping the user
//! gives; and which delimiter a CSV file uses, found from its header.

use std::fmt;
use std::str::FromStr;

use super::mistake::Mistake;

/// A column a desired roster is read from.
///
/// ```
/// use polympics_roster::Field;
///
/// assert_eq!("account_id".parse::<Field>(), Ok(Field::AccountId));
/// assert_eq!(Field::Team.to_string(), "team");
/// assert!("teams".parse::<Field>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// The account's Discord ID (required).
    AccountId,
    /// The exact name of its team, empty for none (required).
    Team,
    /// The name to create a missing account with.
    Name,
    /// The discriminator to create a missing account with.
    Discriminator,
    /// The ID the team must have (an export's `team_id`).
    TeamId,
}

impl Field {
    /// Every field, in the order of an export's columns.
    pub const ALL: [Field; 5] = [
        Field::AccountId,
        Field::Name,
        Field::Discriminator,
        Field::TeamId,
        Field::Team,
    ];

    /// Its name, as an export's header writes it (`account_id`).
    pub fn as_str(self) -> &'static str {
        match self {
            Field::AccountId => "account_id",
            Field::Team => "team",
            Field::Name => "name",
            Field::Discriminator => "discriminator",
            Field::TeamId => "team_id",
        }
    }

    /// The headers that name it, normalized (see [`normalized`]), best first.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::AccountId => &[
                "account id",
                "discord id",
                "discord user id",
                "user id",
                "account",
                "discord",
                "id",
            ],
            Field::Team => &["team", "team name"],
            Field::Name => &["name", "account name", "username", "user name"],
            Field::Discriminator => &["discriminator"],
            Field::TeamId => &["team id"],
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of the [`Field`]s.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not a column of a desired roster: account_id, team, name, discriminator or team_id"
)]
pub struct UnknownField(String);

impl FromStr for Field {
    type Err = UnknownField;

    fn from_str(name: &str) -> Result<Field, UnknownField> {
        Field::ALL
            .into_iter()
            .find(|field| field.as_str() == name.trim())
            .ok_or_else(|| UnknownField(name.to_owned()))
    }
}

/// A header as it is compared: lower case, `_`, `-` and `.` as spaces, runs of white
/// space as one space, none around it.
pub(super) fn normalized(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace(['_', '-', '.'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where each column is.
#[derive(Debug)]
pub(super) struct Columns {
    pub(super) account: usize,
    pub(super) team: usize,
    pub(super) name: Option<usize>,
    pub(super) discriminator: Option<usize>,
    pub(super) team_id: Option<usize>,
}

impl Columns {
    /// Every column that is read.
    pub(super) fn used(&self) -> impl Iterator<Item = usize> + '_ {
        [
            Some(self.account),
            Some(self.team),
            self.name,
            self.discriminator,
            self.team_id,
        ]
        .into_iter()
        .flatten()
    }
}

/// The columns of `headers`: those `mapping` names by their header, the others by their
/// usual names.
pub(super) fn find(headers: &[&str], mapping: &[(Field, String)]) -> Result<Columns, Mistake> {
    let normal: Vec<String> = headers.iter().map(|h| normalized(h)).collect();
    let column = |field: Field| -> Result<Option<usize>, Mistake> {
        if let Some((_, header)) = mapping.iter().rev().find(|(f, _)| *f == field) {
            let exact = headers.iter().position(|h| h.trim() == header.trim());
            let found = exact.or_else(|| normal.iter().position(|h| *h == normalized(header)));
            return found.map(Some).ok_or_else(|| {
                Mistake::at(
                    1,
                    format!(
                        "the header has no column {header:?} (for {field}); its columns are {}",
                        listed(headers)
                    ),
                )
            });
        }
        for alias in field.aliases() {
            let matching: Vec<usize> = (0..normal.len()).filter(|&i| normal[i] == *alias).collect();
            match matching[..] {
                [] => {}
                [one] => return Ok(Some(one)),
                _ => {
                    return Err(Mistake::at(
                        1,
                        format!(
                            "{} columns could be the {field} column ({}): say which with \
                             --column {field}=HEADER",
                            matching.len(),
                            listed(&matching.iter().map(|&i| headers[i]).collect::<Vec<_>>())
                        ),
                    ))
                }
            }
        }
        Ok(None)
    };
    let required = |field: Field| -> Result<usize, Mistake> {
        column(field)?.ok_or_else(|| {
            Mistake::at(
                1,
                format!(
                    "the header has no {field} column (its columns are {}): name it {field}, \
                     or say which it is with --column {field}=HEADER",
                    listed(headers)
                ),
            )
        })
    };
    Ok(Columns {
        account: required(Field::AccountId)?,
        team: required(Field::Team)?,
        name: column(Field::Name)?,
        discriminator: column(Field::Discriminator)?,
        team_id: column(Field::TeamId)?,
    })
}

/// Headers as a message lists them: quoted, at most ten.
fn listed(headers: &[&str]) -> String {
    let mut shown: Vec<String> = headers
        .iter()
        .take(10)
        .map(|h| super::entries::shown(h.trim()))
        .collect();
    if headers.len() > 10 {
        shown.push(format!("and {} more", headers.len() - 10));
    }
    shown.join(", ")
}

/// The delimiters a CSV file may use: a comma, a semicolon (a spreadsheet's CSV where the
/// comma is the decimal mark), a tab.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// The delimiter of `input`: the first whose header has the columns needed (by name or
/// by `mapping`), or else the one that splits the header into the most columns.
pub(super) fn sniff_delimiter(input: &[u8], mapping: &[(Field, String)]) -> u8 {
    let header = |delimiter: u8| -> Option<Vec<String>> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(input);
        let record = reader.records().next()?.ok()?;
        Some(record.iter().map(str::to_owned).collect())
    };
    let mut widest = (0, DELIMITERS[0]);
    for delimiter in DELIMITERS {
        let Some(headers) = header(delimiter) else {
            continue;
        };
        let names: Vec<&str> = headers.iter().map(String::as_str).collect();
        if find(&names, mapping).is_ok() {
            return delimiter;
        }
        if names.len() > widest.0 {
            widest = (names.len(), delimiter);
        }
    }
    widest.1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(headers: &[&str]) -> Result<Columns, String> {
        find(headers, &[]).map_err(|m| m.to_string())
    }

    #[test]
    fn a_spreadsheets_usual_headers_are_understood() {
        let found = columns(&["Name", "Discord ID", "Team", "Notes"]).unwrap();
        assert_eq!((found.account, found.team, found.name), (1, 2, Some(0)));
        let found = columns(&["ID", "TEAM NAME", "Team-ID"]).unwrap();
        assert_eq!((found.account, found.team, found.team_id), (0, 1, Some(2)));
        // The best name wins: "Discord ID" over a row number's "ID".
        let found = columns(&["ID", "Discord ID", "Team"]).unwrap();
        assert_eq!(found.account, 1);
    }

    #[test]
    fn two_columns_for_one_field_or_none_are_mistakes() {
        let err = columns(&["account_id", "Team", "team"]).unwrap_err();
        assert!(err.contains("2 columns could be the team column"), "{err}");
        let err = columns(&["Discord", "Notes"]).unwrap_err();
        assert!(
            err.starts_with("line 1: the header has no team column"),
            "{err}"
        );
        assert!(err.contains("\"Discord\", \"Notes\""), "{err}");
    }

    #[test]
    fn a_mapping_names_the_header_of_a_field() {
        let mapping = [
            (Field::AccountId, "Member".to_owned()),
            (Field::Team, "Squad".to_owned()),
        ];
        let found = find(&["Squad", "Member", "Team"], &mapping).unwrap();
        assert_eq!((found.account, found.team), (1, 0));
        let err = find(&["Member"], &mapping).unwrap_err().to_string();
        assert!(err.contains("no column \"Squad\" (for team)"), "{err}");
    }

    #[test]
    fn the_delimiter_is_the_one_whose_header_has_the_columns() {
        assert_eq!(sniff_delimiter(b"account_id;team\n1;A,B\n", &[]), b';');
        assert_eq!(sniff_delimiter(b"account_id\tteam\n", &[]), b'\t');
        assert_eq!(sniff_delimiter(b"account_id,team;x\n", &[]), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n", &[]), b';');
    }
}
