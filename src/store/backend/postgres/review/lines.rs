//! The reviewed codes of a review on PostgreSQL, in the order closing
//! stores them (the SQLite store's `reviewed_lines`: the coder's codes
//! minus deletions, changed where changed, then added ones, a code given a
//! position moved there), each with its `review_code` id: the use case
//! groups them, and `chartq.review_close` gets the ids in that order.

use postgres::GenericClient;

use super::reads::load_codes;
use crate::domain::review::Decision;
use crate::store::WorkError;
use crate::store::backend::postgres::pg_error;
use crate::store::clock;
use crate::store::review::StoredLine;

/// The reviewed lines of review `review` with their row ids; `by` is who a
/// changed or added code is attributed to.
pub(crate) fn reviewed_lines(
    client: &mut impl GenericClient,
    review: i64,
    by: i64,
) -> Result<Vec<(i64, StoredLine)>, WorkError> {
    let extra = client
        .query(
            "SELECT id, new_seq, coalesce(new_version_id, orig_version_id),
                coalesce(new_billable, orig_billable, true), orig_units,
                coalesce(orig_pointers, '[]')::text, coalesce(orig_assigned_by, $2)
             FROM chartq.review_code WHERE review_id = $1",
            &[&review, &by],
        )
        .map_err(pg_error)?;
    let now = clock::stamp(clock::now());
    let mut lines: Vec<(Option<i64>, (i64, StoredLine))> = Vec::new();
    for code in load_codes(client, review)? {
        let Some(line) = code.reviewed.clone() else {
            continue;
        };
        let Some(x) = extra.iter().find(|x| x.get::<_, i64>(0) == code.id) else {
            continue;
        };
        let agreed = code.decision == Some(Decision::Agree);
        lines.push((
            x.get::<_, Option<i32>>(1).map(i64::from),
            (
                code.id,
                StoredLine {
                    line,
                    version_id: x.get(2),
                    billable: x.get(3),
                    units: x
                        .get::<_, Option<i32>>(4)
                        .map(i64::from)
                        .filter(|_| code.original.is_some()),
                    pointers: x.get(5),
                    by: if agreed { x.get(6) } else { by },
                    at: now.clone(),
                },
            ),
        ));
    }
    let mut ordered: Vec<(i64, StoredLine)> = Vec::new();
    let mut placed: Vec<(i64, (i64, StoredLine))> = Vec::new();
    for (seq, line) in lines {
        match seq {
            Some(s) => placed.push((s, line)),
            None => ordered.push(line),
        }
    }
    placed.sort_by_key(|(s, _)| *s);
    for (seq, line) in placed {
        let at = usize::try_from(seq - 1).unwrap_or(0).min(ordered.len());
        ordered.insert(at, line);
    }
    for (i, (_, l)) in ordered.iter_mut().enumerate() {
        l.line.seq = i as i64 + 1;
    }
    Ok(ordered)
}
