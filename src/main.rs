//! The `livret` command line: `build` (the default), `check`, `tree`, `watch`, `init`, `completions`, `man`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use livret::diag::{plural, Diagnostics, Format, Severity};
use livret::layout::Profile;
use livret::load::LoadOptions;
use livret::{BuildOptions, Options};

/// mimalloc rather than the system allocator: the layout threads allocate and free millions
/// of small vectors (glyphs, lines, items). With glibc's malloc a 1,000-page build took 2.9 s
/// and held 335–370 MB resident; with mimalloc, tuned by [`tune_allocator`], 2.4 s and 275 MB.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_arena_eager_commit` and `mi_option_purge_delay`: their places in the
/// option enum of `mimalloc.h` (v3), for which the `-sys` crate names no constant;
/// `allocator_option_numbers_are_mimallocs` checks them against their neighbours.
const MI_OPTION_ARENA_EAGER_COMMIT: i32 = 4;
const MI_OPTION_PURGE_DELAY: i32 = 15;
/// How long freed memory stays with the process before it goes back to the system: mimalloc
/// v2's 10 ms rather than v3's 1000 ms.
const PURGE_DELAY_MS: i32 = 10;

/// [`tune_allocator`], run by the loader before `main` and before the first allocation:
/// mimalloc reserves its first arena at the first allocation (the Rust runtime makes one before
/// `main`), and an arena keeps the commit setting it was made with. `.init_array` is ELF's:
/// elsewhere `main` calls it first, too late for the first arena's commit setting.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static TUNE_ALLOCATOR: extern "C" fn() = {
    extern "C" fn tune() {
        tune_allocator();
    }
    tune
};

/// Makes mimalloc commit arena memory as it is used rather than all at once, and give freed
/// memory back after 10 ms rather than a second. A 1,000-page build (at most 200 MB of live
/// data) held 305–385 MB resident with mimalloc's defaults, 275 MB with these, in the same
/// time; a purge delay of 0 saves 2 MB more but costs 15 % of the time. The environment
/// (`MIMALLOC_ARENA_EAGER_COMMIT`, `MIMALLOC_PURGE_DELAY`) still wins, for measurements.
fn tune_allocator() {
    for (name, option, value) in [
        (
            "MIMALLOC_ARENA_EAGER_COMMIT",
            MI_OPTION_ARENA_EAGER_COMMIT,
            0,
        ),
        (
            "MIMALLOC_PURGE_DELAY",
            MI_OPTION_PURGE_DELAY,
            PURGE_DELAY_MS,
        ),
    ] {
        if std::env::var_os(name).is_none() {
            // SAFETY: called by the loader before `main`, while the process has one thread
            // (the call is not thread-safe). Looking up an absent variable with a short name
            // allocates nothing, so the first arena is made after this.
            unsafe { libmimalloc_sys::mi_option_set(option, value.into()) };
        }
    }
}

#[derive(Parser, Debug)]
#[command(
    name = "livret",
    version,
    about = "A Jekyll guide into a print-quality PDF and an accessible EPUB"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    common: Common,
    /// Output folder when no subcommand is given (`build`'s `--out`).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Where `build` writes when no `--out` is given.
const DEFAULT_OUT: &str = "output";

