//! Listings: request counts, stopping after errors, query parameters and encoding.

use crate::common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::*;
use httpmock::{HttpMockRequest, HttpMockResponse};
use polympics::{Error, TeamId};
use serde_json::json;

/// Serves `/teams/search` over `total` generated teams, paginated like the real server
/// (`pages = ceil(results / per_page)`, pages past the end empty), and counts requests.
fn team_server(total: u64) -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start();
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    server.mock(move |when, then| {
        when.method(GET).path("/teams/search");
        then.respond_with(move |req: &HttpMockRequest| {
            counter.fetch_add(1, Ordering::SeqCst);
            let param = |name: &str| {
                req.uri()
                    .query()
                    .unwrap_or("")
                    .split('&')
                    .find_map(|kv| kv.strip_prefix(&format!("{name}=")).map(str::to_owned))
            };
            let page: u64 = param("page").map_or(0, |p| p.parse().unwrap());
            let per_page: u64 = param("per_page").map_or(20, |p| p.parse().unwrap());
            let start = page * per_page;
            let data: Vec<_> = (start..total.min(start + per_page))
                .map(|i| {
                    json!({"id": i + 1, "name": format!("team {i:04}"), "created_at": 1795778980.5,
                           "member_count": 0, "awards": []})
                })
                .collect();
            let body = json!({
                "page": page, "per_page": per_page, "pages": total.div_ceil(per_page),
                "results": total, "data": data,
            });
            HttpMockResponse::builder()
                .status(200)
                .header("content-type", "application/json")
                .body(body.to_string())
                .build()
        });
    });
    (server, calls)
}

fn count_listing(total: u64, per_page: u64) -> (usize, usize) {
    let (server, calls) = team_server(total);
    let teams: Vec<_> = anon(&server)
        .list_teams()
        .per_page(per_page)
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    let ids: Vec<u64> = teams.iter().map(|t| u64::from(t.id)).collect();
    assert_eq!(ids, (1..=total).collect::<Vec<_>>());
    (teams.len(), calls.load(Ordering::SeqCst))
}

#[test]
fn request_counts() {
    // (results, per_page) -> one request per page, and one for an empty listing.
    assert_eq!(count_listing(0, 20), (0, 1));
    assert_eq!(count_listing(1, 20), (1, 1));
    assert_eq!(count_listing(20, 20), (20, 1));
    assert_eq!(count_listing(40, 20), (40, 2));
    assert_eq!(count_listing(47, 20), (47, 3));
    assert_eq!(count_listing(1000, 100), (1000, 10));
    assert_eq!(count_listing(7, 1), (7, 7));
}

#[test]
fn nothing_is_fetched_before_iterating_and_pages_are_fetched_lazily() {
    let (server, calls) = team_server(45);
    let mut listing = anon(&server).list_teams().per_page(20).into_iter();
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    assert_eq!(listing.size_hint(), (0, None));
    assert_eq!(listing.next().unwrap().unwrap().id, 1);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(listing.total(), Some(45));
    assert_eq!(listing.size_hint(), (19, Some(44)));
    let first_page: Vec<_> = listing.by_ref().take(19).collect();
    assert_eq!(first_page.len(), 19);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(listing.next().unwrap().unwrap().id, 21);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(listing.size_hint(), (19, Some(24)));
    assert_eq!(listing.count(), 24);
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[test]
fn start_page_skips_pages() {
    let (server, calls) = team_server(45);
    let ids: Vec<u64> = anon(&server)
        .list_teams()
        .per_page(20)
        .start_page(2)
        .into_iter()
        .map(|t| u64::from(t.unwrap().id))
        .collect();
    assert_eq!(ids, (41..=45).collect::<Vec<_>>());
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[test]
fn pages_view_yields_whole_pages() {
    let (server, calls) = team_server(45);
    let pages: Vec<_> = anon(&server)
        .list_teams()
        .per_page(20)
        .pages()
        .collect::<Result<_, _>>()
        .unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.data.len()).collect();
    assert_eq!(sizes, [20, 20, 5]);
    assert!(pages[2].is_last());
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    let (server, calls) = team_server(0);
    let pages: Vec<_> = anon(&server).list_teams().pages().collect();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].as_ref().unwrap().results, 0);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[test]
fn an_error_is_yielded_once_and_ends_the_iteration() {
    let server = MockServer::start();
    let page0 = server.mock(|when, then| {
        when.method(GET)
            .path("/teams/search")
            .query_param("page", "0");
        then.status(200)
            .header("content-type", "application/json")
            .body(
                json!({"page":0,"per_page":2,"pages":3,"results":6,"data":[
                    {"id":1,"name":"a","created_at":1.5,"member_count":0,"awards":[]},
                    {"id":2,"name":"b","created_at":1.5,"member_count":0,"awards":[]}
                ]})
                .to_string(),
            );
    });
    let page1 = server.mock(|when, then| {
        when.method(GET)
            .path("/teams/search")
            .query_param("page", "1");
        then.status(502)
            .header("content-type", "text/html")
            .body("<html>Bad Gateway</html>");
    });
    let mut listing = anon(&server).list_teams().per_page(2).into_iter();
    assert!(listing.next().unwrap().is_ok());
    assert!(listing.next().unwrap().is_ok());
    let err = listing.next().unwrap().unwrap_err();
    assert_eq!(err.code(), Some(502));
    assert!(listing.next().is_none());
    assert!(listing.next().is_none());
    assert_eq!(listing.size_hint(), (0, Some(0)));
    page0.assert_calls(1);
    page1.assert_calls(1);

    // The pattern that loops forever with SDKs that retry the failed page on every next().
    let mut seen = 0;
    for team in anon(&server).list_teams().per_page(2) {
        if team.is_err() {
            continue;
        }
        seen += 1;
    }
    assert_eq!(seen, 2);
    page1.assert_calls(2);
}

