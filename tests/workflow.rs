//! The workflow around a build, end to end with the real binary: named outputs, `--quiet`,
//! each subcommand's own options, diagnostic codes and `allow:`, `--message-format`.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use livret::diag::Code;

const FIXTURE: &str = "tests/fixtures/workflow";

use common::{livret, scratch, stderr, stdout};

fn config(name: &str) -> String {
    format!("{FIXTURE}/{name}")
}

#[test]
fn output_names_the_files() {
    let out_dir = scratch("workflow-named");
    let out = livret(&[
        "build",
        "-q",
        "--config",
        &config("livret.yaml"),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let mut names: Vec<String> = fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["approche.epub", "approche.pdf"]);
}

#[test]
fn out_without_subcommand_still_builds() {
    let out_dir = scratch("workflow-default-sub");
    let out = livret(&[
        "-q",
        "--config",
        &config("une-page.yaml"),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out_dir.join("guide.pdf").is_file() && out_dir.join("guide.epub").is_file());
}

#[test]
fn only_build_lists_out() {
    for (sub, has_out) in [("check", false), ("tree", false), ("build", true)] {
        let help = stdout(&livret(&[sub, "--help"]));
        assert_eq!(help.contains("--out"), has_out, "{sub}:\n{help}");
        assert!(help.contains("--message-format"), "{sub}:\n{help}");
    }
    let out = livret(&["check", "--out", "x"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn one_page_is_singular() {
    let out = livret(&["check", "--config", &config("une-page.yaml")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(
        text.starts_with("loaded 1 page · 0 links: 0 internal, 0 external, 0 broken ("),
        "{text}"
    );
}

#[test]
fn guides_are_built_in_one_run() {
    let out_dir = scratch("workflow-guides");
    let out = livret(&[
        "build",
        "--config",
        &config("guides.yaml"),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut names: Vec<String> = fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["debut.epub", "debut.pdf", "suite.epub", "suite.pdf"]
    );
    // The warning of the second guide's page, once; the closing count for the run.
    let text = stderr(&out);
    assert_eq!(text.matches("[liquid-removed]").count(), 1, "{text}");
    assert!(text.ends_with("\n0 errors, 1 warning\n"), "{text}");
    let tree = stdout(&livret(&["tree", "-q", "--config", &config("guides.yaml")]));
    let heads: Vec<&str> = tree
        .lines()
        .filter(|l| l.starts_with("book ") || l.starts_with("chapter "))
        .collect();
    assert_eq!(
        heads,
        [
            "book \"Le début\" lang=fr",
            "chapter premiers-pas url=/premiers-pas.html source=premiers-pas.md",
            "book \"La suite\" lang=fr",
            "chapter suite url=/suite source=suite.md",
            "chapter avertissement url=/avertissement.html source=avertissement.md",
        ]
    );
}

/// One note, one error, one warning, in the human format with their codes.
const HUMAN: &str = "\
tests/fixtures/workflow/site/accueil.md:4: note: the page has no text: left out of the guide (its layout `home` makes the page) [page-left-out]
tests/fixtures/workflow/site/erreurs.md:5:14: error: link to `nulle-part.md` matches no page of the guide [broken-link]
tests/fixtures/workflow/site/erreurs.md:7:1: warning: liquid tag `include` removed [liquid-removed]
1 error, 1 warning, 1 note
";

#[test]
fn human_diagnostics_carry_their_codes() {
    let out = livret(&["check", "--config", &config("kinds.yaml")]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    let diags = &text[text.find('\n').unwrap() + 1..];
    assert_eq!(diags, HUMAN);
}

#[test]
fn quiet_prints_errors_only() {
    let out = livret(&["check", "-q", "--config", &config("kinds.yaml")]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "tests/fixtures/workflow/site/erreurs.md:5:14: error: link to `nulle-part.md` matches no page of the guide [broken-link]\n\
         1 error, 1 warning, 1 note\n"
    );
    // Nothing failed: nothing at all.
    let out = livret(&["check", "-q", "--config", &config("accepte.yaml")]);
    assert_eq!((out.status.code(), stderr(&out)), (Some(0), String::new()));
}

#[test]
fn allowed_warnings_are_counted_not_printed_nor_denied() {
    let out = livret(&[
        "check",
        "--deny-warnings",
        "--config",
        &config("accepte.yaml"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(
        text.ends_with("\n0 errors, 1 warning (1 allowed)\n"),
        "{text}"
    );
    assert!(!text.contains("warning:"), "{text}");
    // The same site without `allow:` fails under `--deny-warnings`.
    let dir = scratch("workflow-not-allowed");
    let yaml = fs::read_to_string(config("accepte.yaml")).unwrap();
    let yaml = yaml[..yaml.find("allow:").unwrap()].replace(
        "site: site",
        &format!("site: {}/{FIXTURE}/site", env!("CARGO_MANIFEST_DIR")),
    );
    fs::write(dir.join("livret.yaml"), yaml).unwrap();
    let out = livret(&[
        "check",
        "--deny-warnings",
        "--config",
        dir.join("livret.yaml").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("[liquid-removed]"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn json_is_one_object_a_line() {
    let out = livret(&[
        "check",
        "-q",
        "--message-format",
        "json",
        "--config",
        &config("kinds.yaml"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        r#"{"file":"tests/fixtures/workflow/site/erreurs.md","line":5,"column":14,"severity":"error","code":"broken-link","message":"link to `nulle-part.md` matches no page of the guide","hint":null}
"#
    );
    let out = livret(&[
        "check",
        "--message-format",
        "json",
        "--config",
        &config("kinds.yaml"),
    ]);
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    let severities: Vec<&str> = lines
        .iter()
        .map(|v| v["severity"].as_str().unwrap())
        .collect();
    assert_eq!(severities, ["note", "error", "warning"]);
    assert_eq!(lines[0]["code"], "page-left-out");
    assert_eq!(lines[0]["line"], 4);
    assert_eq!(lines[0]["column"], 0);
    assert_eq!(
        stderr(&out).lines().last(),
        Some("1 error, 1 warning, 1 note")
    );
}

#[test]
fn github_annotations() {
    let out = livret(&[
        "check",
        "--message-format",
        "github",
        "--config",
        &config("kinds.yaml"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "::notice file=tests/fixtures/workflow/site/accueil.md,line=4,title=page-left-out::the page has no text: left out of the guide (its layout `home` makes the page)\n\
         ::error file=tests/fixtures/workflow/site/erreurs.md,line=5,col=14,title=broken-link::link to `nulle-part.md` matches no page of the guide\n\
         ::warning file=tests/fixtures/workflow/site/erreurs.md,line=7,col=1,title=liquid-removed::liquid tag `include` removed\n"
    );
}

#[test]
fn gitlab_code_quality_report() {
    let out = livret(&[
        "check",
        "--message-format",
        "gitlab",
        "--config",
        &config("kinds.yaml"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("a JSON report");
    let issues = report.as_array().unwrap();
    let brief: Vec<(String, String, String, u64)> = issues
        .iter()
        .map(|i| {
            (
                i["check_name"].as_str().unwrap().to_string(),
                i["severity"].as_str().unwrap().to_string(),
                i["location"]["path"].as_str().unwrap().to_string(),
                i["location"]["lines"]["begin"].as_u64().unwrap(),
            )
        })
        .collect();
    let site = "tests/fixtures/workflow/site";
    assert_eq!(
        brief,
        [
            (
                "page-left-out".into(),
                "info".into(),
                format!("{site}/accueil.md"),
                4
            ),
            (
                "broken-link".into(),
                "major".into(),
                format!("{site}/erreurs.md"),
                5
            ),
            (
                "liquid-removed".into(),
                "minor".into(),
                format!("{site}/erreurs.md"),
                7
            ),
        ]
    );
    let fingerprints: std::collections::BTreeSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fingerprints.len(), 3);
    // The same run gives the same report.
    let again = livret(&[
        "check",
        "--message-format",
        "gitlab",
        "--config",
        &config("kinds.yaml"),
    ]);
    assert_eq!(stdout(&again), stdout(&out));
}

/// The README's table of codes is the list of `src/diag/code.rs`, in the same order, with the
/// same meanings: a new code is documented or this fails.
#[test]
fn every_code_is_documented_in_the_readme() {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("<!-- codes:")
        .expect("the codes table's opening marker");
    let end = readme
        .find("<!-- end of codes -->")
        .expect("its closing marker");
    let documented: Vec<String> = readme[start..end]
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .map(|l| {
            l.replacen("` | ", " ", 1)
                .trim_end_matches(" |")
                .to_string()
        })
        .collect();
    let known: Vec<String> = Code::ALL
        .iter()
        .map(|c| format!("{} {}", c.name(), c.meaning()))
        .collect();
    assert_eq!(documented, known);
}

/// The real approche section passes `--deny-warnings` with the `allow:` list of
/// `examples/beta-approche.yaml`, every warning of it allowed (each says why there).
#[test]
fn the_real_approche_section_passes_deny_warnings() {
    let Some(site) = common::corpus() else {
        return common::skip("the shared corpus is not present");
    };
    let out = livret(&[
        "check",
        "--deny-warnings",
        "--config",
        "examples/beta-approche.yaml",
        "--site",
        site.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let last = stderr(&out).lines().last().map(str::to_string);
    assert_eq!(last.as_deref(), Some("0 errors, 7 warnings (7 allowed)"));
}

/// How livret names `path` in messages: relative to the project when inside it.
fn shown(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Copies the folder `from` into `to`, recursively.
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}

const INIT: &str = "\
# The guide livret makes of this Jekyll site (written by `livret init`).
# Every key is explained in livret's README, \"Configuration reference\".
#
#   livret check --config THIS_FILE    # every problem, located
#   livret build --config THIS_FILE    # output/guide.pdf and output/guide.epub

# The title, on the cover and in the metadata (from _config.yml).
title: Atelier du vendredi
# subtitle:
# author:
# publisher:
# The site's public URL: a link to it is a link to a page of the site.
url: https://atelier.example.org
# The site folder, relative to this file.
site: .
# The edition date, YYYY-MM-DD (else SOURCE_DATE_EPOCH; never the clock).
# date: 2026-01-31
# The outputs' name: NAME.pdf and NAME.epub.
# output: guide
# The chapters, in the order of this navigation's links.
nav: _includes/menu.html
# Warnings known and accepted, by code (see the README's \"Diagnostic codes\"):
# allow:
#   image-remote: all
";

#[test]
fn init_writes_a_commented_configuration_once() {
    let site = scratch("workflow-init").join("site");
    copy_dir(&Path::new(FIXTURE).join("site"), &site);
    let site_arg = site.to_str().unwrap();
    let out = livret(&["init", "--site", site_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let target = site.join("livret.yaml");
    assert_eq!(fs::read_to_string(&target).unwrap(), INIT);
    // What it wrote is a configuration livret reads: the navigation's two pages with text.
    let check = livret(&["check", "--config", target.to_str().unwrap()]);
    assert!(
        stderr(&check).starts_with("loaded 2 pages · "),
        "{}",
        stderr(&check)
    );
    // Never over an existing file.
    fs::write(&target, "title: mine\n").unwrap();
    let again = livret(&["init", "-q", "--site", site_arg]);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(
        stderr(&again),
        format!(
            "{}: error: the configuration exists already: left as it is [config-invalid]\n  \
             hint: remove it first, or write another with `--config FILE`\n1 error, 0 warnings\n",
            shown(&target)
        )
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), "title: mine\n");
}

#[test]
fn init_asks_which_navigation_or_takes_nav() {
    let site = scratch("workflow-init-two").join("site");
    copy_dir(&Path::new(FIXTURE).join("site"), &site);
    fs::write(
        site.join("_includes/pied.html"),
        "<footer><a href=\"/suite\">Suite</a> <a href=\"/premiers-pas.html\">Début</a></footer>\n",
    )
    .unwrap();
    let site_arg = site.to_str().unwrap();
    // No terminal to ask on: nothing written, the choices said.
    let out = livret(&["init", "-q", "--site", site_arg]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "{}: error: several includes could give the order: `_includes/menu.html`, `_includes/pied.html` [nav-missing]\n  \
             hint: choose one with `--nav FILE`, or run `livret init` in a terminal\n1 error, 0 warnings\n",
            shown(&site)
        )
    );
    assert!(!site.join("livret.yaml").exists());
    let out = livret(&[
        "init",
        "-q",
        "--site",
        site_arg,
        "--nav",
        "_includes/pied.html",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = fs::read_to_string(site.join("livret.yaml")).unwrap();
    assert!(
        text.contains("nav: _includes/pied.html\n# Other includes that could give the order:\n#   nav: _includes/menu.html\n"),
        "{text}"
    );
}

/// A `livret watch` running in the background, its stderr lines read on a thread.
struct Watching {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Watching {
    fn start(config: &Path, out: &Path) -> Watching {
        let mut child = Command::new(env!("CARGO_BIN_EXE_livret"))
            .args(["watch", "--config", config.to_str().unwrap(), "--out"])
            .arg(out)
            .env("SOURCE_DATE_EPOCH", "1767225600")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("livret watch starts");
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watching { child, lines }
    }

    /// The lines up to the next build's closing line (`built in …` or `not built …`).
    fn next_build(&mut self) -> Vec<String> {
        let mut got = Vec::new();
        loop {
            let line = self
                .lines
                .recv_timeout(std::time::Duration::from_secs(60))
                .unwrap_or_else(|_| panic!("no build within a minute; so far: {got:?}"));
            let done = line.contains("; watching for changes");
            got.push(line);
            if done {
                return got;
            }
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The milliseconds of a `built in N ms; …` line.
fn build_ms(line: &str) -> u128 {
    let rest = line.split(" in ").nth(1).unwrap();
    rest.split(" ms").next().unwrap().parse().unwrap()
}

/// `livret watch` on a copy of the default guide: a one-page edit rebuilds it (the figure is
/// printed; at most 100 ms in a release build), a broken link is reported without ending the
/// watch or touching the outputs, and the fix builds again.
#[test]
fn watch_rebuilds_and_survives_errors() {
    let dir = scratch("workflow-watch");
    let content = dir.join("content");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &content,
    );
    let out = dir.join("out");
    let mut watch = Watching::start(&content.join("livret.yaml"), &out);
    let first = watch.next_build();
    assert!(first.last().unwrap().starts_with("built in "), "{first:?}");
    let pdf = out.join("guide.pdf");
    let good = fs::read(&pdf).unwrap();

    let page = content.join("_pages/glossaire.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, format!("{text}\nUne phrase ajoutée.\n")).unwrap();
    let edited = watch.next_build();
    let line = edited.last().unwrap();
    assert!(line.starts_with("built in "), "{edited:?}");
    let ms = build_ms(line);
    eprintln!("one-page edit of the default guide rebuilt in {ms} ms");
    if !cfg!(debug_assertions) {
        assert!(ms <= 100, "{ms} ms");
    }
    let rebuilt = fs::read(&pdf).unwrap();
    assert_ne!(rebuilt, good, "the edit is in the new PDF");

    fs::write(&page, format!("{text}\n[cassé](nulle-part.md)\n")).unwrap();
    let broken = watch.next_build();
    assert!(
        broken[0]
            .ends_with("error: link to `nulle-part.md` matches no page of the guide [broken-link]"),
        "{broken:?}"
    );
    assert!(
        broken
            .last()
            .unwrap()
            .starts_with("not built (the last good outputs stay) in "),
        "{broken:?}"
    );
    assert_eq!(fs::read(&pdf).unwrap(), rebuilt, "the last good PDF stays");
    assert!(
        watch.child.try_wait().unwrap().is_none(),
        "watch goes on after an error"
    );

    fs::write(&page, &text).unwrap();
    let fixed = watch.next_build();
    assert!(fixed.last().unwrap().starts_with("built in "), "{fixed:?}");
}

/// The `livret …` commands of the CI recipes (`examples/ci/`), run here on the default guide
/// as the CI job would (not the CI service): each passes, the report and the outputs are there.
#[test]
fn ci_recipes_commands_pass_on_the_default_guide() {
    for recipe in [
        "examples/ci/github-workflow.yml",
        "examples/ci/gitlab-ci.yml",
    ] {
        let text = fs::read_to_string(recipe).unwrap();
        let commands: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim().trim_start_matches("- ").strip_prefix("run: "))
            .chain(text.lines().filter_map(|l| l.trim().strip_prefix("- ")))
            .filter(|c| c.starts_with("livret "))
            .collect();
        assert_eq!(commands.len(), 2, "{recipe}: {commands:?}");
        let dir = scratch(&format!("workflow-ci-{}", recipe.len()));
        for command in commands {
            let (command, redirect) = match command.split_once(" > ") {
                Some((c, file)) => (c, Some(dir.join(file.trim()))),
                None => (command, None),
            };
            let mut args: Vec<String> = command
                .split_whitespace()
                .skip(1)
                .map(String::from)
                .collect();
            if let Some(i) = args.iter().position(|a| a == "--out") {
                args[i + 1] = dir.join(&args[i + 1]).to_string_lossy().into_owned();
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = livret(&args);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{recipe}: {command}\n{}",
                stderr(&out)
            );
            if let Some(file) = redirect {
                fs::write(&file, &out.stdout).unwrap();
                let report: serde_json::Value =
                    serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
                assert!(report.is_array(), "{recipe}: {report}");
            }
        }
        assert!(dir.join("output/guide.pdf").is_file(), "{recipe}");
        assert!(dir.join("output/guide.epub").is_file(), "{recipe}");
    }
}

/// `livret completions SHELL` and `livret man`, from clap's own crates: each names every
/// subcommand and the new options.
#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish"] {
        let out = livret(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        for word in ["watch", "init", "check", "message-format", "deny-warnings"] {
            assert!(script.contains(word), "{shell} completion lacks `{word}`");
        }
    }
    let out = livret(&["man"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(page.contains(".TH livret 1"), "{page}");
    for word in ["livret\\-watch", "livret\\-init", "\\-\\-message\\-format"] {
        assert!(page.contains(word), "the man page lacks `{word}`:\n{page}");
    }
}
