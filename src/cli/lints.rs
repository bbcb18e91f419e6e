//! Lint levels from `--deny` / `--allow`, applied to a file's diagnostics.
//!
//! Rules (like rustc): each lint is a warning unless told otherwise; for one
//! name the later flag wins; `warnings` names every lint at once, and a lint
//! named on its own beats `warnings` whatever their order, so both
//! `--deny warnings --allow missing-power` and `--allow missing-power --deny warnings`
//! deny every lint except `missing-power`.

use crate::cli::args::LintFlag;
use crate::cli::messages;
use crate::diagnostic::{Diagnostic, Lang, Severity, LINTS};

/// The pseudo-lint naming every lint.
pub const WARNINGS: &str = "warnings";

/// What happens to a lint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported as a warning (the default).
    Warn,
    /// Reported as an error: the file fails.
    Deny,
}

/// The level of every lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintLevels {
    /// Explicit level per lint, indexed like [`LINTS`].
    named: Vec<Option<Level>>,
    /// The level `warnings` gave, if any.
    all: Option<Level>,
}

impl Default for LintLevels {
    fn default() -> Self {
        LintLevels {
            named: vec![None; LINTS.len()],
            all: None,
        }
    }
}

impl LintLevels {
    /// Levels from the flags in command-line order; an unknown name is a usage
    /// error whose message suggests the closest lint.
    pub fn from_flags(flags: &[LintFlag], lang: Lang) -> Result<LintLevels, String> {
        let mut levels = LintLevels::default();
        let mut unknown = Vec::new();
        for flag in flags {
            let level = if flag.deny { Level::Deny } else { Level::Allow };
            let name = flag.name.trim();
            if name == WARNINGS {
                levels.all = Some(level);
            } else if let Some(i) = LINTS.iter().position(|l| *l == name) {
                if let Some(slot) = levels.named.get_mut(i) {
                    *slot = Some(level);
                }
            } else {
                unknown.push(messages::unknown_lint(
                    &flag.name,
                    suggest(name),
                    flag.deny,
                    lang,
                ));
            }
        }
        if unknown.is_empty() {
            Ok(levels)
        } else {
            Err(unknown.join("\n"))
        }
    }

    /// The level of warning `name`: its own flag, else what `warnings` says,
    /// else `Warn` (a warning that is not a named lint follows `warnings` only).
    pub fn level(&self, name: &str) -> Level {
        let own = LINTS
            .iter()
            .position(|l| *l == name)
            .and_then(|i| self.named.get(i).copied().flatten());
        own.or(self.all).unwrap_or(Level::Warn)
    }

    /// Drops allowed lints and turns denied ones into errors. Errors, and
    /// warnings that are not lints, pass unchanged.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|mut d| {
                if d.severity != Severity::Warning {
                    return Some(d);
                }
                match self.level(d.name) {
                    Level::Allow => None,
                    Level::Warn => Some(d),
                    Level::Deny => {
                        d.severity = Severity::Error;
                        Some(d)
                    }
                }
            })
            .collect()
    }
}

/// The lint (or `warnings`) closest to a misspelt name, if any is close.
fn suggest(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase().replace('_', "-");
    LINTS
        .iter()
        .copied()
        .chain([WARNINGS])
        .map(|l| (strsim::damerau_levenshtein(&lower, l), l))
        .filter(|&(d, l)| d <= (l.chars().count() / 3).max(2))
        .min_by_key(|&(d, _)| d)
        .map(|(_, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Text;
    use crate::source::Span;

    fn flags(list: &[(bool, &str)]) -> Vec<LintFlag> {
        list.iter()
            .enumerate()
            .map(|(index, &(deny, name))| LintFlag {
                index,
                deny,
                name: name.to_string(),
            })
            .collect()
    }

    fn levels(list: &[(bool, &str)]) -> LintLevels {
        LintLevels::from_flags(&flags(list), Lang::En).unwrap()
    }

    fn warning(name: &'static str) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            name,
            message: Text::new("m", "m"),
            span: Span::new(0, 0),
            label: None,
            related: Vec::new(),
            help: None,
        }
    }

    #[test]
    fn later_flag_wins_for_one_name() {
        let l = levels(&[(true, "missing-post"), (false, "missing-post")]);
        assert_eq!(l.level("missing-post"), Level::Allow);
        let l = levels(&[(false, "missing-post"), (true, "missing-post")]);
        assert_eq!(l.level("missing-post"), Level::Deny);
        assert_eq!(l.level("unused-post"), Level::Warn);
    }

    #[test]
    fn a_named_lint_beats_warnings_in_either_order() {
        for list in [
            [(true, "warnings"), (false, "missing-power")],
            [(false, "missing-power"), (true, "warnings")],
        ] {
            let l = levels(&list);
            assert_eq!(l.level("missing-power"), Level::Allow);
            assert_eq!(l.level("over-limit"), Level::Deny);
        }
        let l = levels(&[(true, "warnings"), (false, "warnings")]);
        assert_eq!(l.level("over-limit"), Level::Allow);
        let l = levels(&[(true, "warnings")]);
        assert_eq!(l.level("some-future-warning"), Level::Deny);
    }

    #[test]
    fn apply_drops_allowed_and_promotes_denied() {
        let l = levels(&[(true, "missing-post"), (false, "unused-post")]);
        let out = l.apply(vec![
            warning("missing-post"),
            warning("unused-post"),
            warning("missing-deadline"),
        ]);
        let got: Vec<(&str, Severity)> = out.iter().map(|d| (d.name, d.severity)).collect();
        assert_eq!(
            got,
            [
                ("missing-post", Severity::Error),
                ("missing-deadline", Severity::Warning)
            ]
        );
    }

    #[test]
    fn unknown_name_is_refused_with_a_suggestion() {
        let err =
            LintLevels::from_flags(&flags(&[(true, "missing-dedline")]), Lang::En).unwrap_err();
        assert!(err.contains("missing-dedline"), "{err}");
        assert!(err.contains("missing-deadline"), "{err}");
        assert_eq!(suggest("warning"), Some("warnings"));
        assert_eq!(suggest("missing_post"), Some("missing-post"));
        assert_eq!(suggest("zzzzzzzzzzzz"), None);
    }
}
