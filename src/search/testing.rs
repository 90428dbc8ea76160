//! What the search tests ask of an index, in one place: the codes a query
//! ranks, best first, with the default options.

use super::{Index, SearchOptions};

impl Index {
    /// The codes `query` finds, best first.
    pub(crate) fn ranked_codes(&self, query: &str) -> Vec<String> {
        let hits = self.search(query, &SearchOptions::default());
        hits.into_iter().map(|h| h.code).collect()
    }

    /// The best code `query` finds; empty when none.
    pub(crate) fn first_code(&self, query: &str) -> String {
        self.ranked_codes(query)
            .into_iter()
            .next()
            .unwrap_or_default()
    }
}
