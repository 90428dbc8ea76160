//! "See … by site" references of the Index to Diseases as search terms.
//! A main term without a code of its own that sends the coder to another
//! term "by site" ("Amputation — see also Absence, by site, acquired",
//! "Bed sore — see Ulcer, pressure, by site", "Boil — see also Furuncle,
//! by site") is the patient's or coder's word for every coded site under
//! that term. `see_terms.rs` follows only references that name a term
//! whole; this stops at "by site", so "status post amputation of left
//! leg", "bed sore on sacrum" or "boil on neck" reached the absence,
//! pressure-ulcer or furuncle codes only through words the query did not
//! say. Each coded site under the target (holding the words the reference
//! names after "by site", "acquired" for Absence) gets the referring term
//! followed by the site's path ("Amputation, leg, below knee, left").

use crate::domain::index_tree::{IndexTree, NodeId, fold};
use crate::ingest::cm_index::IndexEntry;

/// Most coded sites one reference is followed to: a target that lists
/// more ("Neoplasm") is a table to read, not a term to copy.
const MAX_SITES: usize = 400;

/// One entry per coded site under the target of each "by site" reference
/// of a main term with no code ([`self`]).
pub fn by_site_entries(tree: &IndexTree) -> Vec<IndexEntry> {
    let mut out = Vec::new();
    for &id in &tree.main_terms {
        let Some(n) = tree.node(id) else { continue };
        if n.code.is_some() {
            continue;
        }
        for reference in [&n.see, &n.see_also].into_iter().flatten() {
            let folded = fold(reference);
            let Some((before, after)) = folded.split_once("by site") else {
                continue;
            };
            let target_ref = before.trim().trim_end_matches(',').trim();
            let Some((target, true)) = tree.resolve(target_ref) else {
                continue;
            };
            if target == id {
                continue;
            }
            let wanted: Vec<&str> = after
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            let mut sites = Vec::new();
            collect_sites(tree, target, &mut Vec::new(), &wanted, &mut sites);
            if sites.is_empty() || sites.len() > MAX_SITES {
                continue;
            }
            for (code, below) in sites {
                out.push(IndexEntry {
                    code,
                    text: format!("{}, {below}", n.title),
                    line: 0,
                });
            }
        }
    }
    out
}

/// The coded terms below `at` whose labels along the way (titles and
/// modifiers) hold every `wanted` word: their code and the titles below
/// `at` joined by commas.
fn collect_sites(
    tree: &IndexTree,
    at: NodeId,
    labels: &mut Vec<(String, String)>,
    wanted: &[&str],
    out: &mut Vec<(String, String)>,
) {
    let Some(node) = tree.node(at) else { return };
    for &c in &node.children {
        let Some(child) = tree.node(c) else { continue };
        labels.push((child.title.clone(), fold(&child.label())));
        if let Some(code) = &child.code {
            let holds = wanted.iter().all(|w| {
                labels.iter().any(|(_, label)| {
                    label
                        .split(|ch: char| !ch.is_alphanumeric())
                        .any(|x| x == *w)
                })
            });
            if holds {
                let titles: Vec<&str> = labels.iter().map(|(t, _)| t.as_str()).collect();
                out.push((code.code.clone(), titles.join(", ")));
            }
        }
        if out.len() <= MAX_SITES {
            collect_sites(tree, c, labels, wanted, out);
        }
        labels.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::by_site_entries;
    use crate::domain::index_tree::{IndexCode, IndexCodeKind, IndexNode, IndexTree, NodeId};

    fn node(
        parent: Option<u32>,
        title: &str,
        nemod: Option<&str>,
        code: Option<&str>,
    ) -> IndexNode {
        IndexNode {
            parent: parent.map(NodeId),
            depth: u8::from(parent.is_some()),
            title: title.into(),
            nemod: nemod.map(str::to_string),
            code: code.map(|c| IndexCode {
                code: c.into(),
                kind: IndexCodeKind::Code,
                incomplete: false,
            }),
            manifestation: None,
            see: None,
            see_also: None,
            children: Vec::new(),
        }
    }

    #[test]
    fn a_by_site_reference_reaches_every_coded_site_holding_its_words() {
        let mut amputation = node(None, "Amputation", None, None);
        amputation.see_also = Some("Absence, by site, acquired".into());
        let tree = IndexTree::from_nodes(
            Some(2017),
            vec![
                node(None, "Absence", Some("(of) (organ or part)"), None),
                node(Some(0), "toe(s)", Some("(acquired)"), Some("Z89.42-")),
                node(Some(1), "great", None, Some("Z89.41-")),
                node(Some(0), "toe, congenital", None, Some("Q72.30")),
                amputation,
            ],
        );
        let entries = by_site_entries(&tree);
        let got: Vec<(&str, &str)> = entries
            .iter()
            .map(|e| (e.code.as_str(), e.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Z89.42-", "Amputation, toe(s)"),
                ("Z89.41-", "Amputation, toe(s), great")
            ]
        );
    }
}
