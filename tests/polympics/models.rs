//! Models read the server's exact JSON and write it back.

use crate::common;

use common::*;
use polympics::{
    Account, AccountTeamUpdateEvent, App, AppCredentials, Callback, Page, Permissions, Session,
    Team,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

fn account_json(id: &str, permissions: u64, created_at: &str) -> String {
    format!(
        r#"{{"id":{id},"name":"n","discriminator":"0001","avatar_url":null,"team":null,"permissions":{permissions},"created_at":{created_at},"awards":[]}}"#
    )
}

#[test]
fn account_ids_up_to_u64_max_are_exact() {
    for id in [
        0,
        1,
        42,
        (1u64 << 53) + 1,
        1234567890123456789,
        i64::MAX as u64,
        u64::MAX - 1,
        u64::MAX,
    ] {
        let text = account_json(&format!("\"{id}\""), 0, "1795778981.697964");
        let account: Account = serde_json::from_str(&text).unwrap();
        assert_eq!(account.id, id);
        // Written back as a string, byte for byte.
        assert_eq!(serde_json::to_string(&account).unwrap(), text);
        // A bare integer is read too.
        let account: Account =
            serde_json::from_str(&account_json(&id.to_string(), 0, "1")).unwrap();
        assert_eq!(account.id, id);
    }
    for bad in [
        "\"18446744073709551616\"",
        "\"-1\"",
        "\"\"",
        "\"1e3\"",
        "\" 1\"",
        "-1",
        "1.5",
        "null",
    ] {
        assert!(
            serde_json::from_str::<Account>(&account_json(bad, 0, "1")).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn timestamps_with_one_to_six_decimals() {
    for (text, micros) in [
        ("1795778730.2", 200000),
        ("1795778730.24", 240000),
        ("1795778730.241", 241000),
        ("1795778731.6626", 662600),
        ("1795778730.27253", 272530),
        ("1795778730.241445", 241445),
        ("1795778730.0", 0),
    ] {
        let text_json = account_json("\"1\"", 0, text);
        let account: Account = serde_json::from_str(&text_json).unwrap();
        assert_eq!(
            account.created_at.unix_timestamp(),
            text[..10].parse::<i64>().unwrap()
        );
        assert_eq!(account.created_at.microsecond(), micros, "{text}");
        // Written back as the same number.
        let written: Value = serde_json::to_value(&account).unwrap();
        assert_eq!(
            written["created_at"].as_f64().unwrap(),
            text.parse::<f64>().unwrap()
        );
    }
}

#[test]
fn permissions_every_value_through_an_account() {
    for bits in 0..128u64 {
        let text = account_json("\"1\"", bits, "1");
        let account: Account = serde_json::from_str(&text).unwrap();
        assert_eq!(u64::from(account.permissions.bits()), bits);
        assert_eq!(
            Permissions::from_bits(bits as u8),
            Some(account.permissions)
        );
        assert_eq!(serde_json::to_value(&account).unwrap()["permissions"], bits);
    }
    assert!(serde_json::from_str::<Account>(&account_json("\"1\"", 128, "1")).is_err());
}

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(body: &str) -> T {
    let value: T = serde_json::from_str(body).unwrap();
    let written = serde_json::to_string(&value).unwrap();
    let original: Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&written).unwrap(),
        original,
        "{body}"
    );
    assert_eq!(serde_json::from_str::<T>(&written).unwrap(), value);
    value
}

#[test]
fn every_model_round_trips_the_recorded_bodies() {
    round_trip::<Account>(&wire("account 48 with award").response_body);
    round_trip::<Account>(&wire("patch account discord_token good, same id").response_body);
    round_trip::<Team>(&wire("team 2 (has award Silver)").response_body);
    round_trip::<Page<Team>>(&wire("team search default").response_body);
    let page = round_trip::<Page<Account>>(&wire("account search").response_body);
    assert_eq!(
        (page.page, page.per_page, page.pages, page.results),
        (0, 20, 1, 4)
    );
    round_trip::<Page<Account>>(&wire("account search page beyond end").response_body);
    round_trip::<Callback>(&wire("callback get").response_body);
    round_trip::<Session>(&wire("create_session app").response_body);
    round_trip::<App>(&wire("auth/me limited app (perms 0)").response_body);
    round_trip::<AppCredentials>(&wire("reset_token app").response_body);
    round_trip::<polympics::Award>(&wire("update award").response_body);
    let event = format!(
        r#"{{"account":{},"team":null}}"#,
        wire("get account 42").response_body
    );
    round_trip::<AccountTeamUpdateEvent>(&event);
}

#[test]
fn a_cached_roster_reads_back() {
    let page: Page<Account> = serde_json::from_str(&wire("account search").response_body).unwrap();
    let cached = serde_json::to_vec_pretty(&page.data).unwrap();
    let restored: Vec<Account> = serde_json::from_slice(&cached).unwrap();
    assert_eq!(restored, page.data);
}

#[test]
fn secrets_stay_out_of_debug() {
    let session: Session = serde_json::from_str(&wire("create_session app").response_body).unwrap();
    assert!(!format!("{session:?}").contains(session.credentials.password()));
    let creds: AppCredentials =
        serde_json::from_str(&wire("reset_token app").response_body).unwrap();
    assert!(!format!("{creds:?}").contains(creds.credentials.password()));
    let update = polympics::AccountUpdate::new().discord_token("discord-secret");
    assert!(!format!("{update:?}").contains("discord-secret"));
}
