//! The desired roster's reader: columns by header in any order, every mistake with its
//! line, spreadsheets' CSV (other delimiters, other headers, notes over several lines).

use polympics_roster::{DesiredAccount, DesiredRoster, ReadOptions};

/// Reads `input` with the default options; a failure as its mistakes, one a line.
fn read_bytes(input: &[u8]) -> Result<DesiredRoster, Vec<String>> {
    DesiredRoster::from_csv(input, &ReadOptions::new()).map_err(|err| {
        let mut mistakes: Vec<String> = err.mistakes().iter().map(ToString::to_string).collect();
        if err.unlisted() > 0 {
            mistakes.push(format!("and {} more", err.unlisted()));
        }
        mistakes
    })
}

fn read(text: &str) -> Result<DesiredRoster, Vec<String>> {
    read_bytes(text.as_bytes())
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
    let err = read_bytes(b"account_id,team\n1,Caf\xe9\n").unwrap_err();
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

#[test]
fn a_spreadsheets_csv_reads_as_the_same_roster() {
    let ours = "account_id,team\n800000000000000000,Athens Owls\n42,\n";
    let european = "Discord ID;Team;Notes\n\
                    800000000000000000;Athens Owls;\"captain;\nsince 2021\"\n\
                    42;;\n";
    let tabs = "Name\tDiscord ID\tTeam\n\tAchilles is 800000000000000000\t\n";
    let entries = |desired: DesiredRoster| -> Vec<(u64, Option<String>)> {
        desired
            .entries()
            .iter()
            .map(|e| (e.account.0, e.team.clone()))
            .collect()
    };
    let expected = entries(read(ours).unwrap());
    assert_eq!(entries(read(european).unwrap()), expected);
    // A tab-separated sheet is found by its header too.
    let err = read(tabs).unwrap_err().join("\n");
    assert!(
        err.contains("line 2: the account_id \"Achilles is"),
        "{err}"
    );
}

#[test]
fn ignored_columns_may_hold_anything_but_a_swallowed_file_is_a_mistake() {
    // A note over several lines, a note that is not UTF-8: neither is read.
    let text = b"account_id,team,notes\n1,A,\"two\nlines\"\n2,B,caf\xe9\n";
    let desired = read_bytes(text).unwrap();
    assert_eq!(desired.entries().len(), 2);
    assert_eq!(desired.entries()[1].line, Some(4));
    // A quote never closed in a note swallows the rows after it: refused.
    let err = read("account_id,team,notes\n1,A,\"oops\n2,B,x\n3,C,y\n").unwrap_err();
    assert_eq!(err.len(), 1);
    assert!(err[0].starts_with("line 2: a quote (\") opened on this line is never closed"));
    // A row with only a note is no entry.
    let desired = read("account_id,team,notes\n,,just a note\n1,A,\n").unwrap();
    assert_eq!(desired.entries().len(), 1);
}

#[test]
fn columns_can_be_named_and_the_delimiter_given() {
    use polympics_roster::Field;
    let text = "Member|Squad\n7|Owls\n";
    let options = ReadOptions::new()
        .delimiter(b'|')
        .column(Field::AccountId, "member")
        .column(Field::Team, "Squad");
    let desired = DesiredRoster::from_csv(text.as_bytes(), &options).unwrap();
    assert_eq!(desired.entries()[0].team.as_deref(), Some("Owls"));
    let err = DesiredRoster::from_csv(text.as_bytes(), &ReadOptions::new().delimiter(b'|'))
        .unwrap_err()
        .to_string();
    assert!(err.contains("no account_id column"), "{err}");
    assert!(err.contains("--column account_id=HEADER"), "{err}");
}

/// The roster a sheet with "Discord ID" and "Team" headers gives, as (account, team).
#[cfg(feature = "sheets")]
fn pairs(desired: &DesiredRoster) -> Vec<(u64, Option<&str>)> {
    desired
        .entries()
        .iter()
        .map(|e| (e.account.0, e.team.as_deref()))
        .collect()
}

#[cfg(feature = "sheets")]
#[test]
fn an_xlsx_file_reads_as_its_csv_does_and_a_rounded_id_is_a_mistake() {
    use rust_xlsxwriter::Workbook;
    let sheet = |rounded: bool| -> Vec<u8> {
        let mut workbook = Workbook::new();
        let notes = workbook.add_worksheet();
        notes.set_name("Notes").unwrap();
        notes.write_string(0, 0, "not the roster").unwrap();
        let roster = workbook.add_worksheet();
        roster.set_name("Roster").unwrap();
        // The table starts at row 3, column B: the lines are the sheet's rows.
        for (column, header) in ["Discord ID", "Team", "Notes"].iter().enumerate() {
            roster.write_string(2, 1 + column as u16, *header).unwrap();
        }
        roster.write_string(3, 1, "800000000000000000").unwrap();
        roster.write_string(3, 2, "Sparta Shields").unwrap();
        roster.write_string(3, 3, "captain\nsince 2021").unwrap();
        roster.write_number(4, 1, 42.0).unwrap();
        if rounded {
            roster.write_number(5, 1, 800039595000000005.0).unwrap();
            roster.write_string(5, 2, "Athens Owls").unwrap();
        }
        workbook.save_to_buffer().unwrap()
    };
    let csv = read("Discord ID,Team\n800000000000000000,Sparta Shields\n42,\n").unwrap();
    let options = ReadOptions::new().sheet("Roster");
    let desired = DesiredRoster::read(&sheet(false), &options).unwrap();
    assert_eq!(pairs(&desired), pairs(&csv));
    assert_eq!(desired.entries()[1].line, Some(5));
    let err = DesiredRoster::read(&sheet(true), &options).unwrap_err();
    assert_eq!(err.mistakes().len(), 1);
    let mistake = err.mistakes()[0].to_string();
    assert!(
        mistake.starts_with(
            "line 6: the account_id \"8.00039595E17\" is not a Discord ID: a spreadsheet"
        ),
        "{mistake}"
    );
    // The first sheet by default, and a missing one named.
    let err = DesiredRoster::read(&sheet(false), &ReadOptions::new()).unwrap_err();
    assert!(err.to_string().contains("no account_id column"), "{err}");
    let err = DesiredRoster::read(&sheet(false), &ReadOptions::new().sheet("Members")).unwrap_err();
    assert!(
        err.to_string()
            .contains("no sheet named \"Members\"; its sheets are \"Notes\", \"Roster\""),
        "{err}"
    );
}

#[cfg(feature = "sheets")]
#[test]
fn an_ods_file_reads_as_its_csv_does() {
    let ods = include_bytes!("fixtures/desired.ods");
    let csv = read("Discord ID,Team\n800000000000000000,Sparta Shields\n42,\n").unwrap();
    let desired = DesiredRoster::read(ods, &ReadOptions::new().sheet("Roster")).unwrap();
    assert_eq!(pairs(&desired), pairs(&csv));
    assert_eq!(desired.entries()[0].line, Some(2));
}

#[test]
fn a_roster_published_at_a_url_reads_as_its_file_does() {
    use httpmock::prelude::*;
    let server = MockServer::start();
    let csv = "Discord ID;Team\n800000000000000000;Sparta Shields\n42;\n";
    server.mock(|when, then| {
        when.method(GET).path("/pub").query_param("output", "csv");
        then.status(200).body(csv);
    });
    server.mock(|when, then| {
        when.method(GET).path("/moved");
        then.status(302).header("Location", "/pub?output=csv");
    });
    server.mock(|when, then| {
        when.method(GET).path("/private");
        then.status(403).body("<html>sign in</html>");
    });
    let from_file = read(csv).unwrap();
    for path in ["/pub?output=csv", "/moved"] {
        let desired = DesiredRoster::fetch(&server.url(path), &ReadOptions::new()).unwrap();
        assert_eq!(desired, from_file, "{path}");
    }
    let err = DesiredRoster::fetch(&server.url("/private?key=secret"), &ReadOptions::new())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("/private: the server answered HTTP 403"),
        "{err}"
    );
    assert!(!err.contains("secret"), "{err}");
    let err = DesiredRoster::fetch("ftp://example.com/roster.csv", &ReadOptions::new())
        .unwrap_err()
        .to_string();
    assert!(err.contains("only https:// and http:// URLs"), "{err}");
}
