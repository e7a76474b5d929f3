//! SPARQL evaluation and the W3C results formats.

use super::{Store, StoreError};
use crate::model::vocab;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{
    CancellationToken, QueryEvaluationError, QueryResults, QuerySolution, SparqlEvaluator, Variable,
};
use oxrdf::{Term, Triple};
use std::io::Write;
use std::sync::mpsc;
use std::time::Duration;

/// A query to run.
#[derive(Debug, Clone, Default)]
pub struct SparqlRequest {
    pub query: String,
    /// Variables bound to terms before evaluation (SEP-0007 substitution:
    /// terms, never text, go into the parsed query).
    pub substitutions: Vec<(String, Term)>,
    pub timeout: Option<Duration>,
    /// SPARQL protocol `default-graph-uri`: these graphs, merged, are the
    /// default graph (instead of the union of all graphs).
    pub default_graphs: Vec<String>,
    /// SPARQL protocol `named-graph-uri`: only these graphs are named.
    pub named_graphs: Vec<String>,
    /// Most rows (or triples) read before the query fails with
    /// [`StoreError::TooLarge`]: results are held in memory, so a server
    /// bounds them. `None` reads everything.
    pub max_rows: Option<usize>,
}

/// What a query returned, fully read.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryOutput {
    Solutions {
        variables: Vec<String>,
        rows: Vec<Vec<Option<Term>>>,
    },
    Boolean(bool),
    Graph(Vec<Triple>),
}

/// W3C SPARQL results formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultsFormat {
    Json,
    Xml,
    Csv,
    Tsv,
}

impl ResultsFormat {
    fn format(self) -> QueryResultsFormat {
        match self {
            Self::Json => QueryResultsFormat::Json,
            Self::Xml => QueryResultsFormat::Xml,
            Self::Csv => QueryResultsFormat::Csv,
            Self::Tsv => QueryResultsFormat::Tsv,
        }
    }
}

fn evaluator() -> SparqlEvaluator {
    // oxigraph is built without its `http-client` feature, so SERVICE has no
    // way to reach the network: it fails instead of sending a request.
    let mut ev = SparqlEvaluator::new();
    for (p, iri) in vocab::PREFIXES {
        ev = ev
            .with_prefix(*p, *iri)
            .expect("built-in prefixes are valid");
    }
    ev
}

fn eval_error(e: QueryEvaluationError, timeout: Option<Duration>) -> StoreError {
    match e {
        QueryEvaluationError::Cancelled => StoreError::Timeout(timeout.map_or(0, |t| t.as_secs())),
        QueryEvaluationError::NotExistingSubstitutedVariable(v) => {
            StoreError::UnknownVariable(v.as_str().to_owned())
        }
        e @ (QueryEvaluationError::UnsupportedService(_)
        | QueryEvaluationError::UnboundService
        | QueryEvaluationError::InvalidServiceName(_)) => StoreError::Refused(format!(
            "SERVICE is disabled: hpkg never sends requests to other endpoints ({e})"
        )),
        other => StoreError::Evaluation(other.to_string()),
    }
}

/// Checks a query's syntax (with hpkg's prefixes) and returns the names of
/// the variables it mentions, sorted.
pub fn parse_query(text: &str) -> Result<(), StoreError> {
    evaluator()
        .parse_query(text)
        .map(|_| ())
        .map_err(|e| StoreError::Syntax(super::syntax::explain(text, &e.to_string())))
}

