//! Reliability against the real server (see `tests/polympics/common/live.rs` for how to run):
//! calls right after a 500, literal searches, and input refused before sending.

use crate::common;

use std::time::Duration;

use common::live::{live, run_prefix, WHY};
use polympics::{AppClient, Credentials, Error, NewAward, RetryPolicy};

fn app(retry: RetryPolicy) -> AppClient {
    let live = live();
    common::configure(&live.url, |url| AppClient::builder(url, live.app))
        .timeout(Duration::from_secs(10))
        .retry(retry)
        .build()
        .unwrap()
}

#[test]
#[ignore = "needs a live server: see tests/polympics/common/live.rs"]
fn every_call_after_a_500_succeeds_30_rounds() {
    let _ = WHY;
    let prefix = run_prefix();
    for retry in [RetryPolicy::none(), RetryPolicy::new()] {
        let app = app(retry);
        // A team an award belongs to: the server answers its deletion with a 500.
        let team = app.create_team(format!("{prefix} kept")).unwrap();
        let award = app
            .create_award(NewAward::new("Kept", "https://example.com/k.png", &team))
            .unwrap();
        for round in 0..30 {
            let err = app.delete_team(&team).unwrap_err();
            assert_eq!(err.code(), Some(500), "round {round}: {err}");
            assert!(err.to_string().contains("still has 1 award"), "{err}");
            app.get_team(&team)
                .unwrap_or_else(|e| panic!("round {round}: GET after a 500: {e}"));
            let created = app
                .create_team(format!("{prefix} round {round}"))
                .unwrap_or_else(|e| panic!("round {round}: POST after a 500: {e}"));
            // A POST right after the 500 too: the Discord login the server fails on.
            let err = app.discord_authenticate("html-token").unwrap_err();
            assert_eq!(err.code(), Some(500), "round {round}: {err}");
            app.delete_team(&created)
                .unwrap_or_else(|e| panic!("round {round}: DELETE after a 500: {e}"));
        }
        // No write was sent twice: exactly one team of each round, all deleted again.
        let left = app
            .list_teams()
            .search_literal(format!("{prefix} round"))
            .get_page(0)
            .unwrap();
        assert_eq!(left.results, 0);
        app.delete_award(&award).unwrap();
        app.delete_team(&team).unwrap();
    }
}

#[test]
#[ignore = "needs a live server: see tests/polympics/common/live.rs"]
fn literal_search_finds_backslashes_percents_and_underscores() {
    let app = app(RetryPolicy::new());
    let prefix = run_prefix();
    let names = [
        "back\\slash",
        "backXslash",
        "100% sure",
        "100 sure",
        "under_score",
        "underXscore",
    ];
    let teams: Vec<_> = names
        .iter()
        .map(|name| app.create_team(format!("{prefix} {name}")).unwrap())
        .collect();
    let found = |text: &str, literal: bool| -> Vec<String> {
        let query = app.list_teams().per_page(100);
        let query = if literal {
            query.search_literal(format!("{prefix} {text}"))
        } else {
            query.search(format!("{prefix} {text}"))
        };
        let mut names: Vec<String> = query
            .into_iter()
            .map(|team| team.unwrap().name[prefix.len() + 1..].to_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(found("back\\slash", true), ["back\\slash"]);
    assert_eq!(found("100%", true), ["100% sure"]);
    assert_eq!(found("under_", true), ["under_score"]);
    assert_eq!(found("%", true), Vec::<String>::new());
    // The same text as a pattern: wildcards, and a backslash that escapes.
    assert_eq!(found("under_", false), ["underXscore", "under_score"]);
    assert_eq!(found("100%", false), ["100 sure", "100% sure"]);
    assert_eq!(found("back\\slash", false), Vec::<String>::new());
    for team in &teams {
        app.delete_team(team).unwrap();
    }
}

#[test]
#[ignore = "needs a live server: see tests/polympics/common/live.rs"]
fn what_the_server_cannot_store_is_refused_before_sending() {
    let app = app(RetryPolicy::none());
    for err in [
        app.create_team("a\0b").unwrap_err(),
        app.list_teams().search("a\0b").get_page(0).unwrap_err(),
        app.create_callback(
            polympics::EventType::AccountTeamUpdate,
            "https://example.com/hook",
            "s".repeat(2048),
        )
        .unwrap_err(),
    ] {
        assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
        assert_eq!(err.attempts(), 0);
    }
}

#[test]
#[ignore = "needs a live server: see tests/polympics/common/live.rs"]
fn wrong_credentials_and_wrong_paths_say_so() {
    let live = live();
    let wrong = common::app_as(
        &live.url,
        Credentials::new(live.app.username(), "wrong-token"),
    );
    assert_eq!(wrong.check_credentials().unwrap(), None);
    let err = wrong.create_team("x").unwrap_err();
    assert_eq!(err.code(), Some(403));
    assert!(err.to_string().contains("check_credentials()"), "{err}");
    assert!(app(RetryPolicy::none())
        .check_credentials()
        .unwrap()
        .is_some());

    let misplaced = common::anon(&format!("{}/api/v1", live.url));
    let err = misplaced.get_team(1).unwrap_err();
    assert!(matches!(err, Error::UnknownEndpoint { .. }), "{err:?}");
    assert!(!err.is_not_found());
}