#[derive(Subcommand, Debug)]
enum Command {
    /// Load and resolve the guide, print every diagnostic; exit 1 on any error.
    Check {
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Print the resolved document tree as text.
    Tree,
    /// Build, then build again whenever a page, an image, an include, the configuration or
    /// the style changes; a failed build keeps the last good outputs. Stop with Ctrl-C.
    Watch {
        /// Output folder (default: `output`).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// `print` or `screen`, as for `build`.
        #[arg(long, value_enum)]
        profile: Option<ProfileArg>,
    },
    /// Print a shell completion script (`livret completions bash > /etc/bash_completion.d/livret`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `livret man > livret.1`.
    Man,
    /// Write a commented configuration for the site (`--site`, default `.`) at `--config`
    /// (default: `livret.yaml` in the site folder); never over an existing file.
    Init {
        /// The navigation include that gives the order, relative to the site folder (asked
        /// when several could and a terminal is there to ask on).
        #[arg(long, value_name = "FILE")]
        nav: Option<PathBuf>,
    },
    /// Build the PDF and the EPUB into the output folder (the default).
    Build {
        /// Output folder (default: `output`).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// `print`: page references and URL notes for paper; `screen`: coloured links only.
        /// Default: the configuration's `profile`, else `print`.
        #[arg(long, value_enum)]
        profile: Option<ProfileArg>,
        /// Write the PDF and the EPUB despite errors that leave something to render (a broken
        /// link set as plain text, a missing image as a labelled placeholder); every
        /// diagnostic is still printed and the exit status is still 1.
        #[arg(long)]
        keep_going: bool,
        /// Also write `guide-livret.pdf`: the guide in A5, imposed two pages a side on A4
        /// sheets, to print double-sided (short edge), fold and staple (see `booklet:`).
        #[arg(long)]
        booklet: bool,
        /// Also write `guide-imprimeur.pdf`: the A5 pages with 3 mm of bleed, crop marks,
        /// TrimBox and BleedBox, for a print shop (implies `--booklet`).
        #[arg(long)]
        print_shop: bool,
    },
}

/// The `--profile` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum ProfileArg {
    Print,
    Screen,
}

impl From<ProfileArg> for Profile {
    fn from(p: ProfileArg) -> Profile {
        match p {
            ProfileArg::Print => Profile::Print,
            ProfileArg::Screen => Profile::Screen,
        }
    }
}

/// The `--message-format` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum MessageFormat {
    Human,
    Json,
    Github,
    Gitlab,
}

impl From<MessageFormat> for Format {
    fn from(f: MessageFormat) -> Format {
        match f {
            MessageFormat::Human => Format::Human,
            MessageFormat::Json => Format::Json,
            MessageFormat::Github => Format::Github,
            MessageFormat::Gitlab => Format::Gitlab,
        }
    }
}

#[derive(Args, Debug)]
struct Common {
    /// The guide configuration (default: `content/livret.yaml` if present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// The site folder (overrides the configuration's `site:`).
    #[arg(long, global = true)]
    site: Option<PathBuf>,
    /// How diagnostics are printed: `human` (stderr), `json` (one object a line), `github`
    /// (workflow commands that annotate a pull request), `gitlab` (a Code Quality report);
    /// the machine formats on stdout.
    #[arg(long, value_enum, default_value = "human", global = true)]
    message_format: MessageFormat,
    /// Print errors only: no per-stage summary, no warnings or notes (the closing count still
    /// when the run fails).
    #[arg(long, short, global = true)]
    quiet: bool,
}

/// Exit code of a run that found errors in its input.
const EXIT_BAD_INPUT: u8 = 1;
/// Exit code of a run stopped by a bug inside livret (a panic): what Rust itself uses.
const EXIT_INTERNAL: u8 = 101;

fn main() -> ExitCode {
    #[cfg(not(target_os = "linux"))]
    tune_allocator();
    let cli = Cli::parse();
    // A panic is a bug of ours, never the user's: no Rust message or backtrace, but what it
    // was, where, and the file being processed, with a request to report it.
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string());
        let place = info
            .location()
            .map(|l| format!(" (at {}:{})", l.file(), l.line()))
            .unwrap_or_default();
        let file = livret::internal::current()
            .map(|f| format!(" while processing {}", f.display()))
            .unwrap_or_default();
        eprintln!(
            "internal error: {what}{place}{file}; please report it at {}",
            livret::internal::REPORT_TO
        );
    }));
    match std::panic::catch_unwind(move || run(cli)) {
        Ok(code) => code,
        Err(_) => ExitCode::from(EXIT_INTERNAL),
    }
}

