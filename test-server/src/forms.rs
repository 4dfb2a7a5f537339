//! Reading request bodies, paths and queries the way the real server's framework does
//! (FastAPI on pydantic 1): the same coercions, and the same validation issues, in order.

use serde_json::{json, Map, Value};

use polympics::{LocSegment, ValidationIssue};

/// The validation issues of one request, collected in the order the server reports them.
#[derive(Default)]
pub(crate) struct Issues(pub(crate) Vec<ValidationIssue>);

/// A location: `("body", "name")`, `("path", "team")`, ...
pub(crate) type Loc<'a> = &'a [LocPart<'a>];

/// One part of a location.
#[derive(Clone, Copy)]
pub(crate) enum LocPart<'a> {
    Name(&'a str),
    Index(usize),
}

impl Issues {
    pub(crate) fn push(&mut self, loc: Loc<'_>, msg: &str, kind: &str, ctx: Option<Value>) {
        let loc = loc
            .iter()
            .map(|part| match part {
                LocPart::Name(name) => LocSegment::Name((*name).to_owned()),
                LocPart::Index(index) => LocSegment::Index(*index as u64),
            })
            .collect();
        let issue = ValidationIssue::new(loc, msg, kind);
        self.0.push(match ctx {
            Some(ctx) => issue.with_ctx(ctx),
            None => issue,
        });
    }

    pub(crate) fn value_error(&mut self, loc: Loc<'_>, msg: &str) {
        self.push(loc, msg, "value_error", None);
    }

    pub(crate) fn missing(&mut self, loc: Loc<'_>) {
        self.push(loc, "field required", "value_error.missing", None);
    }

    pub(crate) fn none_not_allowed(&mut self, loc: Loc<'_>) {
        self.push(
            loc,
            "none is not an allowed value",
            "type_error.none.not_allowed",
            None,
        );
    }

    pub(crate) fn not_integer(&mut self, loc: Loc<'_>) {
        self.push(
            loc,
            "value is not a valid integer",
            "type_error.integer",
            None,
        );
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A JSON request body: absent, not JSON, not an object, or an object of fields.
pub(crate) fn body_object(body: Option<&[u8]>, issues: &mut Issues) -> Option<Map<String, Value>> {
    let loc = [LocPart::Name("body")];
    let Some(body) = body else {
        issues.missing(&loc);
        return None;
    };
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Some(map),
        Ok(_) => {
            issues.push(&loc, "value is not a valid dict", "type_error.dict", None);
            None
        }
        Err(err) => {
            json_decode_issue(body, &err, issues);
            None
        }
    }
}

/// Python's `json` error for a body that is not JSON, located at the character where
/// parsing failed.
fn json_decode_issue(body: &[u8], err: &serde_json::Error, issues: &mut Issues) {
    let doc = String::from_utf8_lossy(body).into_owned();
    let pos = if err.is_eof() {
        doc.chars().count()
    } else {
        // serde_json reports the 1-based column of the offending character.
        let mut lines = doc.split('\n');
        let before: usize = lines
            .by_ref()
            .take(err.line().saturating_sub(1))
            .map(|line| line.chars().count() + 1)
            .sum();
        before + err.column().saturating_sub(1)
    };
    let prefix: String = doc.chars().take(pos).collect();
    let lineno = prefix.matches('\n').count() + 1;
    let colno = pos
        - prefix
            .rfind('\n')
            .map_or(0, |i| prefix[..=i].chars().count())
        + 1;
    let message = if err.is_eof() || err.to_string().starts_with("expected value") {
        "Expecting value"
    } else if err.to_string().starts_with("key must be a string") {
        "Expecting property name enclosed in double quotes"
    } else if err.to_string().starts_with("trailing characters") {
        "Extra data"
    } else {
        "Expecting ',' delimiter"
    };
    issues.push(
        &[LocPart::Name("body"), LocPart::Index(pos)],
        &format!("{message}: line {lineno} column {colno} (char {pos})"),
        "value_error.jsondecode",
        Some(json!({"msg": message, "doc": doc, "pos": pos, "lineno": lineno, "colno": colno})),
    );
}

/// pydantic's `str`: strings as they are, numbers written out, `None` refused.
pub(crate) fn string(value: &Value, loc: Loc<'_>, issues: &mut Issues) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "True" } else { "False" }.to_owned()),
        Value::Null => {
            issues.none_not_allowed(loc);
            None
        }
        _ => {
            issues.push(loc, "str type expected", "type_error.str", None);
            None
        }
    }
}

/// A required field, read with `read` (`string`, `integer`).
fn required<T>(
    form: &Map<String, Value>,
    field: &str,
    issues: &mut Issues,
    read: fn(&Value, Loc<'_>, &mut Issues) -> Option<T>,
) -> Option<T> {
    let loc = [LocPart::Name("body"), LocPart::Name(field)];
    match form.get(field) {
        None => {
            issues.missing(&loc);
            None
        }
        Some(value) => read(value, &loc, issues),
    }
}

/// An optional field, read with `read`: absent and `null` are `None`.
fn optional<T>(
    form: &Map<String, Value>,
    field: &str,
    issues: &mut Issues,
    read: fn(&Value, Loc<'_>, &mut Issues) -> Option<T>,
) -> Option<T> {
    match form.get(field) {
        None | Some(Value::Null) => None,
        Some(value) => read(
            value,
            &[LocPart::Name("body"), LocPart::Name(field)],
            issues,
        ),
    }
}

/// A required string field.
pub(crate) fn required_string(
    form: &Map<String, Value>,
    field: &str,
    issues: &mut Issues,
) -> Option<String> {
    required(form, field, issues, string)
}

/// An optional string field.
pub(crate) fn optional_string(
    form: &Map<String, Value>,
    field: &str,
    issues: &mut Issues,
) -> Option<String> {
    optional(form, field, issues, string)
}

/// A required integer field.
pub(crate) fn required_integer(
    form: &Map<String, Value>,
    field: &str,
    issues: &mut Issues,
) -> Option<i128> {
    required(form, field, issues, integer)
}

/// An optional integer field.
pub(crate) fn optional_integer(
    form: &Map<String, Value>,
    field: &str,
    issues: &mut Issues,
) -> Option<i128> {
    optional(form, field, issues, integer)
}

/// pydantic's `int`: integers, floats truncated, numeric strings; anything else refused.
/// Values beyond `i128` saturate (the server fails on them further on anyway).
pub(crate) fn integer(value: &Value, loc: Loc<'_>, issues: &mut Issues) -> Option<i128> {
    let parsed = match value {
        Value::Number(n) => n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
            .or_else(|| n.as_f64().map(|f| f.trunc() as i128)),
        Value::Bool(b) => Some(i128::from(*b)),
        Value::String(s) => parse_int(s),
        Value::Null => {
            issues.none_not_allowed(loc);
            return None;
        }
        _ => None,
    };
    if parsed.is_none() {
        issues.not_integer(loc);
    }
    parsed
}

/// Python's `int(text)`: optional whitespace and sign, then decimal digits.
pub(crate) fn parse_int(text: &str) -> Option<i128> {
    let text = text.trim();
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let magnitude = digits.parse::<i128>().unwrap_or(i128::MAX);
    Some(if negative { -magnitude } else { magnitude })
}

/// An ID given to a model's validator (`Team`, `Account`, `Award`): an integer or a string
/// of one. `Err(())` when it is neither, which the server reports as `Invalid <Model> ID`.
pub(crate) fn model_id(value: &Value) -> Result<i128, ()> {
    match value {
        Value::Number(n) => n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
            .ok_or(()),
        Value::String(s) => parse_int(s).ok_or(()),
        _ => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_decode_error_matches_python() {
        let mut issues = Issues::default();
        assert!(body_object(Some(br#"{"name":"#), &mut issues).is_none());
        let issue = serde_json::to_value(&issues.0[0]).unwrap();
        assert_eq!(
            issue,
            json!({"loc":["body",8],"msg":"Expecting value: line 1 column 9 (char 8)",
                   "type":"value_error.jsondecode","ctx":{"msg":"Expecting value",
                   "doc":"{\"name\":","pos":8,"lineno":1,"colno":9}})
        );
    }

    #[test]
    fn coercions() {
        let mut issues = Issues::default();
        assert_eq!(string(&json!(5), &[], &mut issues).as_deref(), Some("5"));
        assert_eq!(integer(&json!(45.7), &[], &mut issues), Some(45));
        assert_eq!(integer(&json!("42"), &[], &mut issues), Some(42));
        assert_eq!(
            integer(&json!("9223372036854775808"), &[], &mut issues),
            Some(1 << 63)
        );
        assert!(issues.is_empty());
        assert_eq!(integer(&json!("abc"), &[], &mut issues), None);
        assert_eq!(integer(&json!("1.5"), &[], &mut issues), None);
        assert_eq!(issues.0.len(), 2);
        assert_eq!(parse_int(" -1 "), Some(-1));
        assert_eq!(model_id(&json!("43")), Ok(43));
        assert_eq!(model_id(&json!("x")), Err(()));
    }

    #[test]
    fn missing_and_non_object_bodies() {
        let mut issues = Issues::default();
        assert!(body_object(None, &mut issues).is_none());
        assert!(body_object(Some(b"[]"), &mut issues).is_none());
        let kinds: Vec<&str> = issues.0.iter().map(|i| i.kind.as_str()).collect();
        assert_eq!(kinds, ["value_error.missing", "type_error.dict"]);
    }
}
