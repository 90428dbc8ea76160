//! Untrusted text (chart documents, imported titles, anything read back from
//! the database) made safe for a terminal: no escape sequences, no control
//! characters that move the cursor or change the screen, no bidirectional
//! controls that reorder what is shown.
//!
//! # The rule
//!
//! The text is read left to right. At an ESC (U+001B):
//!
//! - a **well-formed, terminated** control sequence is removed whole:
//!   - CSI: `ESC [`, parameter bytes (0x30–0x3F), then intermediate bytes
//!     (0x20–0x2F), then one final byte (0x40–0x7E) — `ESC[31m`, `ESC[?25l`;
//!   - a control string: `ESC ]` (OSC), `ESC P` (DCS), `ESC X` (SOS),
//!     `ESC ^` (PM) or `ESC _` (APC), its payload, and the string terminator
//!     `ESC \` (an OSC may also end with BEL, as xterm accepts). The payload
//!     is any text without ESC, CAN, SUB or a C1 character: a terminal ends
//!     the string at those, so a string that meets one first is not
//!     terminated;
//!   - any other escape: `ESC`, intermediate bytes (0x20–0x2F), one final
//!     byte (0x30–0x7E) — `ESC c`, `ESC 7`, `ESC ( B`, `ESC \`;
//! - anything else — a stray ESC, a CSI broken before its final byte
//!   (`ESC[ 5 mg`), a control string with no terminator — is no sequence:
//!   **only the ESC is removed**, and the text after it stays as written.
//!
//! Everywhere else:
//!
//! - C1 characters (U+0080–U+009F) are removed one by one and never start
//!   a sequence. In UTF-8 text they are nearly always Windows-1252 bytes
//!   decoded as Latin-1 (`›` becomes U+009B CSI, `œ` U+009C ST, `ž` U+009E
//!   PM, `Ÿ` U+009F APC, `˜` U+0098 SOS), so treating them as introducers
//!   would delete clinical text; a terminal that honours them only needs
//!   them gone.
//! - Bidirectional controls (U+202A–U+202E embeddings and overrides,
//!   U+2066–U+2069 isolates, U+200E/U+200F and U+061C marks) are removed:
//!   they can make text display in another order than it is stored.
//! - Other control characters (C0 and DEL) are removed, except tab and
//!   newline; `\r\n` becomes `\n`, and a lone `\r` becomes `\n` too, so text
//!   cannot overwrite itself on screen.
//!
//! So every printable character outside a well-formed sequence survives, in
//! order (a property test checks this on generated text).
//!
//! The same rule serves both ends: chart import cleans documents once
//! ([`clean`] tells how many characters it changed), and every
//! human-readable output cleans what it prints from the database again
//! ([`for_terminal`], [`Sanitizing`]), since a database can be written by
//! other means than chartq's importers.

use std::borrow::Cow;
use std::io::{self, Write};

const ESC: char = '\u{1b}';

/// Text after [`clean`], and how many characters of the input were removed
/// (escape sequences, control characters, bidirectional controls). Line
/// endings made `\n` (`\r\n`, lone `\r`) are not counted: that is layout, not
/// content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    pub text: String,
    pub changed: usize,
}