#[test]
fn collect_stops_at_the_first_error() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/accounts/search");
        replay(then, wire("account search team=0"));
    });
    let result: Result<Vec<_>, Error> = anon(&server)
        .list_accounts()
        .team(TeamId(0))
        .into_iter()
        .collect();
    assert!(result.unwrap_err().is_not_found());
}

#[test]
fn search_and_team_parameters_are_sent() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        as_app(when.method(GET).path("/accounts/search"))
            .query_param("q", "car")
            .query_param("team", "1")
            .query_param("page", "0")
            .query_param("per_page", "100");
        replay(then, wire("account search team=1&q=car"));
    });
    let app = app(&server);
    let team: polympics::Team = serde_json::from_str(&wire("get team 1").response_body).unwrap();
    let accounts: Vec<_> = app
        .list_accounts()
        .search("car")
        .team(&team)
        .per_page(100)
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    mock.assert_calls(1);
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].name, "carol");
    assert_eq!(accounts[0].permissions.bits(), 32);
}

#[test]
fn default_query_is_page_0_of_20_without_filters() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        anonymous(when.method(GET).path("/accounts/search"))
            .query_param("page", "0")
            .query_param("per_page", "20")
            .query_param_missing("q")
            .query_param_missing("team");
        replay(then, wire("account search"));
    });
    let accounts: Vec<_> = anon(&server)
        .list_accounts()
        .into_iter()
        .map(Result::unwrap)
        .collect();
    mock.assert_calls(1);
    let ids: Vec<u64> = accounts.iter().map(|a| u64::from(a.id)).collect();
    assert_eq!(ids.len(), 4);
    assert_eq!(ids[0], 1234567890123456789);
}

#[test]
fn search_text_is_percent_encoded() {
    for (search, encoded, label) in [
        ("%", "q=%25", "team search q=% (url-encoded %25)"),
        ("&", "q=%26", "team search q=& encoded (%26)"),
        ("100%", "q=100%25", "team search q=100%25"),
        ("a b+c/é", "q=a%20b%2Bc%2F%C3%A9", "team search q=red"),
    ] {
        let server = MockServer::start();
        let mock = server.mock(|when, then| {
            when.method(GET)
                .path("/teams/search")
                .query_param("q", search)
                .is_true(move |req: &HttpMockRequest| {
                    req.uri_str().contains(&format!("?{encoded}&"))
                });
            replay(then, wire(label));
        });
        let page = anon(&server)
            .list_teams()
            .search(search)
            .get_page(0)
            .unwrap();
        mock.assert_calls(1);
        assert!(page.results >= 1);
    }
}

#[test]
fn get_page_returns_one_page_with_its_counts() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/teams/search")
            .query_param("page", "5")
            .query_param("per_page", "2");
        replay(then, wire("team search page beyond end"));
    });
    let page = anon(&server).list_teams().per_page(2).get_page(5).unwrap();
    mock.assert_calls(1);
    assert_eq!(
        (page.page, page.per_page, page.pages, page.results),
        (5, 2, 2, 4)
    );
    assert!(page.data.is_empty());
    assert!(page.is_last());
}

#[test]
fn get_page_of_a_search() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET)
            .path("/teams/search")
            .query_param("q", "red");
        replay(then, wire("team search q=red"));
    });
    let page = anon(&server)
        .list_teams()
        .search("red")
        .get_page(0)
        .unwrap();
    let names: Vec<&str> = page.data.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Red Team"]);
}

#[test]
fn page_sizes_the_server_fails_on_are_refused_locally() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        when.any_request();
        replay(then, wire("team search per_page=0"));
    });
    let anon = anon(&server);
    let mut listing = anon.list_teams().per_page(0).into_iter();
    assert!(matches!(
        listing.next(),
        Some(Err(Error::InvalidInput {
            field: "per_page",
            ..
        }))
    ));
    assert!(listing.next().is_none());
    assert!(anon.list_accounts().per_page(1 << 63).get_page(0).is_err());
    assert!(matches!(
        anon.list_teams().get_page(1 << 63),
        Err(Error::InvalidInput { field: "page", .. })
    ));
    mock.assert_calls(0);
}

#[test]
fn a_query_is_fixed_once_iteration_starts_and_can_be_reused() {
    let (server, calls) = team_server(30);
    let query = anon(&server).list_teams().per_page(10);
    let mut first = query.clone().into_iter();
    assert_eq!(first.next().unwrap().unwrap().id, 1);
    // The query itself is untouched: a second run starts from the start again.
    let ids: Vec<u64> = query
        .into_iter()
        .map(|t| u64::from(t.unwrap().id))
        .collect();
    assert_eq!(ids, (1..=30).collect::<Vec<_>>());
    assert_eq!(first.count(), 29);
    assert_eq!(calls.load(Ordering::SeqCst), 1 + 3 + 2);
}

#[test]
fn a_page_without_data_ends_the_listing_even_if_pages_says_more() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        when.method(GET).path("/teams/search");
        then.status(200)
            .body(r#"{"page":0,"per_page":20,"pages":9,"results":170,"data":[]}"#);
    });
    assert_eq!(anon(&server).list_teams().into_iter().count(), 0);
    mock.assert_calls(1);
}