/// The command the user asked for; the exit code.
fn run(cli: Cli) -> ExitCode {
    let opts = Options {
        load: LoadOptions {
            config: cli.common.config.clone(),
            site: cli.common.site.clone(),
        },
        verbose: !cli.common.quiet,
    };
    let mut diags = Diagnostics::new();
    let mut deny_warnings = false;
    let default = Command::Build {
        out: None,
        profile: None,
        keep_going: false,
        booklet: false,
        print_shop: false,
    };
    let command = cli.command.unwrap_or(default);
    let command_name = match command {
        Command::Check { .. } => "check",
        Command::Tree => "tree",
        Command::Init { .. } => "init",
        Command::Watch { .. } => "watch",
        Command::Completions { .. } => "completions",
        Command::Man => "man",
        Command::Build { .. } => "build",
    };
    match command {
        Command::Check { deny_warnings: d } => {
            deny_warnings = d;
            livret::prepare_guides(&opts, &mut diags);
        }
        Command::Tree => {
            for prepared in livret::prepare_guides(&opts, &mut diags) {
                print!("{}", livret::book::dump::dump(&prepared.book));
            }
        }
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut command = Cli::command();
            clap_complete::generate(shell, &mut command, "livret", &mut std::io::stdout());
            return ExitCode::SUCCESS;
        }
        Command::Man => return man_page(),
        Command::Watch { out, profile } => {
            if let Err(message) = watch(&cli.common, opts, out.or(cli.out.clone()), profile) {
                eprintln!("error: {message}");
                return ExitCode::from(EXIT_BAD_INPUT);
            }
        }
        Command::Init { nav } => init(&cli.common, nav.as_deref(), &mut diags),
        Command::Build {
            out,
            profile,
            keep_going,
            booklet,
            print_shop,
        } => {
            let build = BuildOptions {
                out: out.or(cli.out).unwrap_or_else(|| DEFAULT_OUT.into()),
                profile: profile.map(Profile::from),
                keep_going,
                booklet,
                print_shop,
            };
            livret::build(&opts, &build, &mut diags);
        }
    }
    let tree_on_stdout = matches!(command_name, "tree");
    if report(&diags, &cli.common, deny_warnings, tree_on_stdout) {
        ExitCode::from(EXIT_BAD_INPUT)
    } else {
        ExitCode::SUCCESS
    }
}

/// `livret man`: the man page on stdout.
fn man_page() -> ExitCode {
    use clap::CommandFactory;
    let page = clap_mangen::Man::new(Cli::command());
    if let Err(e) = page.render(&mut std::io::stdout()) {
        eprintln!("error: cannot write the man page: {e}");
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    ExitCode::SUCCESS
}

/// `livret watch`: build, then build again on every change, one line a build.
fn watch(
    common: &Common,
    opts: Options,
    out: Option<PathBuf>,
    profile: Option<ProfileArg>,
) -> Result<(), String> {
    let build = BuildOptions {
        out: out.unwrap_or_else(|| DEFAULT_OUT.into()),
        profile: profile.map(Profile::from),
        keep_going: false,
        // The configuration's `booklet:` still applies; no flag asks for more.
        booklet: false,
        print_shop: false,
    };
    // The stage lines of every build would drown the diagnostics: one line a build.
    let quiet_opts = Options {
        verbose: false,
        ..opts
    };
    let mut on_build = |round: livret::watch::Round| {
        report(round.diags, common, false, false);
        let what = if round.wrote {
            "built"
        } else {
            "not built (the last good outputs stay)"
        };
        if !common.quiet || !round.wrote {
            eprintln!(
                "{what} in {} ms; watching for changes",
                round.took.as_millis()
            );
        }
    };
    livret::watch::watch(&quiet_opts, &build, &mut on_build)
}

/// `livret init`: a commented configuration for the site, never over an existing file.
fn init(common: &Common, nav: Option<&std::path::Path>, diags: &mut Diagnostics) {
    let site = common.site.clone().unwrap_or_else(|| PathBuf::from("."));
    let target = common
        .config
        .clone()
        .unwrap_or_else(|| site.join("livret.yaml"));
    let opts = livret::init::InitOptions {
        site: &site,
        target: &target,
        nav,
    };
    if let Some(written) = livret::init::init(&opts, &mut ask_nav, diags) {
        if !common.quiet {
            eprintln!("wrote {}", written.display());
        }
    }
}

/// Asks on the terminal which include gives the guide its order; `Stop` when stdin is no
/// terminal (CI, a script): `--nav` must say.
fn ask_nav(candidates: &[PathBuf]) -> livret::init::Choice {
    use livret::init::Choice;
    use std::io::{BufRead, IsTerminal};
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Choice::Stop;
    }
    eprintln!("Several includes could give the guide its order:");
    for (i, c) in candidates.iter().enumerate() {
        eprintln!("  {}. {}", i + 1, c.display());
    }
    eprintln!("  0. none: list every page");
    loop {
        eprint!("Which one? ");
        let mut line = String::new();
        if stdin.lock().read_line(&mut line).unwrap_or(0) == 0 {
            return Choice::Stop;
        }
        match line.trim().parse::<usize>() {
            Ok(0) => return Choice::Pages,
            Ok(n) if n <= candidates.len() => return Choice::Nav(n - 1),
            _ => eprintln!("a number from 0 to {}", candidates.len()),
        }
    }
}

