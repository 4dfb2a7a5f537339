//! A cron-style roster export: every team with its members, as CSV on stdout, progress on
//! stderr.
//!
//! ```text
//! cargo run --example roster          # an embedded demo league
//! POLYMPICS_URL=https://api.polytopia.fun cargo run --example roster > roster.csv
//! ```
//!
//! Environment:
//! - `POLYMPICS_URL`: the API's base URL. Unset, the example starts the crate's in-memory
//!   test server with a demo league.
//! - `POLYMPICS_USER` and `POLYMPICS_PASSWORD` (optional): credentials of an app (`A<n>`) or
//!   a user session (`S<n>`). Reading needs none.
//!
//! Cost: every account carries its team, so the export lists all accounts once and all
//! teams once, `ceil(accounts / 500) + ceil(teams / 500)` requests in all, instead of one
//! listing per team.

use std::collections::HashMap;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use polympics::{
    Account, AppClient, AuthKind, Client, CredentialKind, TeamId, UnauthenticatedClient, UserClient,
};

mod common;

const PER_PAGE: u64 = 500;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("roster: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let backend = common::Backend::from_env()?;
    let url = backend.url.as_str();
    match backend.credentials.clone() {
        Some(creds) if creds.kind() == CredentialKind::Session => export(
            &UserClient::builder(creds)
                .base_url(url)
                .user_agent("roster-export")
                .build()?,
        ),
        Some(creds) => export(
            &AppClient::builder(creds)
                .base_url(url)
                .user_agent("roster-export")
                .build()?,
        ),
        None => export(
            &UnauthenticatedClient::builder()
                .base_url(url)
                .user_agent("roster-export")
                .build()?,
        ),
    }
}

/// Writes the roster of the server behind `client` to stdout.
fn export<A: AuthKind>(client: &Client<A>) -> Result<(), Box<dyn std::error::Error>> {
    eprintln!("roster: reading accounts from {}", client.base_url());
    let mut members: HashMap<TeamId, Vec<Account>> = HashMap::new();
    let mut teamless = Vec::new();
    let mut accounts = client.list_accounts().per_page(PER_PAGE).into_iter();
    let mut count = 0u64;
    while let Some(account) = accounts.next() {
        let account = account?;
        count += 1;
        if count.is_multiple_of(PER_PAGE) {
            eprintln!(
                "roster: {count} of {} accounts",
                accounts.total().unwrap_or(count)
            );
        }
        match &account.team {
            Some(team) => members.entry(team.id).or_default().push(account),
            None => teamless.push(account),
        }
    }
    eprintln!("roster: {count} accounts; reading teams");

    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    writeln!(
        out,
        "team_id,team_name,account_id,account_name,discriminator,permissions"
    )?;
    let mut teams = 0;
    for team in client.list_teams().per_page(PER_PAGE) {
        let team = team?;
        teams += 1;
        let team_id = team.id.to_string();
        match members.remove(&team.id) {
            Some(accounts) => {
                for account in &accounts {
                    write_row(&mut out, &team_id, &team.name, Some(account))?;
                }
            }
            None => write_row(&mut out, &team_id, &team.name, None)?,
        }
    }
    // Accounts whose team appeared after the team listing was read, then the teamless.
    for account in members.into_values().flatten().chain(teamless) {
        let (id, name) = account
            .team
            .as_ref()
            .map(|team| (team.id.to_string(), team.name.clone()))
            .unwrap_or_default();
        write_row(&mut out, &id, &name, Some(&account))?;
    }
    out.flush()?;
    eprintln!("roster: {teams} teams written");
    Ok(())
}

fn write_row(
    out: &mut impl Write,
    team_id: &str,
    team_name: &str,
    account: Option<&Account>,
) -> io::Result<()> {
    let (id, name, discriminator, permissions) = match account {
        Some(a) => (
            a.id.to_string(),
            a.name.as_str(),
            a.discriminator.as_str(),
            a.permissions.bits().to_string(),
        ),
        None => (String::new(), "", "", String::new()),
    };
    writeln!(
        out,
        "{},{},{},{},{},{}",
        team_id,
        csv(team_name),
        id,
        csv(name),
        csv(discriminator),
        permissions
    )
}

/// Quotes a CSV field when it holds a comma, a quote or a line break.
fn csv(field: &str) -> std::borrow::Cow<'_, str> {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\"")).into()
    } else {
        field.into()
    }
}
