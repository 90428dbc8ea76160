//! Opening an official code file: plain, gzip-compressed, or the official
//! zip download (the right member is picked by name), with line numbers and
//! text decoding, so every parser reports errors as `file:line: field: why`.
//!
//! Official files are at most a few tens of megabytes, so the whole
//! (decompressed) file is read into memory: parsers then borrow from it and
//! a bad file is rejected before anything is written. What is read is
//! bounded by [`max_file_bytes`] (512 MiB unless `CHARTQ_MAX_FILE_MIB`
//! says otherwise): a plain file, a gzip stream or a zip member that is (or
//! declares itself, or expands to) more is refused before it fills memory.

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

pub use crate::ingest::error::ImportError;

/// How an importer recognises its member inside an official zip download.
/// Rules are tried in order; the first that matches exactly one member wins.
pub type MemberRule = fn(&str) -> bool;

/// The default cap on a file's (decompressed) size: well above the largest
/// official file (the ICD-10-CM tabular XML, ~80 MiB uncompressed).
pub const DEFAULT_MAX_FILE_MIB: u64 = 512;

/// The environment variable that sets the cap, in MiB.
pub const MAX_FILE_ENV: &str = "CHARTQ_MAX_FILE_MIB";

/// The most bytes a code file may hold once decompressed: `CHARTQ_MAX_FILE_MIB`
/// (a whole number of MiB, at least 1) or [`DEFAULT_MAX_FILE_MIB`]. A value
/// that is not a positive whole number is an error, not silently the default.
pub fn max_file_bytes() -> Result<u64, String> {
    match std::env::var(MAX_FILE_ENV) {
        Err(_) => Ok(DEFAULT_MAX_FILE_MIB << 20),
        Ok(v) => match v.trim().parse::<u64>() {
            Ok(mib) if (1..=(1 << 20)).contains(&mib) => Ok(mib << 20),
            _ => Err(format!(
                "{MAX_FILE_ENV}={}: expected a whole number of MiB from 1 to 1048576",
                crate::domain::text::sanitize(&v)
            )),
        },
    }
}

fn too_big(cap: u64) -> String {
    format!(
        "larger than {} MiB once decompressed; refused (raise {MAX_FILE_ENV} if the file is genuine)",
        cap >> 20
    )
}

/// Reads at most `cap` bytes of `reader`; more is an error (not
/// truncation) carrying the 1-based line the cap was reached on.
fn read_capped(reader: impl Read, cap: u64, hint: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    // Never trust a declared size for the allocation: at most 64 MiB up front.
    let mut bytes = Vec::with_capacity(hint.min(cap).min(64 << 20) as usize);
    reader.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        let line = 1 + bytes.iter().filter(|&&b| b == b'\n').count() as u64;
        return Ok(Err(line));
    }
    Ok(Ok(bytes))
}

/// A code file's decompressed bytes and the name errors report it by.
#[derive(Debug, Clone)]
pub struct Source {
    /// `path` for a plain or gzip file, `path!member` for a zip member.
    name: String,
    /// The file name that carries release information (the zip member's
    /// name for a zip, else the path's file name), e.g. `icd10pcs_order_2026.txt`.
    file_name: String,
    bytes: Vec<u8>,
}

/// An error about the whole file `name` (no line, no field).
fn file_error(name: &str, message: String) -> ImportError {
    ImportError {
        file: name.to_string(),
        line: None,
        field: None,
        message,
    }
}

/// A zip archive starts with a local file header (or, empty, with the end
/// of its central directory).
fn is_zip(raw: &[u8]) -> bool {
    raw.starts_with(b"PK\x03\x04") || raw.starts_with(b"PK\x05\x06")
}

impl Source {
    /// Reads `path`, decompressing gzip and picking the zip member that the
    /// first matching rule in `rules` selects.
    pub fn open(path: &Path, rules: &[MemberRule]) -> Result<Source, ImportError> {
        let name = path.display().to_string();
        let fail = |message: String| file_error(&name, message);
        let cap = max_file_bytes().map_err(&fail)?;
        let raw = read_raw(path, cap).map_err(&fail)?;
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if raw.starts_with(&[0x1f, 0x8b]) {
            let bytes = read_capped(
                flate2::read::MultiGzDecoder::new(raw.as_slice()),
                cap,
                raw.len() as u64 * 8,
            )
            .map_err(|e| fail(format!("not a valid gzip file ({e})")))?
            .map_err(|line| ImportError {
                line: Some(line),
                ..fail(too_big(cap))
            })?;
            let file_name = file_name
                .strip_suffix(".gz")
                .unwrap_or(&file_name)
                .to_string();
            Ok(Source {
                name,
                file_name,
                bytes,
            })
        } else if is_zip(&raw) {
            open_zip_member(&name, raw, rules, cap)
        } else {
            Ok(Source {
                name,
                file_name,
                bytes: raw,
            })
        }
    }

