//! `$EDITOR` for provider query text (the TUI's composer and the CLI's
//! `ask`/`hold`/`ask answer` when the text is not given): a private
//! temporary directory (mode 0700, a fresh unpredictable name, created
//! with `mkdir` so a planted directory or file is never adopted) holding
//! the file (mode 0600), the editor run on the real terminal, the text
//! read back, the directory removed afterwards since it holds chart
//! details. Every failure is reported: what failed and why.

use std::fs::{DirBuilder, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The editor command: `$VISUAL`, else `$EDITOR`, else `vi`.
fn editor() -> String {
    std::env::var("VISUAL")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .or_else(|| std::env::var("EDITOR").ok())
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".into())
}

/// A new directory only this user can enter, under the temp dir.
fn private_dir() -> Result<PathBuf, String> {
    let base = std::env::temp_dir();
    let mut last = None;
    for attempt in 0..16u32 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = base.join(format!(
            "chartq-edit-{}-{nanos:08x}{attempt:x}",
            std::process::id()
        ));
        match DirBuilder::new().mode(0o700).create(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => {
                return Err(format!(
                    "cannot create a private temporary directory in {}: {e}",
                    base.display()
                ));
            }
        }
    }
    Err(format!(
        "cannot create a private temporary directory in {}: {}",
        base.display(),
        last.map(|e| e.to_string()).unwrap_or_default()
    ))
}

/// Edits `text`: the edited text, or why no text came back.
pub fn edit(text: &str) -> Result<String, String> {
    let editor = editor();
    let dir = private_dir()?;
    let result = edit_in(&dir, &editor, text);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn edit_in(dir: &Path, editor: &str, text: &str) -> Result<String, String> {
    let path = dir.join("chartq-text.txt");
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    drop(file);
    // The editor may be "code --wait" or "emacs -nw": split on spaces.
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or("vi");
    let status = Command::new(program)
        .args(parts)
        .arg(&path)
        .status()
        .map_err(|e| format!("cannot run the editor `{editor}` ($VISUAL/$EDITOR): {e}"))?;
    if !status.success() {
        return Err(format!(
            "the editor `{editor}` failed ({status}); nothing was changed"
        ));
    }
    std::fs::read_to_string(&path).map_err(|e| format!("cannot read back {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    // SAFETY (all tests): only this module's tests read or write VISUAL,
    // and they hold this lock while they do.
    static ENV: std::sync::Mutex<()> = std::sync::Mutex::new(());

    #[test]
    fn reads_back_what_the_editor_wrote() {
        let _g = ENV.lock().unwrap();
        // `sed -i` stands in for an editor: it edits the file in place.
        unsafe {
            std::env::set_var("VISUAL", "sed -i s/unclear/specified/");
        }
        let out = super::edit("type unclear\n");
        assert_eq!(out.as_deref(), Ok("type specified\n"));
    }

    #[test]
    fn a_failing_or_missing_editor_is_reported() {
        let _g = ENV.lock().unwrap();
        unsafe {
            std::env::set_var("VISUAL", "false");
        }
        let err = super::edit("x").unwrap_err();
        assert!(err.contains("editor `false` failed"), "{err}");
        unsafe {
            std::env::set_var("VISUAL", "/nonexistent/chartq-editor");
        }
        let err = super::edit("x").unwrap_err();
        assert!(err.contains("cannot run the editor"), "{err}");
    }

    #[test]
    fn the_file_is_in_a_private_directory_never_a_planted_one() {
        let _g = ENV.lock().unwrap();
        // What the old code used: a predictable name, planted in advance.
        let planted = std::env::temp_dir().join(format!("chartq-query-{}.txt", std::process::id()));
        std::fs::write(&planted, "planted").unwrap();
        // The "editor" records the directory's mode and the file's.
        let tools = tempfile::tempdir().unwrap();
        let script = tools.path().join("ed.sh");
        std::fs::write(
            &script,
            "#!/bin/sh\necho \"$(stat -c %a \"$(dirname \"$1\")\") $(stat -c %a \"$1\")\" >\"$1\"\n",
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        unsafe {
            std::env::set_var("VISUAL", &script);
        }
        let out = super::edit("text").unwrap();
        let _ = std::fs::remove_file(&planted);
        assert_eq!(out.trim(), "700 600", "{out}");
        let d = super::private_dir().unwrap();
        let mode = std::fs::metadata(&d).unwrap().permissions().mode() & 0o777;
        std::fs::remove_dir(&d).unwrap();
        assert_eq!(mode, 0o700);
    }
}
