//! What the JSON readers (the chart feed, claims) say about a value or a
//! parse failure, worded once.

use serde_json::Value;

/// "a string", "an array", …: what a field held instead of what it needs.
pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde_json's message without its " at line 1 column N" tail (the
/// readers give the file's own line number instead) and never the input.
pub(crate) fn reason(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
