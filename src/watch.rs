//! `livret watch`: build, then build again whenever a page, an image, an include, the
//! configuration or the style changes, until interrupted.
//!
//! File events come from the `notify` crate (inotify on Linux). They arrive in bursts (an
//! editor writes a temporary file, renames it, touches the folder), so a build starts once
//! [`QUIET`] has passed without an event. A build with an error writes nothing
//! ([`crate::build`]), so the last good outputs stay; an error in the content never ends the
//! loop: only a watcher that cannot watch does.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::diag::Diagnostics;
use crate::{BuildOptions, Options};

/// How long the files must stay still before a build starts. Editors save in a few
/// milliseconds; 50 ms is below what a person notices and above a save's burst.
pub const QUIET: Duration = Duration::from_millis(50);

/// Folders whose changes never call for a build: Jekyll's output and caches, version control.
const IGNORED_DIRS: &[&str] = &[
    "_site",
    ".git",
    ".jekyll-cache",
    ".sass-cache",
    "node_modules",
];

/// One build of the loop: its diagnostics and how long it took (the tool's time, from the
/// first file read to the last output written).
pub struct Round<'a> {
    pub diags: &'a Diagnostics,
    pub took: Duration,
    /// Whether the outputs were written.
    pub wrote: bool,
}

/// Builds, then rebuilds on every change, calling `on_build` after each build. Returns only
/// when the watcher fails (the message says why).
pub fn watch(
    opts: &Options,
    build: &BuildOptions,
    on_build: &mut dyn FnMut(Round),
) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx).map_err(|e| format!("cannot watch: {e}"))?;
    let mut watched: BTreeSet<PathBuf> = BTreeSet::new();
    let out = absolute(&build.out);
    loop {
        let started = Instant::now();
        let mut diags = Diagnostics::new();
        let guides = crate::build(opts, build, &mut diags);
        let took = started.elapsed();
        let wanted = watch_list(opts, guides.as_deref().unwrap_or(&[]));
        // What to watch may change with the configuration (another site, another style); it
        // is watched before the build is reported, so that no change after the report is lost.
        if wanted != watched {
            for gone in watched.difference(&wanted) {
                let _ = watcher.unwatch(gone);
            }
            for new in wanted.difference(&watched) {
                if new.exists() {
                    watcher
                        .watch(new, RecursiveMode::Recursive)
                        .map_err(|e| format!("cannot watch `{}`: {e}", new.display()))?;
                }
            }
            watched = wanted;
        }
        on_build(Round {
            diags: &diags,
            took,
            wrote: guides.is_some(),
        });
        wait_for_change(&rx, &out)?;
    }
}

/// Blocks until a file that matters changed, then until [`QUIET`] passes without an event.
fn wait_for_change(
    rx: &mpsc::Receiver<notify::Result<notify::Event>>,
    out: &Path,
) -> Result<(), String> {
    let matters = |event: &notify::Event| {
        !matches!(event.kind, EventKind::Access(_) | EventKind::Other)
            && event.paths.iter().any(|p| matters(p, out))
    };
    loop {
        match rx.recv() {
            Ok(Ok(event)) if matters(&event) => break,
            Ok(_) => {}
            Err(_) => return Err("the file watcher stopped".to_string()),
        }
    }
    loop {
        match rx.recv_timeout(QUIET) {
            Ok(_) => {}
            Err(mpsc::RecvTimeoutError::Timeout) => return Ok(()),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err("the file watcher stopped".to_string())
            }
        }
    }
}

/// Whether a change to `path` can change the guide: not in the output folder, not a hidden
/// file (editors' swap files, our own temporary outputs), not in Jekyll's output or caches.
fn matters(path: &Path, out: &Path) -> bool {
    if path.starts_with(out) {
        return false;
    }
    !path.components().any(|c| match c {
        Component::Normal(name) => {
            let name = name.to_string_lossy();
            name.starts_with('.') && name.len() > 1 || IGNORED_DIRS.contains(&name.as_ref())
        }
        _ => false,
    }) && !path.to_string_lossy().ends_with('~')
}

/// The folders a build read: the configuration's, each guide's site folder and style's.
fn watch_list(opts: &Options, guides: &[crate::Prepared]) -> BTreeSet<PathBuf> {
    let mut wanted = BTreeSet::new();
    let config = opts.load.config.clone().or_else(|| {
        Some(PathBuf::from(crate::load::DEFAULT_CONFIG)).filter(|_| opts.load.site.is_none())
    });
    if let Some(config) = config {
        if let Some(dir) = absolute(&config).parent() {
            wanted.insert(dir.to_path_buf());
        }
    }
    if let Some(site) = &opts.load.site {
        wanted.insert(absolute(site));
    }
    for guide in guides {
        wanted.insert(guide.site_dir.clone());
        if let Some(dir) = guide
            .style
            .as_deref()
            .and_then(|s| absolute(s).parent().map(Path::to_path_buf))
        {
            wanted.insert(dir);
        }
    }
    // A folder inside another watched one is watched already (recursively).
    let all: Vec<PathBuf> = wanted.iter().cloned().collect();
    wanted.retain(|dir| {
        !all.iter()
            .any(|other| other != dir && dir.starts_with(other))
    });
    wanted
}

/// `path` made absolute and without `.` or `..`.
fn absolute(path: &Path) -> PathBuf {
    crate::load::normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_matters() {
        let out = Path::new("/g/output");
        assert!(matters(Path::new("/g/content/_pages/a.md"), out));
        assert!(matters(Path::new("/g/content/img/x.png"), out));
        assert!(!matters(Path::new("/g/output/guide.pdf"), out));
        assert!(!matters(Path::new("/g/content/.a.md.swp"), out));
        assert!(!matters(Path::new("/g/content/a.md~"), out));
        assert!(!matters(Path::new("/g/content/_site/a.html"), out));
        assert!(!matters(Path::new("/g/content/.git/index"), out));
    }
}
