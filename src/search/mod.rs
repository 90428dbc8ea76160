//! Code search: query parsing, abbreviations and synonyms, the in-memory
//! index and ranking.
