//! `roster::Journal`: a watch's state across restarts. Events recorded after the snapshot
//! are replayed (a last line cut short by a kill is not), a log left by an older snapshot
//! is ignored and removed, the files are the owner's only, and a write that fails leaves
//! nothing beside the snapshot.

use std::path::{Path, PathBuf};

use polympics::webhooks::account_team_update;
use polympics::{AccountTeamUpdateEvent, AccountUpdate, TeamId};
use polympics_roster::{Journal, JournalError, Origin, Roster, Watch};

use super::{give_up_later, league, moves, registered_listener, ACHILLES, LONG};

/// A folder of the test's own, removed when dropped.
struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let dir = std::env::temp_dir().join(format!("polympics-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Dir(dir)
    }

    fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn beside(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

/// The event the server would send for `account` as it is now.
fn event_of(app: &polympics::AppClient, account: polympics::AccountId) -> AccountTeamUpdateEvent {
    let account = app.get_account(account).unwrap();
    account_team_update(serde_json::json!({"account": &account, "team": &account.team}).to_string())
        .unwrap()
}

#[test]
fn a_watch_keeps_its_journal_and_a_restart_resumes_from_it() {
    let (_server, app) = league();
    let dir = Dir::new("journal-resume");
    let path = dir.file("league.json");
    {
        let mut watch = Watch::new(&app)
            .every(LONG)
            .journal(Journal::open(&path).unwrap())
            .listen(registered_listener(&app))
            .unwrap();
        give_up_later(&watch);
        assert_eq!(watch.next().unwrap().unwrap().origin, Origin::FirstRead);
        watch.commit().unwrap();
        app.update_account(ACHILLES, AccountUpdate::new().team(TeamId(3)))
            .unwrap();
        let batch = watch.next().unwrap().unwrap();
        assert_eq!(moves(&batch), [(ACHILLES, TeamId(3))]);
        watch.commit().unwrap();
        // Recorded as an event after the snapshot, which is not written again for it.
        let events = std::fs::read_to_string(beside(&path, ".events")).unwrap();
        assert_eq!(events.lines().count(), 2, "{events}");
        let saved: Roster = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(saved.account(ACHILLES).unwrap().team_id(), Some(TeamId(1)));
        // Dropped without a stop: as if killed.
    }
    let journal = Journal::open(&path).unwrap();
    assert!(journal.has_events());
    let kept = journal.roster().unwrap();
    assert_eq!(kept.account(ACHILLES).unwrap().team_id(), Some(TeamId(3)));

    // Resumed, it yields only what changed since, and a stop folds the events in.
    app.update_account(ACHILLES, AccountUpdate::new().team(TeamId(2)))
        .unwrap();
    let mut watch = Watch::new(&app).every(LONG).journal(journal);
    let batch = watch.next().unwrap().unwrap();
    assert_eq!(batch.origin, Origin::FirstRead);
    assert_eq!(moves(&batch), [(ACHILLES, TeamId(2))]);
    watch.cancel_token().cancel();
    assert!(watch.next().is_none());
    assert!(!beside(&path, ".events").exists());
    let saved: Roster = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(saved.account(ACHILLES).unwrap().team_id(), Some(TeamId(2)));
}

#[test]
fn a_last_line_cut_short_is_not_replayed_and_a_log_of_an_older_snapshot_is_dropped() {
    let (_server, app) = league();
    let dir = Dir::new("journal-torn");
    let path = dir.file("league.json");
    let before = Roster::fetch(&app).unwrap();
    std::fs::write(&path, serde_json::to_vec(&before).unwrap()).unwrap();
    app.update_account(ACHILLES, AccountUpdate::new().team(TeamId(4)))
        .unwrap();
    let event = serde_json::to_string(&event_of(&app, ACHILLES)).unwrap();
    let follows = before.taken_at().unix_timestamp_nanos() / 1000;
    let log = beside(&path, ".events");
    std::fs::write(&log, format!("{{\"follows\":{follows}}}\n{event}\n{{\"acc")).unwrap();
    let journal = Journal::open(&path).unwrap();
    let kept = journal.roster().unwrap();
    assert_eq!(kept.account(ACHILLES).unwrap().team_id(), Some(TeamId(4)));

    // The same log after another snapshot: not its events.
    std::fs::write(&log, format!("{{\"follows\":{}}}\n{event}\n", follows - 1)).unwrap();
    let journal = Journal::open(&path).unwrap();
    assert_eq!(
        journal
            .roster()
            .unwrap()
            .account(ACHILLES)
            .unwrap()
            .team_id(),
        Some(TeamId(1))
    );
    assert!(!log.exists());
}

#[test]
fn a_line_in_the_middle_that_is_not_an_event_is_refused() {
    let (_server, app) = league();
    let dir = Dir::new("journal-invalid");
    let path = dir.file("league.json");
    let before = Roster::fetch(&app).unwrap();
    std::fs::write(&path, serde_json::to_vec(&before).unwrap()).unwrap();
    let follows = before.taken_at().unix_timestamp_nanos() / 1000;
    let event = serde_json::to_string(&event_of(&app, ACHILLES)).unwrap();
    std::fs::write(
        beside(&path, ".events"),
        format!("{{\"follows\":{follows}}}\nnot an event\n{event}\n"),
    )
    .unwrap();
    let err = Journal::open(&path).unwrap_err();
    assert!(matches!(err, JournalError::Invalid { .. }), "{err:?}");
    assert!(err.to_string().contains("league.json.events"), "{err}");

    std::fs::write(&path, "{\"teams\": 3}").unwrap();
    let err = Journal::open(&path).unwrap_err();
    assert!(matches!(err, JournalError::Invalid { .. }), "{err:?}");
}

#[test]
fn its_files_are_the_owner_s_only_and_a_failed_write_leaves_nothing_beside() {
    use std::os::unix::fs::PermissionsExt;
    let (_server, app) = league();
    let dir = Dir::new("journal-files");
    let path = dir.file("league.json");
    let listener = registered_listener(&app);
    let mut watch = Watch::new(&app)
        .every(LONG)
        .journal(Journal::open(&path).unwrap())
        .listen(listener)
        .unwrap();
    give_up_later(&watch);
    watch.next().unwrap().unwrap();
    watch.commit().unwrap();
    app.update_account(ACHILLES, AccountUpdate::new().team(TeamId(3)))
        .unwrap();
    watch.next().unwrap().unwrap();
    watch.commit().unwrap();
    for file in [path.clone(), beside(&path, ".events")] {
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{}: {mode:o}", file.display());
    }
    drop(watch);

    // A snapshot that cannot be replaced (a folder now stands where it goes): the error
    // says which file, no PATH.tmp is left, and the watch goes on; once the way is clear,
    // the stop writes the whole league.
    let blocked = dir.file("blocked.json");
    let mut watch = Watch::new(&app)
        .every(LONG)
        .journal(Journal::open(&blocked).unwrap());
    give_up_later(&watch);
    watch.next().unwrap().unwrap();
    std::fs::create_dir(&blocked).unwrap();
    let err = watch.commit().unwrap_err();
    assert!(err.to_string().contains("blocked.json"), "{err}");
    assert!(err.is_transient());
    let left: Vec<_> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    std::fs::remove_dir(&blocked).unwrap();
    watch.cancel_token().cancel();
    assert!(watch.next().is_none());
    let saved: Roster = serde_json::from_slice(&std::fs::read(&blocked).unwrap()).unwrap();
    assert_eq!(saved.accounts().len(), 36);
}
