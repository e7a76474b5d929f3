//! One schema between facts and RDF: for every fact type, its class, the
//! predicates that link it to the entities it names, and how each graph
//! projection reads those links.
//!
//! The RDF writer (`ingest::rdf`), the projection loader (`graph::load`)
//! and the projections (`graph::project`) all read [`FACTS`]; none of them
//! spells a class or a role predicate itself. Adding a fact type to the
//! mapping is one row here (see ARCHITECTURE.md, "How to add a fact type").

use super::vocab::hp;
use super::{Fact, FactType, Key};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// A participant predicate: the `hp:` property linking a fact to one of
/// the entities it names. It serialises as its local name (`launchedBy`)
/// and sorts by it, as the text it replaces did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    Person,
    Organization,
    Participant,
    Host,
    Topic,
    Partner,
    Signatory,
    Initiative,
    Funder,
    Recipient,
    LaunchedBy,
    ServedBy,
    Group,
    Provider,
    Place,
    AreaServed,
}

impl Role {
    /// Every role, each once.
    pub const ALL: [Role; 16] = [
        Self::Person,
        Self::Organization,
        Self::Participant,
        Self::Host,
        Self::Topic,
        Self::Partner,
        Self::Signatory,
        Self::Initiative,
        Self::Funder,
        Self::Recipient,
        Self::LaunchedBy,
        Self::ServedBy,
        Self::Group,
        Self::Provider,
        Self::Place,
        Self::AreaServed,
    ];

    /// Whether the role's property is a sub-property of `hp:involves` in
    /// the ontology: every participant, not the places (`hp:place`,
    /// `hp:areaServed` are locations).
    pub fn involves(self) -> bool {
        !matches!(self, Self::Place | Self::AreaServed)
    }

    /// The local name of the role's `hp:` property.
    pub fn local(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Organization => "organization",
            Self::Participant => "participant",
            Self::Host => "host",
            Self::Topic => "topic",
            Self::Partner => "partner",
            Self::Signatory => "signatory",
            Self::Initiative => "initiative",
            Self::Funder => "funder",
            Self::Recipient => "recipient",
            Self::LaunchedBy => "launchedBy",
            Self::ServedBy => "servedBy",
            Self::Group => "group",
            Self::Provider => "provider",
            Self::Place => "place",
            Self::AreaServed => "areaServed",
        }
    }

    /// The IRI of the role's property.
    pub fn iri(self) -> String {
        hp(self.local())
    }

    /// The role whose property has this local name.
    pub fn parse(local: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.local() == local)
    }
}

impl PartialOrd for Role {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Role {
    /// By local name: role lists sort as the property names do.
    fn cmp(&self, other: &Self) -> Ordering {
        self.local().cmp(other.local())
    }
}

/// How one fact type is written as RDF and read by the projections.
#[derive(Debug)]
pub struct FactSchema {
    pub ty: FactType,
    /// Local name of the fact's `hp:` class (a subclass of `hp:Fact`).
    pub class: &'static str,
    /// Each field of the document that names entities, as the spec spells
    /// it, with the role its entities take. Besides these, every fact may
    /// name a place ([`COMMON`]).
    pub participants: &'static [(&'static str, Role)],
    /// The partners projection links, pairwise, the organisations in these
    /// roles.
    pub partners: &'static [Role],
    /// The network projection links, pairwise, the entities in these
    /// roles...
    pub network_clique: &'static [Role],
    /// ...and each entity of the first roles to each of the second.
    pub network_stars: &'static [(&'static [Role], &'static [Role])],
    /// The funding projection draws an arc from each entity of the first
    /// role to each of the second.
    pub flow: Option<(Role, Role)>,
}

/// Participant fields every fact type may carry.
pub const COMMON: &[(&str, Role)] = &[("place", Role::Place)];

use Role::*;

