//! GitHub Actions workflow commands: one `::error`/`::warning` annotation per diagnostic.

use super::FileOutput;

pub fn render(files: &[FileOutput]) -> String {
    let _ = files;
    String::new()
}
