//! What the handlers share: searching with pages, and reading a team from a body.

use polympics::limits;

use crate::context::{lookup, team_exists};
use crate::database::Database;
use crate::forms::{self, Issues, LocPart};
use crate::http::{db_check, Handling, Reply, Request};
use crate::json;
use crate::rules;

/// Answers a search: reads `page` and `per_page`, takes that page of `ids` (already in
/// order), and loads each row with `load`. Fails like the real server on page sizes of 0
/// or below, negative pages and values beyond PostgreSQL's `bigint` (500), and reports
/// the query's validation `issues` (422).
pub(crate) fn search_page<T: serde::Serialize>(
    req: &Request,
    ids: Vec<u64>,
    mut issues: Issues,
    load: impl Fn(u64) -> Option<T>,
) -> Handling {
    let mut read = |name: &str, default: i128| match req.query(name) {
        None => Some(default),
        Some(text) => {
            let parsed = forms::parse_int(&text);
            if parsed.is_none() {
                issues.not_integer(&[LocPart::Name("query"), LocPart::Name(name)]);
            }
            parsed
        }
    };
    let (page, per_page) = (
        read("page", 0),
        read("per_page", i128::from(polympics::DEFAULT_PER_PAGE)),
    );
    let (Some(page), Some(per_page), true) = (page, per_page, issues.is_empty()) else {
        return Err(Reply::issues(issues));
    };
    let bigint = 0..=i128::from(limits::MAX_BIGINT);
    db_check(per_page > 0 && bigint.contains(&per_page) && bigint.contains(&page))?;
    // PostgreSQL cannot take a NUL in the search pattern either.
    db_check(search_text(req).is_none_or(|q| !q.contains('\0')))?;
    db_check(bigint.contains(&(page * per_page)))?;
    let (page, per_page) = (page as u64, per_page as u64);
    let results = ids.len() as u64;
    let range = rules::page_range(results, page, per_page);
    let page = json::Page {
        page,
        per_page,
        pages: rules::page_count(results, per_page),
        results,
        data: ids[range]
            .iter()
            .filter_map(|id| load(*id))
            .collect::<Vec<T>>(),
    };
    Ok(Reply::json(200, &page))
}

/// A search's `q`: an empty one means no filter.
pub(crate) fn search_text(req: &Request) -> Option<String> {
    req.query("q").filter(|q| !q.is_empty())
}

/// The IDs of `(name, id)` rows in the order PostgreSQL gives `ORDER BY name, id` under
/// the C collation: by the name's bytes, then by ID.
pub(crate) fn by_name_then_id<'a>(rows: impl Iterator<Item = (&'a str, u64)>) -> Vec<u64> {
    let mut rows: Vec<(&str, u64)> = rows.collect();
    rows.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()).then(a.1.cmp(&b.1)));
    rows.into_iter().map(|(_, id)| id).collect()
}

pub(crate) fn team_lookup(
    state: &Database,
    value: &serde_json::Value,
    loc: forms::Loc<'_>,
    issues: &mut Issues,
) -> Option<u64> {
    lookup(state, value, loc, "Team", team_exists, issues)
}

/// An optional `team` field of a body: absent and `null` are no team.
pub(crate) fn optional_team(
    state: &Database,
    form: &serde_json::Map<String, serde_json::Value>,
    issues: &mut Issues,
) -> Option<u64> {
    match form.get("team") {
        None | Some(serde_json::Value::Null) => None,
        Some(value) => team_lookup(
            state,
            value,
            &[LocPart::Name("body"), LocPart::Name("team")],
            issues,
        ),
    }
}
