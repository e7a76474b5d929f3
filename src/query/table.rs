//! SELECT results as a table for people (`hpkg query`'s default format).
//! CSV, TSV, JSON and XML stay raw and complete; the table reads well:
//!
//! - labels, not IRIs: a column `?x` is left out when a `?xLabel` column
//!   names the same thing (`--columns` brings it back);
//! - a variable a parameter binds is said once above the table;
//! - a value repeated from the row above in the leading columns is left
//!   blank, so groups read as groups;
//! - numbers are formatted for reading, one precision per column;
//! - right-to-left text sits in Unicode isolates (FSI … PDI), so an Arabic
//!   name does not reorder the cells around it;
//! - cells wrap to the width (`--width`, else the terminal's), at most
//!   four lines a row, the rest cut with an ellipsis.

use super::display_term;
use crate::store::QueryOutput;
use oxrdf::Term;

/// How the table is laid out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableOptions {
    /// Total width in columns; `None` takes the terminal's, or keeps lines
    /// whole when piped.
    pub width: Option<u16>,
    /// The variables to show, in this order (without `?`); empty for the
    /// default choice.
    pub columns: Vec<String>,
    /// Variables bound by parameters: by default shown once above the
    /// table, not in every row.
    pub bound: Vec<String>,
}

/// Renders SELECT or ASK output as a readable table. Fails on a `columns`
/// entry the result does not have, naming those it has.
pub fn render(output: &QueryOutput, opts: &TableOptions) -> Result<String, String> {
    let (variables, rows) = match output {
        QueryOutput::Boolean(b) => return Ok(format!("{b}\n")),
        QueryOutput::Graph(triples) => return Ok(format!("{} triples\n", triples.len())),
        QueryOutput::Solutions { variables, rows } => (variables, rows),
    };
    let mut caption = Vec::new();
    let shown: Vec<usize> = if opts.columns.is_empty() {
        (0..variables.len())
            .filter(|&i| {
                let has_label = variables.contains(&format!("{}Label", variables[i]));
                let bound = opts.bound.contains(&variables[i]);
                if bound {
                    if let Some(Some(t)) = rows.first().map(|r| &r[i]) {
                        caption.push(format!(
                            "?{} = {}",
                            variables[i],
                            cell(t, NumberFormat::NotNumbers)
                        ));
                    }
                }
                let iri_only = rows
                    .iter()
                    .all(|r| matches!(r[i], Some(Term::NamedNode(_)) | None));
                let labelled_elsewhere = has_label && iri_only;
                !(bound || labelled_elsewhere)
            })
            .collect()
    } else {
        opts.columns
            .iter()
            .map(|c| {
                let c = c.trim_start_matches('?');
                variables.iter().position(|v| v == c).ok_or_else(|| {
                    format!(
                        "--columns {c:?}: the result has no such column; it has {}",
                        variables.join(", ")
                    )
                })
            })
            .collect::<Result<_, _>>()?
    };
    let formats: Vec<NumberFormat> = shown.iter().map(|&i| NumberFormat::of(rows, i)).collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            shown
                .iter()
                .zip(&formats)
                .map(|(&i, f)| r[i].as_ref().map(|t| cell(t, *f)).unwrap_or_default())
                .collect()
        })
        .collect();

    let mut t = comfy_table::Table::new();
    t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
    if let Some(w) = opts.width {
        t.set_width(w);
    }
    t.set_truncation_indicator("…");
    t.set_header(shown.iter().map(|&i| format!("?{}", variables[i])));
    let mut previous: Option<&Vec<String>> = None;
    for row in &cells {
        // Blank the leading values this row shares with the one above.
        let mut same = true;
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(j, v)| {
                same = same && previous.is_some_and(|p| &p[j] == v) && j + 1 < row.len();
                if same {
                    String::new()
                } else {
                    v.clone()
                }
            })
            .collect();
        let mut r = comfy_table::Row::from(line);
        r.max_height(4);
        t.add_row(r);
        previous = Some(row);
    }
    let caption = if caption.is_empty() {
        String::new()
    } else {
        format!("{}\n", caption.join(" · "))
    };
    Ok(format!(
        "{caption}{t}\n{} row{}\n",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    ))
}

/// How a column's numbers are written: whole numbers grouped by
/// thousands, or every value with the same decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberFormat {
    NotNumbers,
    Whole,
    Decimals(usize),
}

impl NumberFormat {
    fn of(rows: &[Vec<Option<Term>>], i: usize) -> Self {
        let mut any = false;
        let mut whole = true;
        for r in rows {
            match &r[i] {
                None => {}
                Some(Term::Literal(l)) if is_numeric(l) => {
                    any = true;
                    whole &= !l.value().contains(['.', 'e', 'E']);
                }
                Some(_) => return Self::NotNumbers,
            }
        }
        match (any, whole) {
            (false, _) => Self::NotNumbers,
            (true, true) => Self::Whole,
            (true, false) => Self::Decimals(4),
        }
    }
}

fn is_numeric(l: &oxrdf::Literal) -> bool {
    let dt = l.datatype().as_str();
    dt.starts_with(crate::model::vocab::XSD)
        && matches!(
            &dt[crate::model::vocab::XSD.len()..],
            "integer" | "decimal" | "double" | "float" | "long" | "int" | "nonNegativeInteger"
        )
}

fn cell(t: &Term, f: NumberFormat) -> String {
    if let (Term::Literal(l), NumberFormat::Whole | NumberFormat::Decimals(_)) = (t, f) {
        if let Ok(v) = l.value().parse::<f64>() {
            return match f {
                NumberFormat::Decimals(d) => grouped(&format!("{v:.d$}")),
                _ => grouped(l.value()),
            };
        }
    }
    let s = display_term(t);
    if s.chars().any(|c| ('\u{0590}'..='\u{08FF}').contains(&c)) {
        format!("\u{2068}{s}\u{2069}")
    } else {
        s
    }
}

/// `1234567.5` → `1,234,567.5`.
fn grouped(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(a, b)| (a, Some(b)));
    if int.len() <= 4 {
        return s.to_owned();
    }
    let mut out = String::new();
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_numbers_are_grouped_by_thousands_and_short_ones_kept() {
        assert_eq!(grouped("2000000"), "2,000,000");
        assert_eq!(grouped("-12345.5"), "-12,345.5");
        assert_eq!(grouped("2024"), "2024");
    }
}