impl Store {
    /// Runs a query over the union of all graphs (unless the query names its
    /// own dataset with FROM), reading every result.
    pub fn query(&self, req: &SparqlRequest) -> Result<QueryOutput, StoreError> {
        let token = CancellationToken::new();
        let prepared = self.prepare(req, &token)?;
        // A watchdog cancels the query when the timeout passes; finishing
        // first drops the sender, which ends the watchdog at once.
        let (done, wait) = mpsc::channel::<()>();
        let watchdog = req.timeout.map(|t| {
            let token = token.clone();
            std::thread::spawn(move || {
                if let Err(mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(t) {
                    token.cancel();
                }
            })
        });
        // oxigraph checks the token only when it reads the store, and a
        // join held in memory can yield rows for long without reading: so
        // every row read checks it too, and the size bound.
        // `read` counts the rows read so far, this one included.
        let alive = |read: usize| match req.max_rows {
            _ if token.is_cancelled() => {
                Err(StoreError::Timeout(req.timeout.map_or(0, |t| t.as_secs())))
            }
            Some(max) if read > max => Err(StoreError::TooLarge(max)),
            _ => Ok(()),
        };
        let result = (|| {
            let t = req.timeout;
            Ok(
                match prepared
                    .on_store(&self.inner)
                    .execute()
                    .map_err(|e| eval_error(e, t))?
                {
                    QueryResults::Boolean(b) => QueryOutput::Boolean(b),
                    QueryResults::Solutions(sols) => {
                        let variables: Vec<String> = sols
                            .variables()
                            .iter()
                            .map(|v| v.as_str().to_owned())
                            .collect();
                        let mut rows = Vec::new();
                        for s in sols {
                            let s: QuerySolution = s.map_err(|e| eval_error(e, t))?;
                            alive(rows.len() + 1)?;
                            rows.push(
                                variables
                                    .iter()
                                    .map(|v| s.get(v.as_str()).cloned())
                                    .collect(),
                            );
                        }
                        QueryOutput::Solutions { variables, rows }
                    }
                    QueryResults::Graph(triples) => {
                        let mut out = Vec::new();
                        for triple in triples {
                            let triple = triple.map_err(|e| eval_error(e, t))?;
                            alive(out.len() + 1)?;
                            out.push(triple);
                        }
                        QueryOutput::Graph(out)
                    }
                },
            )
        })();
        drop(done);
        if let Some(w) = watchdog {
            let _ = w.join();
        }
        result
    }

    /// Parses the query and applies the request's dataset and substitutions:
    /// the one preparation behind [`Store::query`] and [`Store::explain`],
    /// so that an explained plan is the plan that runs.
    fn prepare(
        &self,
        req: &SparqlRequest,
        token: &CancellationToken,
    ) -> Result<oxigraph::sparql::PreparedSparqlQuery, StoreError> {
        let mut prepared = evaluator()
            .with_cancellation_token(token.clone())
            .parse_query(&req.query)
            .map_err(|e| StoreError::Syntax(super::syntax::explain(&req.query, &e.to_string())))?;
        if !req.default_graphs.is_empty() || !req.named_graphs.is_empty() {
            let ds = prepared.dataset_mut();
            if !req.default_graphs.is_empty() {
                ds.set_default_graph(
                    req.default_graphs
                        .iter()
                        .map(|g| oxrdf::NamedNode::new_unchecked(g.as_str()).into())
                        .collect(),
                );
            }
            if !req.named_graphs.is_empty() {
                ds.set_available_named_graphs(
                    req.named_graphs
                        .iter()
                        .map(|g| oxrdf::NamedNode::new_unchecked(g.as_str()).into())
                        .collect(),
                );
            }
        } else if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        for (name, term) in &req.substitutions {
            let v = Variable::new(name)
                .map_err(|e| StoreError::Evaluation(format!("bad variable name {name:?}: {e}")))?;
            prepared = prepared.substitute_variable(v, term.clone());
        }
        Ok(prepared)
    }

    /// The evaluation plan of a query, as oxigraph's JSON explanation,
    /// without running it.
    ///
    /// Substituted variables are initial bindings, not part of the plan, so
    /// the plan of a parameterised query is the same whatever the values:
    /// `tests/it/injection.rs` checks exactly that for hostile values.
    pub fn explain(&self, req: &SparqlRequest) -> Result<String, StoreError> {
        // Cancelled before it starts: oxigraph evaluates some queries (ASK)
        // while explaining, and the plan is all that is wanted.
        let token = CancellationToken::new();
        token.cancel();
        let (_, explanation) = self.prepare(req, &token)?.on_store(&self.inner).explain();
        let mut out = Vec::new();
        explanation
            .write_in_json(&mut out)
            .map_err(|e| StoreError::Evaluation(e.to_string()))?;
        let mut plan: serde_json::Value =
            serde_json::from_slice(&out).map_err(|e| StoreError::Evaluation(e.to_string()))?;
        // The timing changes from run to run; the plan alone is the answer.
        if let Some(o) = plan.as_object_mut() {
            o.remove("planning duration in seconds");
        }
        Ok(stable_variable_names(&plan.to_string(), &req.query))
    }
}

impl Store {
    /// Runs a SPARQL 1.1 Update on the store, in one transaction.
    pub fn update(&self, text: &str) -> Result<(), StoreError> {
        let update = evaluator()
            .parse_update(text)
            .map_err(|e| StoreError::Syntax(super::syntax::explain(text, &e.to_string())))?;
        self.writing(|| {
            update.on_store(&self.inner).execute().map_err(|e| {
                let msg = e.to_string();
                // oxigraph is built without its HTTP client: LOAD and
                // SERVICE cannot fetch anything, and say so.
                if msg.to_ascii_lowercase().contains("service") || msg.contains("HTTP client") {
                    StoreError::Refused(format!(
                        "refused: hpkg never fetches remote data (LOAD and SERVICE are disabled): {msg}"
                    ))
                } else {
                    StoreError::Evaluation(msg)
                }
            })
        })
    }
}

/// Renames the variables the parser invents (`?` and a random 128-bit
/// number in lowercase hex, 32 digits less any leading zeros, for
/// aggregates and blank nodes) to `?_1`, `?_2`, … in order of first
/// appearance, so that the same query always explains the same way. A name
/// that also appears in the query's own text (a variable, a literal, an
/// IRI) was written by its author and stays.
fn stable_variable_names(text: &str, query: &str) -> String {
    let mut names: Vec<&str> = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('?') {
        out.push_str(&rest[..=i]);
        rest = &rest[i + 1..];
        let hex = rest
            .bytes()
            .take_while(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            .count();
        let boundary = rest
            .as_bytes()
            .get(hex)
            .is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'_'));
        // 20 digits or more: a random number is shorter than that once in
        // 16^12 draws, and no hand-written variable is that long and hex.
        if (20..=32).contains(&hex) && boundary && !query.contains(&rest[..hex]) {
            let name = &rest[..hex];
            let n = match names.iter().position(|x| *x == name) {
                Some(n) => n + 1,
                None => {
                    names.push(name);
                    names.len()
                }
            };
            out.push_str(&format!("_{n}"));
            rest = &rest[hex..];
        }
    }
    out.push_str(rest);
    out
}

