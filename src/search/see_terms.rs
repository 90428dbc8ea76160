//! "See" references of the Index to Diseases as search terms: a term that
//! only says where to look ("Pinkeye — see Conjunctivitis, acute,
//! mucopurulent", "Bed wetting — see Enuresis") is a word coders use for
//! the code found there, often a lay or old word the Tabular never prints.
//! Each reference that leads to a term with a code gives that code the
//! referring term's path as a search term, beside the entries the index
//! gives directly (`ingest::cm_index`).

use std::collections::HashMap;

use crate::domain::index_tree::{IndexNode, IndexTree, NodeId, fold};
use crate::ingest::cm_index::IndexEntry;

/// References followed through at most this many "see" hops.
const HOPS: usize = 3;
/// Most comma parts of a reference that one subterm title may hold
/// ("Abscess, breast, puerperal, postpartum" names the subterm
/// "puerperal, postpartum").
const PARTS_PER_TITLE: usize = 3;

/// One entry per "see" reference of `tree` that resolves completely to a
/// term with a code: that code, and the referring term's path. A reference
/// that stops before its end ("see Fracture, by site", "see condition")
/// gives nothing: the code depends on words the term does not have. One to
/// a term with no code of its own gives the codes of its subterms when
/// they are few ([`subterm_codes`]; "Condition — see Disease" gives none).
pub fn see_entries(tree: &IndexTree) -> Vec<IndexEntry> {
    let mut mains: HashMap<String, NodeId> = HashMap::new();
    for &id in &tree.main_terms {
        if let Some(n) = tree.node(id) {
            mains.entry(clean(&n.title)).or_insert(id);
        }
    }
    // A main term is also named by its first comma part ("Tetanus" for
    // "Tetanus, tetanic"), unless a main term is titled so itself.
    for &id in &tree.main_terms {
        if let Some(n) = tree.node(id) {
            let title = clean(&n.title);
            if let Some((head, _)) = title.split_once(',') {
                mains.entry(head.trim().to_string()).or_insert(id);
            }
        }
    }
    let mut out = Vec::new();
    for (at, n) in tree.nodes.iter().enumerate() {
        if n.code.is_some() {
            continue;
        }
        let Some(see) = &n.see else { continue };
        let mut reference = see.as_str();
        let main = tree.path(NodeId(at as u32)).first().copied();
        for _ in 0..HOPS {
            let found = resolve(tree, &mains, reference)
                .or_else(|| main.and_then(|m| resolve_within(tree, m, reference)));
            let Some(target) = found.and_then(|t| tree.node(t)) else {
                break;
            };
            if let Some(code) = &target.code {
                out.push(IndexEntry {
                    code: code.code.clone(),
                    text: tree.path_text(NodeId(at as u32)),
                    line: 0,
                });
                break;
            }
            match &target.see {
                Some(next) => reference = next.as_str(),
                None => {
                    let text = tree.path_text(NodeId(at as u32));
                    let codes = subterm_codes(tree, target, &clean(&n.title));
                    out.extend(codes.into_iter().map(|code| IndexEntry {
                        code,
                        text: text.clone(),
                        line: 0,
                    }));
                    break;
                }
            }
        }
    }
    // cm7: "see … by site" references, to every coded site of the target.
    out.extend(super::cm_by_site::by_site_entries(tree));
    out
}

/// Most coded subterms a reference to a term without a code of its own
/// is followed to: a term that only divides by a few subterms ("Arrest,
/// epiphyseal": forearm, lower leg, specified NEC) is what the referring
/// word means, each subterm a way of it; one with many ("Disease") is a
/// place to start reading, not an answer.
const MAX_SUBTERMS_FOLLOWED: usize = 6;

/// The codes of `target`'s subterms, when it has none of its own, at
/// least one coded subterm and at most [`MAX_SUBTERMS_FOLLOWED`]: the
/// referring term's words go to each, and search orders them as it
/// orders any codes that answer alike (the plainest title first). When
/// the referring term (`referring`, cleaned) names one of them by a word
/// ("Thrombosis, deep — see Embolism, vein, lower extremity", whose
/// subterms are deep, superficial, …), only that one.
fn subterm_codes(tree: &IndexTree, target: &IndexNode, referring: &str) -> Vec<String> {
    let coded: Vec<(String, String)> = target
        .children
        .iter()
        .filter_map(|&c| {
            let node = tree.node(c)?;
            Some((clean(&node.title), node.code.as_ref()?.code.clone()))
        })
        .collect();
    if coded.len() > MAX_SUBTERMS_FOLLOWED {
        return Vec::new();
    }
    let named = |title: &str| {
        referring
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| !w.is_empty() && w == title)
    };
    let chosen: Vec<String> = coded
        .iter()
        .filter(|(title, _)| named(title))
        .map(|(_, code)| code.clone())
        .collect();
    if chosen.is_empty() {
        coded.into_iter().map(|(_, code)| code).collect()
    } else {
        chosen
    }
}

