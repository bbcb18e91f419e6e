//! [`miette`] support: library users can print our diagnostics through miette.
//!
//! [`Localized`] pairs a [`Diagnostic`] with its [`Source`] and a language and
//! implements [`miette::Diagnostic`], [`std::error::Error`] and [`Display`]:
//!
//! ```
//! use flowc::diagnostic::{Lang, Localized};
//! # let source = flowc::Source::new("x.flow", "a -> b\n");
//! for diag in &flowc::parse::parse(&source).diagnostics {
//!     let report = miette::Report::new(Localized::new(diag, &source, Lang::En).to_owned_error());
//!     eprintln!("{report:?}");
//! }
//! ```

use std::fmt;

use miette::{LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::diagnostic::{Diagnostic, Lang, Severity};
use crate::source::{floor_char_boundary, Source, Span};

/// A diagnostic with its source text and a language, printable through miette.
#[derive(Debug, Clone, Copy)]
pub struct Localized<'a> {
    /// The diagnostic.
    pub diag: &'a Diagnostic,
    /// The file it points into.
    pub source: &'a Source,
    /// The language of the wording.
    pub lang: Lang,
}

impl<'a> Localized<'a> {
    /// Pairs a diagnostic with its source and language.
    pub fn new(diag: &'a Diagnostic, source: &'a Source, lang: Lang) -> Localized<'a> {
        Localized { diag, source, lang }
    }

    /// An owned copy, for `miette::Report` (which needs `'static`).
    pub fn to_owned_error(&self) -> OwnedLocalized {
        OwnedLocalized {
            diag: self.diag.clone(),
            source: self.source.clone(),
            lang: self.lang,
        }
    }

    fn span(&self, span: Span) -> SourceSpan {
        let text = &self.source.text;
        let start = floor_char_boundary(text, span.start as usize);
        let end = floor_char_boundary(text, (span.end as usize).max(start));
        SourceSpan::new(start.into(), end - start)
    }
}

impl fmt::Display for Localized<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.diag.message.get(self.lang))
    }
}

impl std::error::Error for Localized<'_> {}

impl miette::Diagnostic for Localized<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diag.name))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diag
            .help
            .as_ref()
            .map(|h| Box::new(h.get(self.lang)) as Box<dyn fmt::Display + 'b>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = LabeledSpan::new_primary_with_span(
            self.diag
                .label
                .as_ref()
                .map(|l| l.get(self.lang).to_string()),
            self.span(self.diag.span),
        );
        let related = self.diag.related.iter().map(|(span, label)| {
            LabeledSpan::new_with_span(Some(label.get(self.lang).to_string()), self.span(*span))
        });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

/// An owned [`Localized`], for APIs that need a `'static` error such as
/// `miette::Report`.
#[derive(Debug, Clone)]
pub struct OwnedLocalized {
    /// The diagnostic.
    pub diag: Diagnostic,
    /// The file it points into.
    pub source: Source,
    /// The language of the wording.
    pub lang: Lang,
}

impl OwnedLocalized {
    fn borrow(&self) -> Localized<'_> {
        Localized::new(&self.diag, &self.source, self.lang)
    }
}

impl fmt::Display for OwnedLocalized {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.borrow().fmt(f)
    }
}

impl std::error::Error for OwnedLocalized {}

impl miette::Diagnostic for OwnedLocalized {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diag.name))
    }

    fn severity(&self) -> Option<miette::Severity> {
        miette::Diagnostic::severity(&self.borrow())
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diag
            .help
            .as_ref()
            .map(|h| Box::new(h.get(self.lang)) as Box<dyn fmt::Display + 'b>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let labels: Vec<LabeledSpan> = self.borrow().labels()?.collect();
        Some(Box::new(labels.into_iter()))
    }
}

/// miette reads the text through this; the file name comes along so that
/// miette's report names the file.
impl SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Text;
    use miette::Diagnostic as _;

    fn sample() -> (Diagnostic, Source) {
        let source = Source::new("m.flow", "审核 -> 审合\n");
        let at = source.text.find("审合").unwrap_or(0);
        let diag = Diagnostic {
            severity: Severity::Warning,
            name: "unknown-node",
            message: Text::new("edge to unknown node", "边指向未知节点"),
            span: Span::new(at, at + "审合".len()),
            label: Some(Text::new("here", "此处")),
            related: vec![(Span::new(0, 6), Text::new("similar", "相近"))],
            help: Some(Text::new("did you mean `审核`?", "是否应为“审核”？")),
        };
        (diag, source)
    }

    #[test]
    fn exposes_code_severity_help_and_labels() {
        let (diag, source) = sample();
        let l = Localized::new(&diag, &source, Lang::Zh);
        assert_eq!(l.to_string(), "边指向未知节点");
        assert_eq!(
            l.code().map(|c| c.to_string()).as_deref(),
            Some("unknown-node")
        );
        assert_eq!(l.severity(), Some(miette::Severity::Warning));
        assert_eq!(
            l.help().map(|h| h.to_string()).as_deref(),
            Some("是否应为“审核”？")
        );
        let labels: Vec<LabeledSpan> = l.labels().into_iter().flatten().collect();
        assert_eq!(labels.len(), 2);
        assert!(labels[0].primary());
        assert_eq!(labels[0].offset(), 10);
        assert_eq!(labels[0].len(), 6);
        assert_eq!(labels[1].label(), Some("相近"));
    }

    #[test]
    fn source_code_reads_named_spans() {
        let (diag, source) = sample();
        let owned = Localized::new(&diag, &source, Lang::En).to_owned_error();
        let code = owned
            .source_code()
            .map(|c| c.read_span(&SourceSpan::new(10.into(), 6), 0, 0));
        let contents = code
            .and_then(Result::ok)
            .map(|c| (c.name().map(str::to_string), c.line()));
        assert_eq!(contents, Some((Some("m.flow".to_string()), 0)));
    }
}
