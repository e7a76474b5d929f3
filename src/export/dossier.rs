//! The organisation dossier ([`Profile`]) as a file to attach to a report:
//! Markdown or one self-contained HTML page. Both say the same as the
//! JSON, in the same order: names, roles, partners by evidence, funding
//! by year, centralities, timeline. Output is deterministic (no clock).
//!
//! Arabic names sit inside English text: in Markdown each is wrapped in
//! Unicode isolates (FSI … PDI), in HTML each is a `dir="auto"` `<bdi>`,
//! and dates are left-to-right, so no name reorders the text around it.

use super::html::html_escape;
use crate::graph::profile::{FundingRow, Profile};
use crate::graph::report::ArticleRef;

const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

fn has_rtl(s: &str) -> bool {
    s.chars()
        .any(|c| ('\u{0590}'..='\u{08FF}').contains(&c) || ('\u{FB1D}'..='\u{FEFC}').contains(&c))
}

/// Markdown text: a name isolated when it is right to left, and the
/// characters Markdown would read as markup escaped.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '<' | '>' | '#'
        ) {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    if has_rtl(s) {
        format!("{FSI}{out}{PDI}")
    } else {
        out
    }
}

/// The others in a fact, each once (an entity may hold two roles).
fn others(with: &[crate::graph::profile::Involved]) -> Vec<&str> {
    let mut seen = std::collections::BTreeSet::new();
    with.iter()
        .filter(|w| seen.insert(w.iri.as_str()))
        .map(|w| w.label.as_str())
        .collect()
}

fn md_article(a: &ArticleRef) -> String {
    let title = md(a.title.as_deref().or(a.id.as_deref()).unwrap_or("?"));
    let date = a.date.as_deref().unwrap_or("?");
    match a.url.as_deref().filter(|u| u.starts_with("http")) {
        Some(u) => format!("{date} [{title}](<{}>)", u.replace('>', "%3E")),
        None => format!("{date} {title}"),
    }
}

fn money(v: f64) -> String {
    // Whole amounts with thousands separators; fractions kept as given.
    let whole = v.trunc() as i128;
    let digits = whole.abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let frac = v.fract();
    let sign = if v < 0.0 { "-" } else { "" };
    if frac == 0.0 {
        format!("{sign}{grouped}")
    } else {
        let f = format!("{:.2}", frac.abs());
        format!("{sign}{grouped}{}", &f[1..])
    }
}

fn score(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.4}")
    }
}

fn funding_md(out: &mut String, title: &str, rows: &[FundingRow], who: &str) {
    out.push_str(&format!("\n### {title}\n\n"));
    if rows.is_empty() {
        out.push_str("None recorded.\n");
        return;
    }
    out.push_str(&format!(
        "| year | currency | amount | flows | {who} |\n|---|---|---:|---:|---|\n"
    ));
    for r in rows {
        let with: Vec<String> = r.with.iter().map(|w| md(&w.label)).collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            r.year,
            r.currency,
            money(r.amount),
            r.flows,
            with.join(", ")
        ));
    }
}

