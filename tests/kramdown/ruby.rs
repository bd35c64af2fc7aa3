//! kramdown, through one ruby process running `tests/kramdown/render.rb` for every page.

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};

/// One line for the script: a page to render, or the site configuration for the pages after.
#[derive(Debug, Clone)]
pub struct Request {
    pub id: String,
    pub text: String,
}

impl Request {
    /// The site's `_config.yml`, whose `kramdown:` keys apply to the pages that follow.
    pub fn config(path: &Path) -> Request {
        Request {
            id: String::new(),
            text: path.display().to_string(),
        }
    }

    fn line(&self) -> String {
        let value = if self.id.is_empty() {
            serde_json::json!({ "config": self.text })
        } else {
            serde_json::json!({ "id": self.id, "text": self.text })
        };
        value.to_string()
    }
}

/// Whether ruby, kramdown 2 and its GFM parser are here; why not otherwise.
pub fn available() -> Result<(), String> {
    let out = Command::new("ruby")
        .args([
            "-rkramdown",
            "-rkramdown-parser-gfm",
            "-e",
            "exit(Kramdown::VERSION.start_with?('2.') ? 0 : 1)",
        ])
        .output();
    match out {
        Ok(o) if o.status.success() => Ok(()),
        Ok(_) => Err("kramdown 2 or kramdown-parser-gfm missing for ruby \
                     (apt-get install ruby-kramdown ruby-kramdown-parser-gfm)"
            .into()),
        Err(_) => {
            Err("ruby not found (apt-get install ruby-kramdown ruby-kramdown-parser-gfm)".into())
        }
    }
}

/// Every page's HTML (or kramdown's error), by id.
pub fn render(
    script: &Path,
    requests: &[Request],
) -> Result<HashMap<String, Result<String, String>>, String> {
    let mut child = Command::new("ruby")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot run ruby: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let input: String = requests.iter().map(|r| r.line() + "\n").collect();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut out = HashMap::new();
    let stdout = child.stdout.take().ok_or("no stdout")?;
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| format!("reading kramdown's output: {e}"))?;
        let v: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| format!("kramdown's output: {e}"))?;
        let id = v["id"].as_str().unwrap_or("").to_string();
        let result = match (v["html"].as_str(), v["error"].as_str()) {
            (Some(h), _) => Ok(h.to_string()),
            (None, Some(e)) => Err(format!("kramdown failed: {e}")),
            _ => Err("kramdown gave no html".to_string()),
        };
        out.insert(id, result);
    }
    let _ = writer.join();
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!(
            "render.rb failed ({status}): see its message above"
        ));
    }
    Ok(out)
}