/// The schema of every fact type, in the order of [`FactType::ALL`].
pub const FACTS: [FactSchema; 7] = [
    FactSchema {
        ty: FactType::Role,
        class: "Role",
        participants: &[("person", Person), ("organization", Organization)],
        partners: &[],
        network_clique: &[],
        network_stars: &[(&[Person], &[Organization])],
        flow: None,
    },
    FactSchema {
        ty: FactType::Meeting,
        class: "Meeting",
        participants: &[
            ("participants", Participant),
            ("host", Host),
            ("topics", Topic),
        ],
        partners: &[Participant, Host],
        network_clique: &[Participant, Host],
        network_stars: &[(&[Topic], &[Participant, Host])],
        flow: None,
    },
    FactSchema {
        ty: FactType::Partnership,
        class: "Partnership",
        participants: &[
            ("partners", Partner),
            ("initiative", Initiative),
            ("signatories", Signatory),
        ],
        partners: &[Partner],
        network_clique: &[Partner],
        network_stars: &[(&[Initiative], &[Partner]), (&[Signatory], &[Partner])],
        flow: None,
    },
    FactSchema {
        ty: FactType::Funding,
        class: "Funding",
        participants: &[("funder", Funder), ("recipient", Recipient)],
        partners: &[Funder, Recipient],
        network_clique: &[],
        network_stars: &[(&[Funder], &[Recipient])],
        flow: Some((Funder, Recipient)),
    },
    FactSchema {
        ty: FactType::Launch,
        class: "Launch",
        participants: &[
            ("initiative", Initiative),
            ("by", LaunchedBy),
            ("partners", Partner),
        ],
        partners: &[LaunchedBy, Partner],
        network_clique: &[],
        network_stars: &[(&[Initiative], &[LaunchedBy, Partner])],
        flow: None,
    },
    FactSchema {
        ty: FactType::Beneficiary,
        class: "Beneficiary",
        participants: &[("of", ServedBy), ("group", Group), ("places", AreaServed)],
        partners: &[],
        network_clique: &[],
        network_stars: &[(&[ServedBy], &[Group]), (&[ServedBy], &[AreaServed])],
        flow: None,
    },
    FactSchema {
        ty: FactType::Aid,
        class: "Aid",
        participants: &[
            ("provider", Provider),
            ("group", Group),
            ("places", AreaServed),
        ],
        partners: &[Provider],
        network_clique: &[],
        network_stars: &[(&[Provider], &[Group]), (&[Provider], &[AreaServed])],
        flow: None,
    },
];

/// The schema of a fact type.
pub fn of(ty: FactType) -> &'static FactSchema {
    FACTS
        .iter()
        .find(|s| s.ty == ty)
        .expect("every fact type has a row in schema::FACTS")
}

/// The fact type whose class has this IRI or local name.
pub fn fact_type_of_class(class: &str) -> Option<FactType> {
    let local = class.strip_prefix(super::vocab::HP).unwrap_or(class);
    FACTS.iter().find(|s| s.class == local).map(|s| s.ty)
}

/// Every role some fact type uses, each once, in [`Role::ALL`] order: the
/// properties the projection loader reads.
pub fn roles() -> impl Iterator<Item = Role> {
    Role::ALL.into_iter().filter(|r| {
        COMMON.iter().any(|(_, c)| c == r)
            || FACTS
                .iter()
                .any(|s| s.participants.iter().any(|(_, p)| p == r))
    })
}

/// The entities a fact names, each with its role: the fields of
/// [`FactSchema::participants`] and [`COMMON`], in that order, and within a
/// field in document order.
pub fn participants(fact: &Fact) -> Vec<(Role, &Key)> {
    let row = of(fact.ty());
    let role = |field: &str| {
        row.participants
            .iter()
            .chain(COMMON)
            .find(|(f, _)| *f == field)
            .map(|(_, r)| *r)
            .unwrap_or_else(|| {
                panic!(
                    "schema::FACTS names the field {field:?} of a {:?} fact",
                    row.ty
                )
            })
    };
    named_keys(fact)
        .into_iter()
        .map(|(field, k)| (role(field), k))
        .collect()
}

