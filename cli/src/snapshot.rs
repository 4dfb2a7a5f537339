//! Taking a snapshot of the live league, with a progress bar on a terminal.

use polympics::roster::{FetchProgress, Listed, Roster, SNAPSHOT_PER_PAGE};
use polympics::AnyClient;

use crate::failure::Failure;
use crate::progress::Progress;

/// The live league, with a progress bar on a terminal.
pub fn fetch(client: &AnyClient) -> Result<Roster, Failure> {
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
    Ok(roster)
}