/// A title or a reference's part as compared: folded, without the
/// nonessential modifiers in parentheses ("ear (partial)" → "ear",
/// "Complication(s)" → "complication").
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0u32;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    fold(&out)
}

/// A reference's comma parts, cleaned, empty parts dropped.
fn parts_of(reference: &str) -> Vec<String> {
    reference
        .split(',')
        .map(clean)
        .filter(|p| !p.is_empty())
        .collect()
}

/// The term a reference names, when every comma part is found: the main
/// term spelled by the longest leading run of parts, then subterms for
/// the remaining parts (`walk`).
fn resolve(tree: &IndexTree, mains: &HashMap<String, NodeId>, reference: &str) -> Option<NodeId> {
    let parts = parts_of(reference);
    let (taken, main) = (1..=parts.len())
        .rev()
        .find_map(|k| mains.get(&parts[..k].join(", ")).map(|&id| (k, id)))?;
    walk(tree, main, &parts[taken..])
}

/// A reference into the referring term's own main term, written by its
/// first words ("Fracture, traumatic" → collar bone → "see Fracture,
/// clavicle"): the remaining parts walked from that main term.
fn resolve_within(tree: &IndexTree, main: NodeId, reference: &str) -> Option<NodeId> {
    let parts = parts_of(reference);
    let (first, rest) = parts.split_first()?;
    let title = clean(&tree.node(main)?.title);
    if rest.is_empty() || !title.starts_with(first.as_str()) {
        return None;
    }
    walk(tree, main, rest)
}

/// Subterms for `parts`, from `at`. A subterm is named by its title
/// (without modifiers) spelled by one to three parts ("puerperal,
/// postpartum"), else by one part that is its title's first comma part
/// ("acute" for "acute, subacute") or its first whole words ("noxious"
/// for "noxious or naturally toxic").
fn walk(tree: &IndexTree, mut at: NodeId, parts: &[String]) -> Option<NodeId> {
    let mut i = 0;
    while i < parts.len() {
        let children: Vec<(NodeId, String)> = tree
            .node(at)?
            .children
            .iter()
            .filter_map(|&c| Some((c, clean(&tree.node(c)?.title))))
            .collect();
        let spelled = (1..=PARTS_PER_TITLE.min(parts.len() - i))
            .rev()
            .find_map(|k| {
                let joined = parts[i..i + k].join(", ");
                children
                    .iter()
                    .find(|(_, t)| *t == joined)
                    .map(|&(c, _)| (c, k))
            });
        let part = parts[i].as_str();
        let (next, used) = spelled
            .or_else(|| {
                let head = |t: &str| t.split(',').next().map(str::trim) == Some(part);
                children.iter().find(|(_, t)| head(t)).map(|&(c, _)| (c, 1))
            })
            .or_else(|| {
                children
                    .iter()
                    .find(|(_, t)| starts_with_words(t, part))
                    .map(|&(c, _)| (c, 1))
            })?;
        at = next;
        i += used;
    }
    Some(at)
}