/// Prints the diagnostics in the asked format, then the closing count on stderr; whether the
/// run failed. Human diagnostics go to stderr; machine ones to stdout (where CI reads them),
/// unless stdout holds the document tree.
fn report(diags: &Diagnostics, common: &Common, deny_warnings: bool, stdout_taken: bool) -> bool {
    let failed = diags.has_errors() || (deny_warnings && diags.unallowed_warning_count() > 0);
    // `--quiet`: errors only; warnings too when `--deny-warnings` makes them fatal.
    let worst_hidden = match (common.quiet, deny_warnings) {
        (false, _) => Severity::Note,
        (true, true) => Severity::Warning,
        (true, false) => Severity::Error,
    };
    let format = Format::from(common.message_format);
    let text = livret::diag::format::render(format, &diags.shown(worst_hidden));
    if format == Format::Human || stdout_taken {
        eprint!("{text}");
    } else {
        print!("{text}");
    }
    if !diags.is_empty() && !common.quiet || failed {
        let notes = match diags.note_count() {
            0 => String::new(),
            n => format!(", {}", plural(n, "note")),
        };
        let allowed = match diags.allowed_count() {
            0 => String::new(),
            n => format!(" ({n} allowed)"),
        };
        eprintln!(
            "{}, {}{notes}{allowed}",
            plural(diags.error_count(), "error"),
            plural(diags.warning_count(), "warning")
        );
    }
    failed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Our option numbers are mimalloc v3's: the options around them read as their defaults
    /// in v3's `options.c` (1, ours, 1, 0, 0, -1, … 1, ours, 0), and ours as the loader set
    /// them.
    #[test]
    fn allocator_option_numbers_are_mimallocs() {
        // SAFETY: reading options is thread-safe.
        let get = |option: i32| unsafe { libmimalloc_sys::mi_option_get(option) };
        let defaults = [(3, 1), (5, 1), (6, 0), (7, 0), (8, -1), (14, 1), (16, 0)];
        for (option, default) in defaults {
            assert_eq!(get(option), default, "option {option}");
        }
        assert_eq!(libmimalloc_sys::mi_option_use_numa_nodes, 16);
        if cfg!(target_os = "linux") && std::env::var_os("MIMALLOC_ARENA_EAGER_COMMIT").is_none() {
            assert_eq!(get(MI_OPTION_ARENA_EAGER_COMMIT), 0);
        }
        // Elsewhere than on Linux the options are set by `main`, which a test does not run.
        if cfg!(target_os = "linux") && std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(get(MI_OPTION_PURGE_DELAY), PURGE_DELAY_MS.into());
        }
    }
}
