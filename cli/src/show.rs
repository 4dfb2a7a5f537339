//! How the API's objects read in tables and records.

use polympics::{Account, App, Award, AwardDetails, Callback, Permissions, Team};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::output::Record;

/// The columns of an account listing.
pub const ACCOUNT_COLUMNS: [&str; 5] = ["ID", "NAME", "DISCRIMINATOR", "TEAM", "PERMISSIONS"];

/// The columns of a team listing.
pub const TEAM_COLUMNS: [&str; 4] = ["ID", "NAME", "MEMBERS", "AWARDS"];

/// An account as a row of [`ACCOUNT_COLUMNS`].
pub fn account_row(account: &Account) -> Vec<String> {
    vec![
        account.id.to_string(),
        account.name.clone(),
        account.discriminator.clone(),
        team_label(account.team.as_ref()),
        permissions(account.permissions),
    ]
}

/// An account, one field a line.
pub fn account_record(account: &Account) -> Record {
    Record::new()
        .field("id", account.id)
        .field("name", &account.name)
        .field("discriminator", &account.discriminator)
        .field("team", team_label(account.team.as_ref()))
        .field("permissions", permissions(account.permissions))
        .field("awards", awards(&account.awards))
        .field("avatar", account.avatar_url.as_deref().unwrap_or("-"))
        .field("created", timestamp(account.created_at))
}

/// A team as a row of [`TEAM_COLUMNS`].
pub fn team_row(team: &Team) -> Vec<String> {
    vec![
        team.id.to_string(),
        team.name.clone(),
        team.member_count.to_string(),
        awards(&team.awards),
    ]
}

/// A team, one field a line.
pub fn team_record(team: &Team) -> Record {
    Record::new()
        .field("id", team.id)
        .field("name", &team.name)
        .field("members", team.member_count)
        .field("awards", awards(&team.awards))
        .field("created", timestamp(team.created_at))
}

/// An award, one field a line.
pub fn award_record(award: &Award) -> Record {
    Record::new()
        .field("id", award.id)
        .field("title", &award.title)
        .field("image", &award.image_url)
}

/// An award with its holders and team, one field a line.
pub fn award_details_record(award: &AwardDetails) -> Record {
    let holders: Vec<String> = award
        .awardees
        .iter()
        .map(|a| format!("{} ({})", a.name, a.id))
        .collect();
    Record::new()
        .field("id", award.id)
        .field("title", &award.title)
        .field("image", &award.image_url)
        .field("team", team_label(award.team.as_ref()))
        .field("holders", list(holders))
}

/// An app, one field a line.
pub fn app_record(app: &App) -> Record {
    Record::new()
        .field("app", &app.name)
        .field("username", &app.username)
        .field("permissions", permissions(app.permissions))
}

/// A callback, one field a line.
pub fn callback_record(callback: &Callback) -> Record {
    Record::new()
        .field("id", callback.id)
        .field("event", callback.event)
        .field("url", &callback.url)
}

/// `Name (ID)`, or `-` for no team.
pub fn team_label(team: Option<&Team>) -> String {
    match team {
        Some(team) => format!("{} ({})", team.name, team.id),
        None => "-".to_owned(),
    }
}

/// The permission names, or `-` for none.
pub fn permissions(permissions: Permissions) -> String {
    if permissions.is_empty() {
        "-".to_owned()
    } else {
        permissions.to_string()
    }
}

fn awards(awards: &[Award]) -> String {
    list(awards.iter().map(|a| a.title.clone()).collect())
}

fn list(items: Vec<String>) -> String {
    if items.is_empty() {
        "-".to_owned()
    } else {
        items.join(", ")
    }
}

/// A timestamp as RFC 3339.
pub fn timestamp(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_else(|_| at.to_string())
}
