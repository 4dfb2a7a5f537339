//! Rosters as a spreadsheet (`roster export --format xlsx`, by `rust_xlsxwriter`): the
//! export's columns and order, IDs as text so that no spreadsheet rounds them, and a file
//! that `roster apply` reads back.

use std::io::{self, Write};

use polympics_roster::Roster;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::csv::{Groups, EXPORT_COLUMNS};

/// Writes `roster` as an `.xlsx` file: one sheet, "Roster", with the CSV export's header and
/// rows (grouped by team as it is); `account_id` as text (18 digits are more than a number
/// cell holds exactly), `team_id` and `permissions` as numbers; the header bold and frozen.
pub fn write_xlsx(roster: &Roster, mut out: impl Write) -> io::Result<()> {
    let bytes = workbook(roster).map_err(io::Error::other)?;
    out.write_all(&bytes)?;
    out.flush()
}

fn workbook(roster: &Roster) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Roster")?;
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    for (column, name) in EXPORT_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *name, &bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    // IDs typed into the sheet later stay text, as the exported ones are.
    sheet.set_column_format(0, &text)?;
    // Each group's rows start after the groups before it: the accounts are written in the
    // roster's order, each at the next row of its group.
    let groups = Groups::of(roster);
    let mut next_row: Vec<u32> = groups
        .sizes
        .iter()
        .scan(1u32, |row, &size| {
            let start = *row;
            *row = row.saturating_add(size as u32);
            Some(start)
        })
        .collect();
    for (account, &group) in roster.accounts().zip(&groups.of_account) {
        let group = group as usize;
        let row = next_row[group];
        next_row[group] += 1;
        sheet.write_string_with_format(row, 0, account.id().to_string(), &text)?;
        sheet.write_string(row, 1, account.name())?;
        sheet.write_string(row, 2, account.discriminator())?;
        if let Some(team) = groups.teams.get(group) {
            sheet.write_number(row, 3, team.id().0 as f64)?;
            sheet.write_string(row, 4, team.name())?;
        }
        sheet.write_number(row, 5, f64::from(account.permissions().bits()))?;
    }
    sheet.autofit();
    workbook.save_to_buffer()
}
