//! The checks every parsed code set passes before anything is stored,
//! whatever its format: a version with codes in it, and titles of a sane
//! length.

use super::source::{ImportError, Source};
use crate::domain::codes::CodeSet;

/// The longest title (long or short) a code file may give a code, in
/// characters. Official titles stay far below it: HCPCS long descriptions
/// reach ~1,250 characters, ICD-10-CM titles 230, ICD-10-PCS 200. A longer
/// one means a damaged or hostile file (a lost line break, an unterminated
/// quote), and every screen and search would carry it.
pub const MAX_TITLE_CHARS: usize = 4096;

/// What every parser's result must be before it is stored: at least one
/// code (an empty version would hide the one before it and find nothing),
/// and no title over [`MAX_TITLE_CHARS`] (parsers that know the line check
/// as they read, to name it; this names the code).
pub fn check_parsed(set: &CodeSet, src: &Source) -> Result<(), ImportError> {
    if set.codes.is_empty() {
        return Err(src.error(None, None, "no codes in the file; nothing was imported"));
    }
    check_titles(
        set.codes.iter().flat_map(|c| {
            [
                (c.code.as_str(), "title", Some(c.long_title.as_str())),
                (c.code.as_str(), "short title", c.short_title.as_deref()),
            ]
        }),
        src,
    )
}

/// No title over [`MAX_TITLE_CHARS`]: `(code, field, title)` triples.
pub fn check_titles<'a>(
    titles: impl Iterator<Item = (&'a str, &'static str, Option<&'a str>)>,
    src: &Source,
) -> Result<(), ImportError> {
    for (code, field, title) in titles {
        let length = title.map_or(0, |t| t.chars().count());
        if length > MAX_TITLE_CHARS {
            return Err(src.error(
                None,
                Some(field),
                format!(
                    "code {} has {length} characters; the limit is {MAX_TITLE_CHARS}",
                    crate::domain::text::single_line(code)
                ),
            ));
        }
    }
    Ok(())
}
