//! Step 4 of resolution: an IRI for every group, the gazetteer's or one
//! minted from the group's names.

use super::Nodes;
use crate::model::vocab;
use crate::resolve::gazetteer::hex;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The IRI of every group (by the group ids of `group_of`) but those of
/// ambiguous signatures. `unnamed` gives, for signatures without names,
/// the (article, key) pairs naming them.
pub(super) fn iris(
    nodes: &Nodes,
    group_of: &[usize],
    ambiguous: &BTreeMap<usize, BTreeSet<usize>>,
    unnamed: &HashMap<usize, BTreeSet<(String, String)>>,
) -> HashMap<usize, String> {
    let n_gaz = nodes.n_gaz;
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &g) in group_of.iter().enumerate() {
        groups.entry(g).or_default().push(i);
    }
    let mut minted: Vec<(usize, String, String)> = Vec::new(); // (group, base IRI, digest)
    let mut iri_of_group: HashMap<usize, String> = HashMap::new();
    for (&g, members) in &groups {
        if let Some(&gi) = members.iter().find(|&&i| i < n_gaz) {
            iri_of_group.insert(g, nodes.reference.iris[gi].clone());
            continue;
        }
        if ambiguous.contains_key(&members[0]) {
            continue;
        }
        let seg = nodes.sig(members[0]).ty.iri_segment();
        let names: BTreeSet<&str> = members
            .iter()
            .flat_map(|&i| nodes.sig(i).names.iter().map(|n| &**n))
            .collect();
        let slug = match names.first() {
            Some(name) => slugify(name),
            None => {
                let (article, key) = match &nodes.sig(members[0]).alone {
                    Some((a, k)) => (a.to_string(), k.to_string()),
                    None => members
                        .iter()
                        .filter_map(|&i| unnamed.get(&(i - n_gaz))?.first())
                        .min()
                        .cloned()
                        .expect("a signature without names records its mentions"),
                };
                format!("{article}-{key}")
            }
        };
        // The digest tells apart groups sharing a slug: by their names
        // and the countries they are in, as sets, so that one more
        // article repeating known names and countries never changes
        // the IRI (member order and counts once did).
        let countries: BTreeSet<&str> = members.iter().filter_map(|&i| nodes.country(i)).collect();
        let mut h = Sha256::new();
        for name in &names {
            h.update(name.as_bytes());
            h.update(b"\n");
        }
        for c in &countries {
            h.update(b"@");
            h.update(c.as_bytes());
        }
        minted.push((
            g,
            format!("{}{seg}/{slug}", vocab::ID),
            hex(&h.finalize())[..8].to_owned(),
        ));
    }
    let mut count: HashMap<&str, usize> = HashMap::new();
    for (_, base, _) in &minted {
        *count.entry(base.as_str()).or_default() += 1;
    }
    for (g, base, digest) in &minted {
        let iri = if count[base.as_str()] > 1 || nodes.reference.names_iri(base) {
            format!("{base}-{digest}")
        } else {
            base.clone()
        };
        iri_of_group.insert(*g, iri);
    }
    iri_of_group
}

/// Turns a normalised name into an IRI path segment: words joined by '-'.
/// Letters of any script are kept (IRIs allow them); anything an IRI would
/// not take is percent-encoded.
fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c == ' ' {
            out.push('-');
        } else if c.is_ascii_alphanumeric() || (!c.is_ascii() && is_iri_ucschar(c)) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// RFC 3987 `ucschar`.
fn is_iri_ucschar(c: char) -> bool {
    matches!(c as u32,
        0xA0..=0xD7FF | 0xF900..=0xFDCF | 0xFDF0..=0xFFEF
        | 0x10000..=0x1FFFD | 0x20000..=0x2FFFD | 0x30000..=0x3FFFD
        | 0x40000..=0x4FFFD | 0x50000..=0x5FFFD | 0x60000..=0x6FFFD
        | 0x70000..=0x7FFFD | 0x80000..=0x8FFFD | 0x90000..=0x9FFFD
        | 0xA0000..=0xAFFFD | 0xB0000..=0xBFFFD | 0xC0000..=0xCFFFD
        | 0xD0000..=0xDFFFD | 0xE1000..=0xEFFFD)
}
