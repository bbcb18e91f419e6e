//! SVG output: the chart, its title, and the 岗位说明 table below it.

use crate::diagram::Diagram;
use crate::model::Flow;

/// Rendering options.
#[derive(Debug, Clone, PartialEq)]
pub struct SvgOptions {
    /// CSS font-family list, CJK first.
    pub font_family: String,
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions {
            font_family: "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', SimSun, sans-serif".to_string(),
        }
    }
}

/// The print-ready SVG document for one power.
pub fn svg(flow: &Flow, diagram: &Diagram, opts: &SvgOptions) -> String {
    let _ = (flow, opts);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\"/>\n",
        diagram.width, diagram.height
    )
}