/// The entity keys a fact names, by field (the spec's spelling): the
/// type's participant fields in their [`FactSchema::participants`] order,
/// then the common ones.
fn named_keys(fact: &Fact) -> Vec<(&'static str, &Key)> {
    let mut v: Vec<(&'static str, &Key)> = Vec::new();
    fn many<'a>(v: &mut Vec<(&'static str, &'a Key)>, field: &'static str, ks: &'a [Key]) {
        v.extend(ks.iter().map(|k| (field, k)));
    }
    match fact {
        Fact::Role {
            person,
            organization,
            ..
        } => {
            v.push(("person", person));
            v.push(("organization", organization));
        }
        Fact::Meeting {
            participants,
            host,
            topics,
            ..
        } => {
            many(&mut v, "participants", participants);
            many(&mut v, "host", host.as_slice());
            many(&mut v, "topics", topics);
        }
        Fact::Partnership {
            partners,
            initiative,
            signatories,
            ..
        } => {
            many(&mut v, "partners", partners);
            many(&mut v, "initiative", initiative.as_slice());
            many(&mut v, "signatories", signatories);
        }
        Fact::Funding {
            funder, recipient, ..
        } => {
            v.push(("funder", funder));
            v.push(("recipient", recipient));
        }
        Fact::Launch {
            initiative,
            by,
            partners,
            ..
        } => {
            v.push(("initiative", initiative));
            many(&mut v, "by", by);
            many(&mut v, "partners", partners);
        }
        Fact::Beneficiary {
            of, group, places, ..
        } => {
            v.push(("of", of));
            v.push(("group", group));
            many(&mut v, "places", places);
        }
        Fact::Aid {
            provider,
            group,
            places,
            ..
        } => {
            v.push(("provider", provider));
            many(&mut v, "group", group.as_slice());
            many(&mut v, "places", places);
        }
    }
    many(&mut v, "place", fact.common().place.as_slice());
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fact_type_has_one_row_in_type_order() {
        let types: Vec<FactType> = FACTS.iter().map(|s| s.ty).collect();
        assert_eq!(types, FactType::ALL);
    }

    #[test]
    fn roles_sort_and_serialise_as_their_local_names() {
        let mut by_enum = Role::ALL.to_vec();
        by_enum.sort();
        let mut by_name: Vec<&str> = Role::ALL.iter().map(|r| r.local()).collect();
        by_name.sort();
        assert_eq!(
            by_enum.iter().map(|r| r.local()).collect::<Vec<_>>(),
            by_name
        );
        for r in Role::ALL {
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.local())
            );
            assert_eq!(Role::parse(r.local()), Some(r));
        }
    }

    #[test]
    fn the_projection_rules_use_only_roles_the_type_writes() {
        for s in &FACTS {
            let written: Vec<Role> = s
                .participants
                .iter()
                .chain(COMMON)
                .map(|(_, r)| *r)
                .collect();
            let used = s
                .partners
                .iter()
                .chain(s.network_clique)
                .chain(s.network_stars.iter().flat_map(|(a, b)| a.iter().chain(*b)))
                .chain(s.flow.iter().flat_map(|(a, b)| [a, b]));
            for r in used {
                assert!(
                    written.contains(r),
                    "{:?} reads {r:?}, which it never writes",
                    s.ty
                );
            }
        }
    }

    #[test]
    fn every_class_and_role_is_declared_by_the_ontology() {
        let ttl = include_str!("../../ontology/hpkg.ttl");
        for s in &FACTS {
            assert!(
                ttl.contains(&format!("hp:{} a owl:Class", s.class)),
                "{}",
                s.class
            );
            assert_eq!(fact_type_of_class(&hp(s.class)), Some(s.ty));
        }
        for r in roles() {
            assert!(
                ttl.contains(&format!("hp:{} a owl:ObjectProperty", r.local())),
                "{}",
                r.local()
            );
        }
        assert_eq!(roles().count(), Role::ALL.len());
    }

    #[test]
    fn a_role_involves_exactly_when_the_ontology_says_it_is_a_sub_property_of_involves() {
        let ttl = include_str!("../../ontology/hpkg.ttl");
        // The declared super-properties of hp:NAME, followed up the chain.
        fn involves(ttl: &str, name: &str) -> bool {
            let decl = format!("hp:{name} a owl:ObjectProperty ;\n    rdfs:subPropertyOf ");
            let Some(start) = ttl.find(&decl).map(|i| i + decl.len()) else {
                return false;
            };
            let supers = ttl[start..].lines().next().unwrap();
            supers
                .split([',', ' ', ';'])
                .filter_map(|t| t.strip_prefix("hp:"))
                .any(|s| s == "involves" || involves(ttl, s))
        }
        for r in Role::ALL {
            assert_eq!(involves(ttl, r.local()), r.involves(), "{}", r.local());
        }
    }
}