/// Writes SELECT or ASK output in a W3C results format.
pub fn write_results(
    output: &QueryOutput,
    format: ResultsFormat,
    out: &mut dyn Write,
) -> Result<(), StoreError> {
    let ser = QueryResultsSerializer::from_format(format.format());
    match output {
        QueryOutput::Boolean(b) => {
            ser.serialize_boolean_to_writer(out, *b)
                .map_err(StoreError::Output)?;
        }
        QueryOutput::Solutions { variables, rows } => {
            let vars: Vec<Variable> = variables.iter().map(Variable::new_unchecked).collect();
            let mut w = ser
                .serialize_solutions_to_writer(out, vars.clone())
                .map_err(StoreError::Output)?;
            for row in rows {
                w.serialize(
                    vars.iter()
                        .zip(row)
                        .filter_map(|(v, t)| t.as_ref().map(|t| (v.as_ref(), t.as_ref()))),
                )
                .map_err(StoreError::Output)?;
            }
            w.finish().map_err(StoreError::Output)?;
        }
        QueryOutput::Graph(_) => {
            return Err(StoreError::Unsupported(
                "a CONSTRUCT or DESCRIBE query returns RDF: use --format turtle, ntriples, rdfxml or jsonld"
                    .into(),
            ))
        }
    }
    Ok(())
}

/// Writes triples (CONSTRUCT or DESCRIBE output), sorted.
pub fn write_triples(
    triples: &[Triple],
    syntax: super::RdfSyntax,
    out: &mut dyn Write,
) -> Result<(), StoreError> {
    let mut sorted: Vec<(String, &Triple)> = triples.iter().map(|t| (t.to_string(), t)).collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    sorted.dedup_by(|a, b| a.0 == b.0);
    let mut ser = oxigraph::io::RdfSerializer::from_format(syntax.format());
    for (p, iri) in vocab::PREFIXES {
        ser = ser
            .with_prefix(*p, *iri)
            .expect("built-in prefixes are valid");
    }
    let mut w = ser.for_writer(out);
    for (_, t) in sorted {
        w.serialize_triple(t).map_err(StoreError::Output)?;
    }
    w.finish().map_err(StoreError::Output)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invented_variable_names_become_stable_in_order_of_appearance() {
        let a = "0123456789abcdef0123456789abcdef";
        let b = "edcba9876543210fedcba9876543210";
        let text = format!("MIN(?{a}) ?{b} ?{a} ?org ?{a}x");
        assert_eq!(
            stable_variable_names(&text, "SELECT ?org"),
            format!("MIN(?_1) ?_2 ?_1 ?org ?{a}x")
        );
        // Written by the query's author: kept.
        let q = format!("SELECT * WHERE {{ ?s ?p \"?{a}\" }}");
        assert_eq!(
            stable_variable_names(&text, &q),
            format!("MIN(?{a}) ?_1 ?{a} ?org ?{a}x")
        );
    }
}