/// The dossier as Markdown.
pub fn markdown(p: &Profile) -> String {
    let mut o = String::new();
    o.push_str(&format!("# {}\n\n", md(&p.label)));
    let other = if p.lang == "ar" {
        &p.label_en
    } else {
        &p.label_ar
    };
    if other != &p.label {
        o.push_str(&format!("{}\n\n", md(other)));
    }
    let facts: Vec<String> = [Some(p.ty.clone()), p.category.clone(), p.country.clone()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    o.push_str(&format!("{} · <{}>\n", facts.join(" · "), p.iri));
    if let Some(parent) = &p.part_of {
        o.push_str(&format!(
            "\nPart of {} (<{}>)\n",
            md(&parent.label),
            parent.iri
        ));
    }

    o.push_str("\n## Names\n\n");
    for (lang, names) in &p.names {
        let names: Vec<String> = names.iter().map(|n| md(n)).collect();
        let lang = if lang.is_empty() { "other" } else { lang };
        o.push_str(&format!("- {lang}: {}\n", names.join(" · ")));
    }

    o.push_str(&format!("\n## Roles ({})\n\n", p.roles.len()));
    if p.roles.is_empty() {
        o.push_str("None recorded.\n");
    }
    for r in &p.roles {
        let with: Vec<String> = others(&r.with).into_iter().map(md).collect();
        let titles: Vec<String> = r.titles.iter().map(|t| md(t)).collect();
        o.push_str(&format!(
            "- {} · {} — {} ({})\n",
            r.date.as_deref().unwrap_or("?"),
            if titles.is_empty() {
                "(no title)".to_owned()
            } else {
                titles.join(" / ")
            },
            with.join(", "),
            md_article(&r.article)
        ));
    }

    o.push_str(&format!(
        "\n## Partners, by evidence ({})\n\n",
        p.partners.len()
    ));
    if p.partners.is_empty() {
        o.push_str("None in the partners projection.\n");
    }
    for (i, x) in p.partners.iter().enumerate() {
        o.push_str(&format!(
            "{}. **{}** — {} article{}; {}{}\n",
            i + 1,
            md(&x.label),
            x.articles,
            if x.articles == 1 { "" } else { "s" },
            x.relations.join(", "),
            x.stage
                .as_deref()
                .map(|s| format!("; {s}"))
                .unwrap_or_default()
        ));
        for a in &x.evidence {
            o.push_str(&format!("   - {}", md_article(a)));
            if let Some(n) = &a.evidence {
                o.push_str(&format!(": {}", md(n)));
            }
            o.push('\n');
        }
    }

    o.push_str("\n## Funding\n");
    funding_md(&mut o, "In", &p.funding.received, "from");
    funding_md(&mut o, "Out", &p.funding.given, "to");
    if p.funding.without_amount > 0 {
        o.push_str(&format!(
            "\n{} funding fact{} without an amount.\n",
            p.funding.without_amount,
            if p.funding.without_amount == 1 {
                ""
            } else {
                "s"
            }
        ));
    }

    o.push_str("\n## Centralities (partners projection)\n\n");
    if p.centralities.is_empty() {
        o.push_str("Not in the partners projection.\n");
    } else {
        o.push_str("| measure | value | rank |\n|---|---:|---:|\n");
        for s in &p.centralities {
            o.push_str(&format!(
                "| {} | {} | {} of {} |\n",
                s.measure,
                score(s.value),
                s.rank,
                s.of
            ));
        }
    }

    o.push_str(&format!("\n## Timeline ({} facts)\n\n", p.timeline.len()));
    for t in &p.timeline {
        let with: Vec<String> = others(&t.with).into_iter().map(md).collect();
        o.push_str(&format!(
            "- {} · {}{}{} — {}\n",
            t.when.as_deref().unwrap_or("?"),
            t.ty,
            t.stage
                .as_deref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default(),
            if with.is_empty() {
                String::new()
            } else {
                format!(" with {}", with.join(", "))
            },
            md_article(&t.article)
        ));
        if let Some(n) = &t.evidence {
            o.push_str(&format!("  > {}\n", md(n)));
        }
    }
    o.push_str(&format!(
        "\n---\nFrom the hpkg knowledge graph: {} facts, each with the article that reports it.\n",
        p.timeline.len()
    ));
    o
}

fn h(s: &str) -> String {
    format!("<bdi dir=\"auto\">{}</bdi>", html_escape(s))
}

fn h_date(s: Option<&str>) -> String {
    format!(
        "<bdi dir=\"ltr\" class=\"date\">{}</bdi>",
        html_escape(s.unwrap_or("?"))
    )
}

fn h_article(a: &ArticleRef) -> String {
    let title = h(a.title.as_deref().or(a.id.as_deref()).unwrap_or("?"));
    let link = match a
        .url
        .as_deref()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
    {
        Some(u) => format!(
            "<a href=\"{}\" rel=\"noopener noreferrer\">{title}</a>",
            html_escape(u)
        ),
        None => title,
    };
    format!("{} {link}", h_date(a.date.as_deref()))
}

fn funding_html(o: &mut String, title: &str, rows: &[FundingRow], who: &str) {
    o.push_str(&format!("<h3>{title}</h3>\n"));
    if rows.is_empty() {
        o.push_str("<p class=\"hint\">None recorded.</p>\n");
        return;
    }
    o.push_str(&format!(
        "<table><tr><th>year</th><th>currency</th><th>amount</th><th>flows</th><th>{who}</th></tr>\n"
    ));
    for r in rows {
        let with: Vec<String> = r.with.iter().map(|w| h(&w.label)).collect();
        o.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
            html_escape(&r.year),
            html_escape(&r.currency),
            money(r.amount),
            r.flows,
            with.join(", ")
        ));
    }
    o.push_str("</table>\n");
}

