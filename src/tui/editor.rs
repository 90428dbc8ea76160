//! `$EDITOR` for the provider query text: a private temporary file (mode
//! 0600, removed afterwards, since it holds chart details), the editor run
//! on the real terminal, the text read back.

use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::process::Command;

/// Edits `text`; `None` if no editor ran successfully.
pub fn edit(text: &str) -> Option<String> {
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".into());
    let path = std::env::temp_dir().join(format!("chartq-query-{}.txt", std::process::id()));
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .ok()?;
        file.write_all(text.as_bytes()).ok()?;
        drop(file);
        // The editor may be "code --wait" or "emacs -nw": split on spaces.
        let mut parts = editor.split_whitespace();
        let status = Command::new(parts.next()?)
            .args(parts)
            .arg(&path)
            .status()
            .ok()?;
        if !status.success() {
            return None;
        }
        std::fs::read_to_string(&path).ok()
    })();
    let _ = std::fs::remove_file(&path);
    result
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_back_what_the_editor_wrote() {
        // `sed -i` stands in for an editor: it edits the file in place.
        // SAFETY: no other test in this binary reads or writes VISUAL.
        unsafe {
            std::env::set_var("VISUAL", "sed -i s/unclear/specified/");
        }
        let out = super::edit("type unclear\n");
        assert_eq!(out.as_deref(), Some("type specified\n"));
    }
}
