//! Diagnostics as data: errors and lints with spans, labels and help, in
//! English and Chinese. The library never prints; the CLI renders them.
//!
//! All user-facing wording lives in [`messages`]: every diagnostic is built by
//! one constructor there, which writes both languages at once.

pub mod messages;
mod miette_impl;
pub mod render;

pub use miette_impl::{Localized, OwnedLocalized};

use serde::Serialize;

use crate::source::Span;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops compilation.
    Error,
    /// A lint: reported, does not stop compilation unless denied.
    Warning,
}

/// The language diagnostics are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// 中文.
    Zh,
}

impl Lang {
    /// Chinese when `LC_ALL`, `LC_MESSAGES` or `LANG` (first set, in that order)
    /// starts with `zh`, English otherwise.
    pub fn from_env() -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(value) = std::env::var(var) {
                if value.is_empty() {
                    continue;
                }
                return if value.to_ascii_lowercase().starts_with("zh") {
                    Lang::Zh
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }
}

/// A piece of user-facing text in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// English.
    pub en: String,
    /// 中文.
    pub zh: String,
}

impl Text {
    /// Both languages.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// One error or lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning (after `--deny`, a denied lint becomes an error).
    pub severity: Severity,
    /// Stable kebab-case name: `syntax`, `unknown-node`, `missing-deadline` …
    pub name: &'static str,
    /// The one-line message.
    pub message: Text,
    /// The primary span.
    pub span: Span,
    /// The label under the primary span.
    pub label: Option<Text>,
    /// Secondary spans with their labels (e.g. the first declaration of a duplicate).
    pub related: Vec<(Span, Text)>,
    /// How to fix it.
    pub help: Option<Text>,
}

impl Diagnostic {
    /// Whether it is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Names of all lints (warnings by default; `--deny`/`--allow` take these).
pub const LINTS: &[&str] = &[
    "missing-post",
    "missing-deadline",
    "unused-post",
    "incomplete-post",
    "step-branches",
    "over-limit",
    "missing-power",
    "unmitigated-risk",
    "ungraded-risk",
];