    /// The member of the zip at `path` that `rule` picks (the addenda beside
    /// a codes file): `None` when `path` is not a zip or holds no such
    /// member; several candidates is an error listing them.
    pub fn zip_member(path: &Path, rule: MemberRule) -> Result<Option<Source>, ImportError> {
        let name = path.display().to_string();
        let fail = |message: String| file_error(&name, message);
        let cap = max_file_bytes().map_err(&fail)?;
        let raw = read_raw(path, cap).map_err(&fail)?;
        if !is_zip(&raw) {
            return Ok(None);
        }
        match open_zip_member(&name, raw, &[rule], cap) {
            Ok(src) => Ok(Some(src)),
            Err(e) if e.message.starts_with(NO_MEMBER) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// A source already in memory (the bundled release, tests).
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Source {
        let name = name.into();
        let file_name = name.rsplit('/').next().unwrap_or(&name).to_string();
        Source {
            name,
            file_name,
            bytes,
        }
    }

    /// The name errors use.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The bare file (or zip member) name, for deriving release defaults.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// True when the first non-blank byte is `<`: an XML file, whatever
    /// its name (tells a tabular from an order file).
    pub fn looks_like_xml(&self) -> bool {
        let bytes = self
            .bytes
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(&self.bytes);
        bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
    }

    /// An error about this file at `line` (1-based) in `field`.
    pub fn error(
        &self,
        line: Option<usize>,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> ImportError {
        ImportError {
            file: self.name.clone(),
            line: line.map(|l| l as u64),
            field: field.map(str::to_string),
            message: message.into(),
        }
    }

    /// The 1-based line that byte `offset` falls on.
    pub fn line_of_offset(&self, offset: usize) -> usize {
        let end = offset.min(self.bytes.len());
        1 + self.bytes[..end].iter().filter(|&&b| b == b'\n').count()
    }

    /// Lines with their 1-based numbers, without the `\n` or `\r\n`. A
    /// final line without a line end is still a line; an empty tail is not.
    pub fn lines(&self) -> impl Iterator<Item = (usize, &[u8])> {
        let body = self.bytes.strip_suffix(b"\n").unwrap_or(&self.bytes);
        let empty = self.bytes.is_empty();
        body.split(|&b| b == b'\n')
            .filter(move |_| !empty)
            .enumerate()
            .map(|(i, l)| (i + 1, l.strip_suffix(b"\r").unwrap_or(l)))
    }

    /// The non-blank lines of a CMS fixed-width text file (order file,
    /// codes file, addenda), which is plain ASCII: each line with its
    /// number, or an error naming the first line that is not ASCII
    /// (`what` says which kind of file was expected: "an order file").
    pub fn ascii_records<'a>(
        &'a self,
        what: &'a str,
    ) -> impl Iterator<Item = Result<(usize, &'a str), ImportError>> + 'a {
        self.lines()
            .filter(|(_, raw)| !raw.iter().all(u8::is_ascii_whitespace))
            .map(move |(line_no, raw)| {
                std::str::from_utf8(raw)
                    .ok()
                    .filter(|l| l.is_ascii())
                    .map(|l| (line_no, l))
                    .ok_or_else(|| {
                        self.error(
                            Some(line_no),
                            Some("encoding"),
                            format!("not ASCII text; {what} is plain ASCII"),
                        )
                    })
            })
    }

    /// The whole file as UTF-8 (a leading byte-order mark dropped), or an
    /// error naming the line of the first invalid byte.
    pub fn utf8_text(&self) -> Result<&str, ImportError> {
        let bytes = self
            .bytes
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(&self.bytes);
        std::str::from_utf8(bytes).map_err(|e| {
            let offset = e.valid_up_to() + (self.bytes.len() - bytes.len());
            self.error(
                Some(self.line_of_offset(offset)),
                Some("encoding"),
                format!(
                    "invalid UTF-8 (byte 0x{:02X}); the file must be UTF-8",
                    self.bytes[offset]
                ),
            )
        })
    }
}

/// Decodes Windows-1252 text (the HCPCS files), which never fails: every
/// byte has a character.
pub fn decode_cp1252(bytes: &[u8]) -> Cow<'_, str> {
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
}

const NO_MEMBER: &str = "zip holds no file of the expected kind";

/// The file at `path` as it is on disk, at most `cap` bytes.
fn read_raw(path: &Path, cap: u64) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > cap {
        return Err(format!(
            "larger than {} MiB; refused (raise {MAX_FILE_ENV} if the file is genuine)",
            cap >> 20
        ));
    }
    read_capped(file, cap, len)
        .map_err(|e| format!("cannot read: {e}"))?
        .map_err(|_| too_big(cap))
}

fn open_zip_member(
    name: &str,
    raw: Vec<u8>,
    rules: &[MemberRule],
    cap: u64,
) -> Result<Source, ImportError> {
    let fail = |message: String| file_error(name, message);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(raw))
        .map_err(|e| fail(format!("not a valid zip file ({e})")))?;
    let members: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| !n.ends_with('/'))
        .map(|n| n.into_owned())
        .collect();
    let base = |m: &str| m.rsplit('/').next().unwrap_or(m).to_ascii_lowercase();
    let mut chosen = None;
    for rule in rules {
        let hits: Vec<&String> = members.iter().filter(|m| rule(&base(m))).collect();
        match hits.as_slice() {
            [] => continue,
            [one] => {
                chosen = Some((*one).clone());
                break;
            }
            many => {
                return Err(fail(format!(
                    "zip holds several candidate files ({}); extract the one to import",
                    many.iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
    }
    let Some(member) = chosen else {
        return Err(fail(format!(
            "{NO_MEMBER} (members: {})",
            members.join(", ")
        )));
    };
    let mut file = archive
        .by_name(&member)
        .map_err(|e| fail(format!("cannot open zip member {member} ({e})")))?;
    // The declared size is only a claim: refuse a claim over the cap at
    // once, and still stop reading at the cap whatever was declared.
    let declared = file.size();
    if declared > cap {
        return Err(fail(format!(
            "zip member {member} declares {declared} bytes: {}",
            too_big(cap)
        )));
    }
    let bytes = read_capped(&mut file, cap, declared)
        .map_err(|e| fail(format!("cannot read zip member {member} ({e})")))?
        .map_err(|line| ImportError {
            file: format!("{name}!{member}"),
            line: Some(line),
            ..fail(too_big(cap))
        })?;
    let file_name = member.rsplit('/').next().unwrap_or(&member).to_string();
    Ok(Source {
        name: format!("{name}!{member}"),
        file_name,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in members {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn txt(name: &str) -> bool {
        name.ends_with(".txt") && !name.contains("readme")
    }

    #[test]
    fn plain_gzip_and_zip_give_the_same_lines() {
        let dir = tempfile::tempdir().unwrap();
        let body = b"one\r\ntwo\nthree";
        let plain = write(dir.path(), "a.txt", body);
        let gz = write(dir.path(), "a.txt.gz", &gzip(body));
        let zipped = write(
            dir.path(),
            "a.zip",
            &zip_of(&[("docs/README.txt", b"x"), ("data/A.TXT", body)]),
        );
        for path in [plain, gz, zipped] {
            let s = Source::open(&path, &[txt]).unwrap();
            let lines: Vec<_> = s.lines().map(|(n, l)| (n, l.to_vec())).collect();
            assert_eq!(
                lines,
                [
                    (1, b"one".to_vec()),
                    (2, b"two".to_vec()),
                    (3, b"three".to_vec())
                ],
                "{}",
                s.name()
            );
        }
        let s = Source::open(&dir.path().join("a.zip"), &[txt]).unwrap();
        assert!(s.name().ends_with("a.zip!data/A.TXT"));
        assert_eq!(s.file_name(), "A.TXT");
        let s = Source::open(&dir.path().join("a.txt.gz"), &[txt]).unwrap();
        assert_eq!(s.file_name(), "a.txt");
    }

    #[test]
    fn zip_without_or_with_ambiguous_member_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let none = write(dir.path(), "n.zip", &zip_of(&[("x.pdf", b"x")]));
        let err = Source::open(&none, &[txt]).unwrap_err();
        assert!(
            err.to_string().contains("no file of the expected kind"),
            "{err}"
        );
        let two = write(
            dir.path(),
            "t.zip",
            &zip_of(&[("a.txt", b"x"), ("b.txt", b"y")]),
        );
        let err = Source::open(&two, &[txt]).unwrap_err();
        assert!(err.to_string().contains("a.txt, b.txt"), "{err}");
    }

    #[test]
    fn truncated_gzip_and_missing_file_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let gz = gzip(&[b'x'; 10_000]);
        let cut = write(dir.path(), "c.gz", &gz[..gz.len() / 2]);
        let err = Source::open(&cut, &[]).unwrap_err();
        assert!(err.to_string().contains("gzip"), "{err}");
        assert!(Source::open(&dir.path().join("missing"), &[]).is_err());
    }

    #[test]
    fn invalid_utf8_names_its_line() {
        let s = Source::from_bytes("f.xml", b"ok\nok\nbad \xff here\n".to_vec());
        let err = s.utf8_text().unwrap_err();
        assert_eq!(err.line, Some(3));
        assert_eq!(
            err.to_string(),
            "f.xml:3: field `encoding`: invalid UTF-8 (byte 0xFF); the file must be UTF-8"
        );
        let bom = Source::from_bytes("b", b"\xEF\xBB\xBFhi".to_vec());
        assert_eq!(bom.utf8_text().unwrap(), "hi");
    }

    #[test]
    fn cp1252_decodes_every_byte() {
        assert_eq!(decode_cp1252(b"caf\xe9 \x93q\x94 \xa0"), "café “q” \u{a0}");
    }
}