/// The dossier as one HTML page: no script, nothing fetched.
pub fn html(p: &Profile) -> String {
    let mut o = String::new();
    o.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n",
        html_escape(&p.lang),
        if p.lang == "ar" { "rtl" } else { "ltr" },
        html_escape(&p.label),
        CSS
    ));
    o.push_str(&format!("<h1>{}</h1>\n", h(&p.label)));
    let other = if p.lang == "ar" {
        &p.label_en
    } else {
        &p.label_ar
    };
    if other != &p.label {
        o.push_str(&format!("<p class=\"other\">{}</p>\n", h(other)));
    }
    let facts: Vec<String> = [Some(p.ty.clone()), p.category.clone(), p.country.clone()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .map(|s| html_escape(&s))
        .collect();
    o.push_str(&format!(
        "<p class=\"hint\">{} · <bdi dir=\"ltr\">{}</bdi></p>\n",
        facts.join(" · "),
        html_escape(&p.iri)
    ));
    if let Some(parent) = &p.part_of {
        o.push_str(&format!("<p>Part of {}</p>\n", h(&parent.label)));
    }
    o.push_str("<h2>Names</h2>\n<ul>\n");
    for (lang, names) in &p.names {
        let names: Vec<String> = names.iter().map(|n| h(n)).collect();
        let lang = if lang.is_empty() { "other" } else { lang };
        o.push_str(&format!(
            "<li>{}: {}</li>\n",
            html_escape(lang),
            names.join(" · ")
        ));
    }
    o.push_str("</ul>\n");
    o.push_str(&format!("<h2>Roles ({})</h2>\n<ul>\n", p.roles.len()));
    for r in &p.roles {
        let with: Vec<String> = others(&r.with).into_iter().map(h).collect();
        let titles: Vec<String> = r.titles.iter().map(|t| h(t)).collect();
        o.push_str(&format!(
            "<li>{} · {} — {} ({})</li>\n",
            h_date(r.date.as_deref()),
            if titles.is_empty() {
                "(no title)".to_owned()
            } else {
                titles.join(" / ")
            },
            with.join(", "),
            h_article(&r.article)
        ));
    }
    o.push_str("</ul>\n");
    o.push_str(&format!(
        "<h2>Partners, by evidence ({})</h2>\n<ol>\n",
        p.partners.len()
    ));
    for x in &p.partners {
        o.push_str(&format!(
            "<li><strong>{}</strong> — {} article{}; {}{}\n<ul>\n",
            h(&x.label),
            x.articles,
            if x.articles == 1 { "" } else { "s" },
            html_escape(&x.relations.join(", ")),
            x.stage
                .as_deref()
                .map(|s| format!("; {}", html_escape(s)))
                .unwrap_or_default()
        ));
        for a in &x.evidence {
            o.push_str(&format!("<li>{}", h_article(a)));
            if let Some(n) = &a.evidence {
                o.push_str(&format!("<div class=\"evidence\">{}</div>", h(n)));
            }
            o.push_str("</li>\n");
        }
        o.push_str("</ul></li>\n");
    }
    o.push_str("</ol>\n<h2>Funding</h2>\n");
    funding_html(&mut o, "In", &p.funding.received, "from");
    funding_html(&mut o, "Out", &p.funding.given, "to");
    o.push_str("<h2>Centralities (partners projection)</h2>\n");
    if p.centralities.is_empty() {
        o.push_str("<p class=\"hint\">Not in the partners projection.</p>\n");
    } else {
        o.push_str("<table><tr><th>measure</th><th>value</th><th>rank</th></tr>\n");
        for s in &p.centralities {
            o.push_str(&format!(
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{} of {}</td></tr>\n",
                html_escape(&s.measure),
                score(s.value),
                s.rank,
                s.of
            ));
        }
        o.push_str("</table>\n");
    }
    o.push_str(&format!(
        "<h2>Timeline ({} facts)</h2>\n<ul class=\"timeline\">\n",
        p.timeline.len()
    ));
    for t in &p.timeline {
        let with: Vec<String> = others(&t.with).into_iter().map(h).collect();
        o.push_str(&format!(
            "<li>{} · {}{}{} — {}",
            h_date(t.when.as_deref()),
            html_escape(&t.ty),
            t.stage
                .as_deref()
                .map(|s| format!(" ({})", html_escape(s)))
                .unwrap_or_default(),
            if with.is_empty() {
                String::new()
            } else {
                format!(" with {}", with.join(", "))
            },
            h_article(&t.article)
        ));
        if let Some(n) = &t.evidence {
            o.push_str(&format!("<div class=\"evidence\">{}</div>", h(n)));
        }
        o.push_str("</li>\n");
    }
    o.push_str("</ul>\n<p class=\"hint\">From the hpkg knowledge graph: each fact with the article that reports it.</p>\n</body>\n</html>\n");
    o
}

const CSS: &str = "body { font-family: \"Noto Sans\", \"Noto Sans Arabic\", sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #111827; }
h1 { margin-bottom: 0.2rem; } .other { font-size: 1.3rem; margin-top: 0; }
.hint { color: #6b7280; } .evidence { color: #374151; font-size: 0.9rem; padding-inline-start: 0.6rem; border-inline-start: 2px solid #d1d5db; margin: 0.2rem 0; }
table { border-collapse: collapse; } th, td { border: 1px solid #e5e7eb; padding: 0.2rem 0.6rem; text-align: start; } .num { text-align: end; font-variant-numeric: tabular-nums; }
li { margin: 0.25rem 0; }
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_markup_and_isolates_arabic() {
        assert_eq!(md("a|b [c]"), "a\\|b \\[c\\]");
        assert_eq!(md("الهلال"), "\u{2068}الهلال\u{2069}");
    }

    #[test]
    fn money_is_grouped_by_thousands() {
        assert_eq!(money(2_000_000.0), "2,000,000");
        assert_eq!(money(1234.5), "1,234.50");
        assert_eq!(money(999.0), "999");
    }
}