/// Applies [the rule](self) to `input`.
pub fn clean(input: &str) -> Cleaned {
    let mut out = String::with_capacity(input.len());
    let mut changed = 0;
    let mut rest = input;
    while let Some(c) = rest.chars().next() {
        let mut len = c.len_utf8();
        match c {
            ESC => {
                // The whole sequence, or the ESC alone.
                let (bytes, chars) = sequence_len(rest).unwrap_or((1, 1));
                len = bytes;
                changed += chars;
            }
            '\r' => {
                if !rest[1..].starts_with('\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            c if c.is_control() || is_bidi_control(c) => changed += 1,
            c => out.push(c),
        }
        rest = &rest[len..];
    }
    Cleaned { text: out, changed }
}

/// [`clean`]'s text: `input` as it may be shown in a terminal.
pub fn sanitize(input: &str) -> String {
    clean(input).text
}

/// [`sanitize`], without copying text that needs no change (the common
/// case for output).
pub fn for_terminal(input: &str) -> Cow<'_, str> {
    if input
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' || is_bidi_control(c))
    {
        Cow::Owned(sanitize(input))
    } else {
        Cow::Borrowed(input)
    }
}

/// Text meant for one line of the screen (a table cell, a name): cleaned,
/// line breaks and tabs turned into spaces, trimmed.
pub fn single_line(raw: &str) -> String {
    sanitize(raw)
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Marks and controls of the Unicode bidirectional algorithm.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// The length (bytes, characters) of the well-formed sequence at the start
/// of `s`, which starts with ESC; `None` when there is none.
fn sequence_len(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let run = |mut i: usize, range: std::ops::RangeInclusive<u8>| {
        while b.get(i).is_some_and(|x| range.contains(x)) {
            i += 1;
        }
        i
    };
    match *b.get(1)? {
        b'[' => {
            let i = run(run(2, 0x30..=0x3f), 0x20..=0x2f);
            // All ASCII: bytes and characters agree.
            (0x40..=0x7e).contains(b.get(i)?).then_some((i + 1, i + 1))
        }
        b']' => string_len(s, true),
        b'P' | b'X' | b'^' | b'_' => string_len(s, false),
        _ => {
            let i = run(1, 0x20..=0x2f);
            (0x30..=0x7e).contains(b.get(i)?).then_some((i + 1, i + 1))
        }
    }
}

/// The length of a control string (`ESC x`, payload, terminator) at the
/// start of `s`, when it is terminated before anything that ends it early.
fn string_len(s: &str, bel_ends: bool) -> Option<(usize, usize)> {
    let mut chars = 2;
    for (i, c) in s[2..].char_indices() {
        let at = 2 + i;
        match c {
            '\u{7}' if bel_ends => return Some((at + 1, chars + 1)),
            ESC => return s[at + 1..].starts_with('\\').then_some((at + 2, chars + 2)),
            '\u{18}' | '\u{1a}' | '\u{80}'..='\u{9f}' => return None,
            _ => chars += 1,
        }
    }
    None
}

/// A writer that passes what it is given through [`sanitize`] before it
/// reaches `inner`: the way out of every human-readable command. Text is
/// held until a line ends (or [`Write::flush`]), so a sequence written in
/// two pieces is still judged whole.
pub struct Sanitizing<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> Sanitizing<W> {
    pub fn new(inner: W) -> Self {
        Sanitizing {
            inner,
            pending: Vec::new(),
        }
    }

    /// Writes out the pending text up to `end` (a line end or all of it).
    fn emit(&mut self, end: usize) -> io::Result<()> {
        let text = String::from_utf8_lossy(&self.pending[..end]);
        let clean = for_terminal(&text);
        self.inner.write_all(clean.as_bytes())?;
        self.pending.drain(..end);
        Ok(())
    }
}

impl<W: Write> Write for Sanitizing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if let Some(last) = self.pending.iter().rposition(|&b| b == b'\n') {
            self.emit(last + 1)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.emit(self.pending.len())?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for Sanitizing<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_sequences_go_whole() {
        assert_eq!(sanitize("a\x1b[31mred\x1b[0m b"), "ared b");
        assert_eq!(sanitize("x\x1b[?25ly\x1b[2 qz"), "xyz");
        assert_eq!(sanitize("x\x1b]0;title\x07y"), "xy");
        assert_eq!(
            sanitize("x\x1b]8;;http://e\x1b\\link\x1b]8;;\x1b\\y"),
            "xlinky"
        );
        assert_eq!(sanitize("a\x1bPq#0;2;0;0;0\x1b\\b"), "ab");
        assert_eq!(
            sanitize("a\x1b_apc\x1b\\b\x1b^pm\x1b\\c\x1bXsos\x1b\\d"),
            "abcd"
        );
        assert_eq!(sanitize("a\x1bcb\x1b7c\x1b(Bd\x1b#8e"), "abcde");
        assert_eq!(sanitize("bell\x07 back\x08space\x7f"), "bell backspace");
        assert_eq!(sanitize("line1\r\nline2\rover"), "line1\nline2\nover");
        assert_eq!(sanitize("tab\tok\n"), "tab\tok\n");
        assert_eq!(sanitize("Sjögren é 中文 🙂"), "Sjögren é 中文 🙂");
    }

    /// The cases of issue 9, item 2: nothing after a broken sequence or a
    /// C1 character is lost.
    #[test]
    fn broken_sequences_and_c1_characters_go_alone() {
        assert_eq!(sanitize("Dose \u{9b} 5 mg"), "Dose  5 mg");
        assert_eq!(sanitize("Dose \x1b[ 5 mg daily"), "Dose [ 5 mg daily");
        assert_eq!(sanitize("\u{9b}2Jclear"), "2Jclear");
        for c1 in [
            '\u{90}', '\u{98}', '\u{9d}', '\u{9e}', '\u{9f}', '\u{9c}', '\u{85}',
        ] {
            assert_eq!(
                sanitize(&format!("Pt seen{c1} today.\nPlan: rest\x07 more")),
                "Pt seen today.\nPlan: rest more",
                "{:?}",
                c1
            );
        }
        // Unterminated control strings keep their "payload".
        for intro in [']', 'P', 'X', '^', '_'] {
            assert_eq!(
                sanitize(&format!("Assessment\x1b{intro}: sepsis.\nPlan: abx")),
                format!("Assessment{intro}: sepsis.\nPlan: abx")
            );
        }
        // A string cut short by another ESC, CAN, SUB or a C1 character is
        // not terminated by a later ST.
        assert_eq!(
            sanitize("a\x1b]0;keep\x1b[1mb\x1b\\"),
            "a]0;keepb",
            "ESC inside a string"
        );
        assert_eq!(sanitize("a\x1b]keep\x18 this\x07"), "a]keep this");
        assert_eq!(sanitize("a\x1bPkeep\u{9c} this\x1b\\"), "aPkeep this");
        // BEL ends an OSC only.
        assert_eq!(sanitize("a\x1bPkeep\x07 this"), "aPkeep this");
        assert_eq!(sanitize("end\x1b"), "end");
        assert_eq!(sanitize("end\x1b["), "end[");
        assert_eq!(sanitize("end\x1b[12;"), "end[12;");
        assert_eq!(sanitize("end\x1b]0;never closed"), "end]0;never closed");
        assert_eq!(sanitize("a\x1b\x1b[1mb"), "ab");
        assert_eq!(sanitize("a\x1bé"), "aé");
    }

    #[test]
    fn bidi_controls_are_neutralized() {
        for c in [
            '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200e}', '\u{200f}', '\u{061c}',
        ] {
            assert_eq!(sanitize(&format!("abc{c}def")), "abcdef", "{c:?}");
        }
        assert_eq!(
            sanitize("Hebrew שלום, Arabic مرحبا"),
            "Hebrew שלום, Arabic مرحبا"
        );
    }

    #[test]
    fn changes_are_counted_without_line_endings() {
        assert_eq!(clean("plain\r\ntext\r").changed, 0);
        assert_eq!(clean("a\x1b[31mb").changed, 5);
        assert_eq!(clean("Dose \u{9b} 5 mg").changed, 1);
        assert_eq!(clean("x\x1b]0;t\x07\u{202e}").changed, 7);
    }

    #[test]
    fn output_helpers_agree_with_sanitize() {
        assert!(matches!(for_terminal("plain\ttext\n"), Cow::Borrowed(_)));
        assert_eq!(for_terminal("a\x1b[2Jb\u{202e}"), "ab");
        assert_eq!(single_line(" Doe,\n\x1b[31mJo\t"), "Doe, Jo");
        let mut out = Vec::new();
        {
            let mut w = Sanitizing::new(&mut out);
            // One sequence written in two pieces is still seen whole.
            write!(w, "a\x1b[3").unwrap();
            writeln!(w, "1mb").unwrap();
            write!(w, "tail\x1b]0;t\x07").unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), "ab\ntail");
    }

    /// A small deterministic generator (xorshift), so a failure names its
    /// seed and repeats.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn pick<T: Copy>(&mut self, items: &[T]) -> T {
            items[self.below(items.len())]
        }
    }

    /// Printable text: every ASCII printable (brackets, backslash, digits
    /// and letters that could continue a sequence included), Latin-1,
    /// other scripts, emoji, tabs and newlines.
    fn text(rng: &mut Rng, max: usize) -> String {
        const OTHER: [char; 12] = [
            'é', 'ž', 'œ', 'Ÿ', '˜', '›', 'Ω', '中', '🙂', '\u{301}', '\t', '\n',
        ];
        (0..rng.below(max + 1))
            .map(|_| {
                if rng.below(4) == 0 {
                    rng.pick(&OTHER)
                } else {
                    char::from(0x20 + rng.below(0x5f) as u8)
                }
            })
            .collect()
    }

    fn ascii_in(rng: &mut Rng, range: std::ops::RangeInclusive<u8>, max: usize) -> String {
        let span = (range.end() - range.start()) as usize + 1;
        (0..rng.below(max + 1))
            .map(|_| char::from(range.start() + rng.below(span) as u8))
            .collect()
    }

    /// A well-formed sequence (removed whole).
    fn sequence(rng: &mut Rng) -> String {
        let payload = |rng: &mut Rng| text(rng, 12);
        match rng.below(5) {
            0 => format!(
                "\x1b[{}{}{}",
                ascii_in(rng, 0x30..=0x3f, 6),
                ascii_in(rng, 0x20..=0x2f, 2),
                char::from(0x40 + rng.below(0x3f) as u8)
            ),
            1 => format!("\x1b]{}{}", payload(rng), rng.pick(&["\x07", "\x1b\\"])),
            2 => format!(
                "\x1b{}{}\x1b\\",
                rng.pick(&['P', 'X', '^', '_']),
                payload(rng)
            ),
            3 => {
                let intermediates = ascii_in(rng, 0x20..=0x2f, 2);
                let mut last = char::from(0x30 + rng.below(0x4f) as u8);
                if intermediates.is_empty() && "[]PX^_".contains(last) {
                    last = 'A';
                }
                format!("\x1b{intermediates}{last}")
            }
            _ => format!("\x1b]8;;{}\x1b\\", payload(rng)),
        }
    }

    /// Controls that are no sequence, with what must remain of them: the
    /// printable characters after a lone ESC stay.
    fn junk(rng: &mut Rng) -> (String, String) {
        match rng.below(7) {
            // A lone C1 character (never an introducer).
            0 => (
                char::from_u32(0x80 + rng.below(32) as u32)
                    .unwrap()
                    .to_string(),
                String::new(),
            ),
            // Other controls and bidi marks.
            1 => {
                let c = rng.pick(&[
                    '\x00', '\x01', '\x07', '\x08', '\x0b', '\x0c', '\x18', '\x1a', '\x7f',
                    '\u{202e}', '\u{2066}', '\u{200f}', '\u{200e}', '\u{061c}',
                ]);
                (c.to_string(), String::new())
            }
            // A stray ESC before something that cannot continue it.
            2 => {
                let next = rng.pick(&['é', '中', '\n', '\t']);
                (format!("\x1b{next}"), next.to_string())
            }
            // A CSI broken by a parameter byte after an intermediate, a
            // non-ASCII character or a control.
            3 => {
                let params = ascii_in(rng, 0x30..=0x3f, 4);
                let (breaker, kept) = match rng.below(3) {
                    0 => {
                        let p = ascii_in(rng, 0x30..=0x3f, 0) + "5";
                        (format!(" {p}"), format!(" {p}"))
                    }
                    1 => ("é".to_string(), "é".to_string()),
                    _ => ("\x08".to_string(), String::new()),
                };
                (
                    format!("\x1b[{params}{breaker}"),
                    format!("[{params}{kept}"),
                )
            }
            // A control string cut short by CAN, SUB or a C1 character:
            // its introducer goes, its "payload" stays.
            4 => {
                let intro = rng.pick(&[']', 'P', 'X', '^', '_']);
                let payload = text(rng, 12);
                let stop = rng.pick(&['\x18', '\x1a', '\u{9c}', '\u{9b}', '\u{90}']);
                (
                    format!("\x1b{intro}{payload}{stop}"),
                    format!("{intro}{payload}"),
                )
            }
            // A control string cut short by the next sequence.
            5 => {
                let intro = rng.pick(&[']', 'P', 'X', '^', '_']);
                let payload = text(rng, 12);
                let next = loop {
                    let s = sequence(rng);
                    if !s.starts_with("\x1b\\") {
                        break s;
                    }
                };
                (
                    format!("\x1b{intro}{payload}{next}"),
                    format!("{intro}{payload}"),
                )
            }
            // CR LF is a line end.
            _ => ("\r\n".to_string(), "\n".to_string()),
        }
    }

    /// Property: text, well-formed sequences and other controls, mixed at
    /// random; the output is exactly the printable text outside the
    /// well-formed sequences, in order, and the count of changed
    /// characters is what went missing.
    #[test]
    fn every_printable_character_outside_a_sequence_survives_in_order() {
        for seed in 1..=20_000u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
            let mut input = String::new();
            let mut expected = String::new();
            // An unterminated string may only come last (nothing after it
            // may terminate it).
            let parts = rng.below(12);
            for _ in 0..parts {
                match rng.below(3) {
                    0 => {
                        let t = text(&mut rng, 16);
                        input += &t;
                        expected += &t;
                    }
                    1 => input += &sequence(&mut rng),
                    _ => {
                        let (raw, kept) = junk(&mut rng);
                        input += &raw;
                        expected += &kept;
                    }
                }
            }
            if rng.below(4) == 0 {
                let intro = rng.pick(&['[', ']', 'P', 'X', '^', '_']);
                // No final byte: a CSI cannot complete either.
                let tail = text(&mut rng, 16).replace(|c| ('\x40'..='\x7e').contains(&c), "");
                input += &format!("\x1b{intro}{tail}");
                expected += &format!("{intro}{tail}");
            }
            let got = clean(&input);
            assert_eq!(got.text, expected, "seed {seed}: input {input:?}");
            let crlf = input.matches("\r\n").count();
            assert_eq!(
                got.changed,
                input.chars().count() - expected.chars().count() - crlf,
                "seed {seed}: input {input:?}"
            );
        }
    }

    /// Property: on any mix of characters the output holds no control
    /// character but tab and newline and no bidi control, and cleaning
    /// twice changes nothing more.
    #[test]
    fn output_is_always_inert_and_cleaning_is_idempotent() {
        const POOL: [char; 16] = [
            '\x1b', '[', ']', '\\', '\x07', '\x18', '\u{9b}', '\u{9c}', '\u{9d}', '\r', '\n', 'm',
            '5', ';', ' ', '\u{202e}',
        ];
        for seed in 1..=20_000u64 {
            let mut rng = Rng(seed.wrapping_mul(0xd1b5_4a32_d192_ed03) | 1);
            let input: String = (0..rng.below(40)).map(|_| rng.pick(&POOL)).collect();
            let once = sanitize(&input);
            assert!(
                !once
                    .chars()
                    .any(|c| (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)),
                "seed {seed}: {input:?} -> {once:?}"
            );
            assert_eq!(sanitize(&once), once, "seed {seed}: {input:?}");
        }
    }
}
