//! `hpkg query`, `queries` and `stats`: SPARQL and the named queries.

use super::*;

pub(super) fn parse_param(s: &str) -> Result<(String, String), query::QueryError> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.trim_start_matches('?').to_owned(), v.to_owned())),
        _ => Err(query::QueryError::BadParam(s.to_owned())),
    }
}

/// The arguments of `hpkg query`.
pub(super) struct QueryCall<'a> {
    pub(super) query: Option<&'a str>,
    pub(super) expr: Option<&'a str>,
    pub(super) params: &'a [String],
    pub(super) lang: Option<super::analytics::Lang>,
    pub(super) table: query::table::TableOptions,
    pub(super) format: Option<QueryFormat>,
    pub(super) timeout: u64,
    pub(super) out: &'a Option<PathBuf>,
    pub(super) explain: bool,
}

pub(super) fn run_query(cli: &Cli, call: QueryCall) -> Result<ExitCode> {
    let QueryCall {
        query,
        expr,
        params,
        lang,
        table,
        format,
        timeout,
        out,
        explain,
    } = call;
    if format.is_some_and(|f| f != QueryFormat::Table)
        && (!table.columns.is_empty() || table.width.is_some())
    {
        bail!("--columns and --width shape the table; csv, tsv, json and xml stay complete: drop them, or use --format table");
    }
    let q = match (query, expr) {
        (_, Some(text)) => NamedQuery::ad_hoc(text),
        (Some(name), None) if name.ends_with(".rq") || Path::new(name).is_file() => {
            let text = std::fs::read_to_string(name)
                .with_context(|| format!("cannot read query file {name}"))?;
            NamedQuery::parse(name, name, &text)?
        }
        (Some(name), None) => library::find(name)?,
        (None, None) => bail!("give a query: a name, a .rq file, or -e TEXT"),
    };
    // Check the syntax first, so a typo is reported before the store opens.
    store::parse_query(&q.text)?;
    let store = Store::open_read_only(&cli.store)?;
    let mut given = params
        .iter()
        .map(|p| parse_param(p))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(lang) = lang {
        if !q.params.iter().any(|p| p.name == "lang") {
            let takes: Vec<String> = library::builtin()?
                .iter()
                .filter(|n| n.params.iter().any(|p| p.name == "lang"))
                .map(|n| n.name.clone())
                .collect();
            bail!(
                "--lang {}: query {:?} does not label by language; the named queries that do are: {}",
                lang.as_str(),
                q.name,
                takes.join(", ")
            );
        }
        if given.iter().any(|(n, _)| n == "lang") {
            bail!("--lang and --param lang= both given: keep one");
        }
        given.push(("lang".to_owned(), lang.as_str().to_owned()));
    }
    let mut index: Option<EntityIndex> = None;
    let substitutions = query::bind_params(&q, &given, &mut index, &store)?;
    let mut table = table;
    table.bound = substitutions.iter().map(|(n, _)| n.clone()).collect();
    let request = SparqlRequest {
        query: q.text.clone(),
        substitutions,
        timeout: Some(Duration::from_secs(timeout)),
        ..Default::default()
    };
    let mut w = output(out)?;
    if explain {
        writeln!(w, "{}", store.explain(&request)?)?;
        w.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let result = store.query(&request)?;
    if matches!(&result, QueryOutput::Solutions { rows, .. } if rows.is_empty()) {
        // Nothing found: say why it may be, on stderr (stdout stays data).
        for (term, near) in query::unknown_terms(&q.text) {
            let hint = near
                .map(|n| format!("; did you mean {n}?"))
                .unwrap_or_default();
            eprintln!("note: {term} is not a term of the hpkg ontology{hint}");
        }
        if let Some(hint) = &q.when_empty {
            eprintln!("note: {hint}");
        }
    }
    match (&result, format) {
        (QueryOutput::Graph(triples), f) => {
            let syntax = match f {
                None | Some(QueryFormat::Turtle) => RdfSyntax::Turtle,
                Some(QueryFormat::Ntriples) => RdfSyntax::NTriples,
                Some(QueryFormat::Rdfxml) => RdfSyntax::RdfXml,
                Some(QueryFormat::Jsonld) => RdfSyntax::JsonLd,
                Some(other) => bail!(
                    "--format {other:?} is for SELECT and ASK results; a CONSTRUCT or DESCRIBE query returns RDF: use turtle, ntriples, rdfxml or jsonld"
                ),
            };
            store::write_triples(triples, syntax, &mut w)?;
        }
        (_, None | Some(QueryFormat::Table)) => {
            let text = query::table::render(&result, &table).map_err(anyhow::Error::msg)?;
            w.write_all(text.as_bytes())?
        }
        (_, Some(f)) => {
            let rf = match f {
                QueryFormat::Csv => ResultsFormat::Csv,
                QueryFormat::Tsv => ResultsFormat::Tsv,
                QueryFormat::Json => ResultsFormat::Json,
                QueryFormat::Xml => ResultsFormat::Xml,
                other => bail!(
                    "--format {other:?} is for CONSTRUCT and DESCRIBE; SELECT and ASK results take table, csv, tsv, json or xml"
                ),
            };
            store::write_results(&result, rf, &mut w)?;
        }
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn list_queries(format: ReportFormat) -> Result<ExitCode> {
    let all = library::builtin()?;
    match format {
        ReportFormat::Json => {
            let v: Vec<serde_json::Value> = all
                .iter()
                .map(|q| {
                    serde_json::json!({
                        "name": q.name, "title": q.title, "description": q.description,
                        "params": q.params.iter().map(|p| serde_json::json!({
                            "name": p.name, "kind": p.kind.as_str(), "default": p.default, "description": p.description
                        })).collect::<Vec<_>>()
                    })
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&v)?);
        }
        ReportFormat::Text => {
            for q in &all {
                println!("{}  —  {}", q.name, q.title);
                println!("    {}", q.description);
                for p in &q.params {
                    let def = p
                        .default
                        .as_ref()
                        .map(|d| format!(" (default {d})"))
                        .unwrap_or_default();
                    println!(
                        "    --param {}=<{}>{}  {}",
                        p.name,
                        p.kind.as_str(),
                        def,
                        p.description
                    );
                }
                println!();
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn print_stats(s: &query::Stats) {
    println!("articles      {}", s.articles);
    println!("facts         {}", s.facts);
    println!("quads         {}", s.quads);
    println!("named graphs  {}", s.graphs);
    let range = |a: &Option<String>, b: &Option<String>| match (a, b) {
        (Some(a), Some(b)) => format!("{a} .. {b}"),
        _ => "none".to_owned(),
    };
    println!("fact dates    {}", range(&s.first_date, &s.last_date));
    println!(
        "published     {}",
        range(&s.first_published, &s.last_published)
    );
    println!("by class:");
    for (c, n) in &s.classes {
        println!("  {c:<16} {n}");
    }
}

/// `hpkg stats`: counts of what the store holds.
pub(super) fn stats(cli: &Cli, format: ReportFormat) -> Result<ExitCode> {
    let store = Store::open_read_only(&cli.store)?;
    let s = query::stats(&store)?;
    match format {
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&s)?),
        ReportFormat::Text => print_stats(&s),
    }
    Ok(ExitCode::SUCCESS)
}