/// Whether `title` starts with `part` ending at a word boundary.
fn starts_with_words(title: &str, part: &str) -> bool {
    title
        .strip_prefix(part)
        .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::index_tree::{IndexCode, IndexCodeKind, IndexNode};

    fn node(parent: Option<u32>, title: &str, code: Option<&str>, see: Option<&str>) -> IndexNode {
        IndexNode {
            parent: parent.map(NodeId),
            depth: u8::from(parent.is_some()),
            title: title.into(),
            nemod: None,
            code: code.map(|c| IndexCode {
                code: c.into(),
                kind: IndexCodeKind::Code,
                incomplete: false,
            }),
            manifestation: None,
            see: see.map(str::to_string),
            see_also: None,
            children: Vec::new(),
        }
    }

    #[test]
    fn a_see_reference_gives_its_words_to_the_code_it_leads_to() {
        let tree = IndexTree::from_nodes(
            Some(2017),
            vec![
                node(None, "Conjunctivitis", Some("H10.9"), None),
                node(Some(0), "acute", Some("H10.3"), None),
                node(None, "Pinkeye", None, Some("Conjunctivitis, acute")),
                node(None, "Red eye", None, Some("Pinkeye")),
                node(None, "Fracture", None, Some("Fracture, by site")),
                node(None, "Fracture, traumatic", None, None),
                node(Some(5), "clavicle", Some("S42.00"), None),
                node(Some(5), "collar bone", None, Some("Fracture, clavicle")),
                node(None, "Tetanus, tetanic", Some("A35"), None),
                node(None, "Lockjaw", None, Some("Tetanus")),
            ],
        );
        let got: Vec<(String, String)> = see_entries(&tree)
            .into_iter()
            .map(|e| (e.code, e.text))
            .collect();
        assert_eq!(
            got,
            [
                ("H10.3".to_string(), "Pinkeye".to_string()),
                ("H10.3".to_string(), "Red eye".to_string()),
                (
                    "S42.00".to_string(),
                    "Fracture, traumatic, collar bone".to_string()
                ),
                ("A35".to_string(), "Lockjaw".to_string()),
            ]
        );
    }

    #[test]
    fn references_with_modifiers_and_comma_titles_resolve_and_broad_uncoded_targets_give_nothing() {
        let tree = IndexTree::from_nodes(
            Some(2017),
            vec![
                node(None, "Loss", None, None),
                node(Some(0), "ossicles, ear", Some("H74.32"), None),
                node(
                    None,
                    "Ossicular loss",
                    None,
                    Some("Loss, ossicles, ear (partial)"),
                ),
                node(None, "Mastoiditis", None, None),
                node(Some(3), "acute, subacute", Some("H70.00"), None),
                node(None, "Antritis, mastoid", None, Some("Mastoiditis, acute")),
                node(None, "Disease", None, None),
                node(Some(6), "artery", Some("I77.9"), None),
                node(None, "Condition", None, Some("Disease")),
                node(None, "Poisoning", None, None),
                node(Some(9), "noxious or naturally toxic", Some("T62.91"), None),
                node(Some(6), "bone", Some("M89.9"), None),
                node(Some(6), "ear", Some("H93.9-"), None),
                node(Some(6), "eye", Some("H57.9"), None),
                node(Some(6), "heart", Some("I51.9"), None),
                node(Some(6), "lung", Some("J98.4"), None),
                node(Some(6), "skin", Some("L98.9"), None),
                node(None, "Plant poisoning", None, Some("Poisoning, noxious")),
            ],
        );
        let got: Vec<(String, String)> = see_entries(&tree)
            .into_iter()
            .map(|e| (e.code, e.text))
            .collect();
        let want = [
            ("H74.32", "Ossicular loss"),
            ("H70.00", "Antritis, mastoid"),
            ("T62.91", "Plant poisoning"),
        ];
        assert_eq!(
            got,
            want.map(|(c, t)| (c.to_string(), t.to_string())).to_vec()
        );
    }

    #[test]
    fn a_reference_to_a_term_without_a_code_gives_its_few_subterms_or_the_one_it_names() {
        let tree = IndexTree::from_nodes(
            Some(2017),
            vec![
                node(None, "Arrest", None, None),
                node(Some(0), "epiphyseal", None, None),
                node(Some(1), "forearm", Some("M89.13-"), None),
                node(Some(1), "lower leg", Some("M89.16-"), None),
                node(
                    None,
                    "Growth plate arrest",
                    None,
                    Some("Arrest, epiphyseal"),
                ),
                node(None, "Embolism", None, None),
                node(Some(5), "vein", None, None),
                node(Some(6), "lower extremity", None, None),
                node(Some(7), "deep", Some("I82.40-"), None),
                node(Some(7), "superficial", Some("I82.81-"), None),
                node(None, "Thrombosis", None, None),
                node(
                    Some(10),
                    "deep",
                    None,
                    Some("Embolism, vein, lower extremity"),
                ),
            ],
        );
        let got: Vec<(String, String)> = see_entries(&tree)
            .into_iter()
            .map(|e| (e.code, e.text))
            .collect();
        let want = [
            ("M89.13-", "Growth plate arrest"),
            ("M89.16-", "Growth plate arrest"),
            ("I82.40-", "Thrombosis, deep"),
        ];
        assert_eq!(
            got,
            want.map(|(c, t)| (c.to_string(), t.to_string())).to_vec()
        );
    }
}
