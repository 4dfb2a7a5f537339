//! Snapshots: the live league taken, with a progress bar on a terminal, and one saved
//! earlier loaded.

use std::path::Path;

use polympics::AnyClient;
use polympics_roster::{FetchProgress, Listed, Roster, SNAPSHOT_PER_PAGE};

use super::progress::Progress;
use crate::failure::Failure;

/// The live league, with a progress bar on a terminal.
pub fn fetch(client: &AnyClient) -> polympics_roster::Result<Roster> {
    let mut progress = Progress::new();
    progress.start("teams");
    let roster = Roster::fetch_with(client, SNAPSHOT_PER_PAGE, |p: &FetchProgress| {
        let what = match p.listing {
            Listed::Teams => "teams",
            _ => "accounts",
        };
        // A read again (the league changed meanwhile) starts its bars anew.
        let phase = match p.read {
            1 => what.to_owned(),
            read => format!("{what} ({read})"),
        };
        progress.update(&phase, p.fetched, p.total);
    })?;
    progress.finish();
    log::info!(
        "snapshot of {}: {} teams, {} accounts",
        client.base_url(),
        roster.teams().len(),
        roster.accounts().len()
    );
    let changed = roster.changed_while_read();
    if !changed.is_empty() {
        let shown: Vec<String> = changed.iter().take(10).map(ToString::to_string).collect();
        let more = match changed.len() {
            0..=10 => String::new(),
            n => format!(" and {} more", n - 10),
        };
        log::warn!(
            "the league kept changing while it was read: {} accounts listed by only one of \
             its last two reads were fetched one by one ({}{more}); every other account is \
             as both reads listed it",
            changed.len(),
            shown.join(", ")
        );
    }
    Ok(roster)
}

/// A snapshot saved by `roster export --format json`.
pub fn load(path: &Path) -> Result<Roster, Failure> {
    let file = std::fs::File::open(path).map_err(|err| Failure::file("read", path, err))?;
    serde_json::from_reader(std::io::BufReader::new(file)).map_err(|err| {
        Failure::usage(format!(
            "{} is not a roster snapshot: {err}",
            path.display()
        ))
        .hint("make one with `polympics roster export --format json > FILE.json`")
    })
}
