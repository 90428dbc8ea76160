//! The Alphabetic Index (Index to Diseases and Injuries) as the tree coders
//! walk: main term → subterms → code, with "see" and "see also" leading to
//! other terms. Coders are taught to look a term up here first and then
//! verify the code in the Tabular List, so the tree keeps the index's own
//! words (titles, nonessential modifiers, cross-references) rather than
//! flattening them into search text.
//!
//! Pure data and the walks over it (fuzzy main-term lookup, path lookup,
//! resolving a cross-reference); the parser is `ingest::cm_index_tree`,
//! storage `store::code_tables::index_tree`.

/// A node's position in [`IndexTree::nodes`] (preorder, so a parent always
/// comes before its children).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The index into [`IndexTree::nodes`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

crate::string_enum! {
    /// How the index points at a code: a `<code>`, a `<subcat>` (a
    /// subcategory whose codes all apply) or a `<seecat>` (see the category).
    pub enum IndexCodeKind: "index code kind" {
        Code = "code",
        Subcategory = "subcat",
        SeeCategory = "seecat",
    }
}

/// A code a term leads to, as printed (trailing "-" / ".-" kept apart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexCode {
    /// "K40.90", "H93.3", "M01" (no trailing dash).
    pub code: String,
    pub kind: IndexCodeKind,
    /// The index printed a trailing dash: more characters are needed.
    pub incomplete: bool,
}

/// One main term or subterm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexNode {
    pub parent: Option<NodeId>,
    /// 0 for a main term, then the `level` of the nesting.
    pub depth: u8,
    /// The essential words ("Hernia, hernial").
    pub title: String,
    /// Nonessential modifiers, in parentheses as printed ("(acquired)
    /// (recurrent)"): they neither add nor take away a code.
    pub nemod: Option<String>,
    pub code: Option<IndexCode>,
    /// The manifestation code printed in brackets after the code
    /// ("E85.4 [I43]"): coded as well, sequenced after it.
    pub manifestation: Option<String>,
    /// "see": the code is found under that term instead.
    pub see: Option<String>,
    /// "see also": more is found under that term too.
    pub see_also: Option<String>,
    pub children: Vec<NodeId>,
}

impl IndexNode {
    /// Title and modifiers as the printed index shows them.
    pub fn label(&self) -> String {
        match &self.nemod {
            Some(n) => format!("{} {n}", self.title),
            None => self.title.clone(),
        }
    }
}

/// The whole index of one CM version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexTree {
    /// The index file's `<version>`.
    pub fiscal_year: Option<i32>,
    /// Preorder; [`IndexTree::main_terms`] are the roots.
    pub nodes: Vec<IndexNode>,
    pub main_terms: Vec<NodeId>,
}

/// What an index code is in the version a chart is coded in. The index
/// and the Tabular List change on their own schedules (an index may be
/// older than the version, a code may have been expanded or deleted since),
/// so coders verify every index code in the Tabular List: this is that
/// check, made for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexCodeStatus {
    /// A reportable code of the version.
    Reportable,
    /// A category or subcategory in the version (`N18.3` since its FY2021
    /// expansion): a code below it is reported instead.
    Category {
        /// The reportable codes below it, in code order (the first
        /// [`CATEGORY_CODES_SHOWN`]).
        codes: Vec<String>,
        /// How many more there are.
        more: usize,
    },
    /// Not in the version at all (deleted, or not yet created).
    NotInVersion,
}

/// How many codes below a category [`IndexCodeStatus::Category`] lists.
pub const CATEGORY_CODES_SHOWN: usize = 40;

impl IndexCodeStatus {
    /// A short word for screens and `--json` ("reportable", "category",
    /// "not_in_version").
    pub fn as_str(&self) -> &'static str {
        match self {
            IndexCodeStatus::Reportable => "reportable",
            IndexCodeStatus::Category { .. } => "category",
            IndexCodeStatus::NotInVersion => "not_in_version",
        }
    }
}

/// Lower case, runs of space collapsed: how titles and queries compare.
pub fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl IndexTree {
    /// Builds the children lists and roots from nodes whose `parent` is set
    /// (as stored); nodes whose parent is out of range or not before them
    /// become roots, so a damaged table still loads.
    pub fn from_nodes(fiscal_year: Option<i32>, mut nodes: Vec<IndexNode>) -> IndexTree {
        let mut main_terms = Vec::new();
        for n in &mut nodes {
            n.children.clear();
        }
        for i in 0..nodes.len() {
            let id = NodeId(i as u32);
            match nodes[i].parent {
                Some(p) if p.index() < i => nodes[p.index()].children.push(id),
                _ => {
                    nodes[i].parent = None;
                    main_terms.push(id);
                }
            }
        }
        IndexTree {
            fiscal_year,
            nodes,
            main_terms,
        }
    }

    pub fn node(&self, id: NodeId) -> Option<&IndexNode> {
        self.nodes.get(id.index())
    }

    /// The node and its ancestors, main term first.
    pub fn path(&self, id: NodeId) -> Vec<NodeId> {
        let mut path = vec![id];
        let mut at = id;
        while let Some(p) = self.node(at).and_then(|n| n.parent) {
            path.push(p);
            at = p;
        }
        path.reverse();
        path
    }

    /// The titles along [`IndexTree::path`], as the index is cited
    /// ("Hernia, hernial, inguinal, unilateral").
    pub fn path_text(&self, id: NodeId) -> String {
        self.path(id)
            .iter()
            .filter_map(|p| self.node(*p))
            .map(|n| n.title.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Main terms matching `query`, best first, at most `limit`: a title
    /// starting with the query, then one with a word starting with it,
    /// then one holding the query's letters in order (fuzzy, for typos of
    /// omission); ties keep index (alphabetic) order.
    pub fn find_main_terms(&self, query: &str, limit: usize) -> Vec<NodeId> {
        let q = fold(query);
        if q.is_empty() {
            return self.main_terms.iter().copied().take(limit).collect();
        }
        let mut scored: Vec<(u8, NodeId)> = Vec::new();
        for &id in &self.main_terms {
            let Some(n) = self.node(id) else { continue };
            let t = fold(&n.title);
            let rank = if t.starts_with(&q) {
                0
            } else if t
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w.starts_with(&q))
            {
                1
            } else if is_subsequence(&q, &t) {
                2
            } else {
                continue;
            };
            scored.push((rank, id));
        }
        scored.sort_by_key(|(rank, id)| (*rank, *id));
        scored.into_iter().take(limit).map(|(_, id)| id).collect()
    }

    /// Paths for the words a coder types (`hernia inguinal unilateral`):
    /// the first words pick a main term whose title's words start with
    /// them, each next word a descendant whose title has a
    /// word starting with it (intermediate "with"-style levels may be
    /// skipped). Returns the deepest nodes reached, at most `limit`.
    pub fn find_paths(&self, words: &[&str], limit: usize) -> Vec<NodeId> {
        let Some((first, rest)) = words.split_first() else {
            return Vec::new();
        };
        let words: Vec<String> = std::iter::once(first)
            .chain(rest)
            .map(|w| fold(w))
            .collect();
        let mut found = Vec::new();
        for &main in &self.main_terms {
            let Some(n) = self.node(main) else { continue };
            // A main term of several words ("Amyloid heart") takes as many
            // of the typed words as it spells out, the rest walk below it.
            let title: Vec<String> = fold(&n.title)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect();
            if !title.first().is_some_and(|t| t.starts_with(&words[0])) {
                continue;
            }
            let spelled = words
                .iter()
                .zip(&title)
                .take_while(|(w, t)| t.starts_with(w.as_str()))
                .count();
            for taken in (1..=spelled).rev() {
                let before = found.len();
                self.descend(main, &words[taken..], &mut found, limit);
                if found.len() > before || found.len() >= limit {
                    break;
                }
            }
            if found.len() >= limit {
                break;
            }
        }
        found
    }

    /// Walks down from `from` by comma parts typed ("inguinal", "unil"):
    /// each part picks the first child whose title's words start with the
    /// part's words. Returns the terms reached, `from` excluded; stops at
    /// the first part that matches no child.
    pub fn walk(&self, from: NodeId, parts: &[&str]) -> Vec<NodeId> {
        let mut reached = Vec::new();
        let mut at = from;
        for part in parts {
            let words: Vec<String> = fold(part).split(' ').map(str::to_string).collect();
            if words.iter().all(String::is_empty) {
                break;
            }
            let next = self.node(at).and_then(|n| {
                n.children.iter().copied().find(|c| {
                    self.node(*c)
                        .is_some_and(|c| words_spelled(&c.title, &words) == words.len())
                })
            });
            match next {
                Some(c) => {
                    reached.push(c);
                    at = c;
                }
                None => break,
            }
        }
        reached
    }

    /// Depth-first: matches `words` in order below `at`, shallowest first.
    fn descend(&self, at: NodeId, words: &[String], found: &mut Vec<NodeId>, limit: usize) {
        if words.is_empty() {
            found.push(at);
            return;
        }
        let mut stack: Vec<NodeId> = self.node(at).map_or(Vec::new(), |n| n.children.clone());
        stack.reverse();
        while let Some(id) = stack.pop() {
            if found.len() >= limit {
                return;
            }
            let Some(n) = self.node(id) else { continue };
            let spelled = words_spelled(&n.title, words);
            if spelled > 0 {
                // The typed words this title spells ("stage 3") are its
                // own; if nothing below takes the rest, try fewer.
                for taken in (1..=spelled).rev() {
                    let before = found.len();
                    self.descend(id, &words[taken..], found, limit);
                    if found.len() > before {
                        break;
                    }
                }
            } else {
                stack.extend(n.children.iter().rev());
            }
        }
    }

    /// Resolves a cross-reference ("Hernia, inguinal, bilateral",
    /// "Maltreatment") to the deepest term it names: the main term whose
    /// title is the longest leading run of the reference's comma parts (or
    /// starts with the first part), then a child per remaining part
    /// (title or title with modifiers equal, ignoring case and spacing).
    /// Parts that name no child ("by site", "condition") stop the walk:
    /// the coder continues by hand from the deepest term reached. The
    /// bool is `true` when every part was found.
    pub fn resolve(&self, reference: &str) -> Option<(NodeId, bool)> {
        let parts: Vec<String> = reference
            .split(',')
            .map(fold)
            .filter(|p| !p.is_empty())
            .collect();
        let first = parts.first()?;
        let mut best: Option<(usize, NodeId)> = None;
        for &id in &self.main_terms {
            let Some(n) = self.node(id) else { continue };
            let t = fold(&n.title);
            for k in (1..=parts.len()).rev() {
                if t == parts[..k].join(", ") && best.is_none_or(|(b, _)| k > b) {
                    best = Some((k, id));
                }
            }
        }
        // No title is the reference's words: a main term whose first
        // words are ("Hernia" for "Hernia, hernial").
        let best = best.or_else(|| {
            self.main_terms.iter().copied().find_map(|id| {
                let t = fold(&self.node(id)?.title);
                (t.split(',').next().map(str::trim) == Some(first.as_str())).then_some((1, id))
            })
        });
        let (used, mut at) = best?;
        for part in &parts[used..] {
            let next = self.node(at)?.children.iter().copied().find(|c| {
                self.node(*c)
                    .is_some_and(|n| fold(&n.title) == *part || fold(&n.label()) == *part)
            });
            match next {
                Some(c) => at = c,
                None => return Some((at, false)),
            }
        }
        Some((at, true))
    }
}

/// How many of the leading `words` (folded) `title` spells: each must
/// start one of its words, after the word the previous one started.
fn words_spelled(title: &str, words: &[String]) -> usize {
    let t = fold(title);
    let mut title_words = t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    words
        .iter()
        .take_while(|w| title_words.any(|t| t.starts_with(w.as_str())))
        .count()
}

/// Whether the characters of `needle` appear in `hay` in order.
fn is_subsequence(needle: &str, hay: &str) -> bool {
    let mut hay = hay.chars();
    needle.chars().all(|c| hay.any(|h| h == c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(parent: Option<u32>, depth: u8, title: &str) -> IndexNode {
        IndexNode {
            parent: parent.map(NodeId),
            depth,
            title: title.into(),
            nemod: None,
            code: None,
            manifestation: None,
            see: None,
            see_also: None,
            children: Vec::new(),
        }
    }

    fn sample() -> IndexTree {
        IndexTree::from_nodes(
            Some(2017),
            vec![
                node(None, 0, "Hernia, hernial"),
                node(Some(0), 1, "inguinal"),
                node(Some(1), 2, "with"),
                node(Some(2), 3, "gangrene"),
                node(Some(1), 2, "bilateral"),
                node(Some(1), 2, "unilateral"),
                node(None, 0, "Rupture"),
                node(Some(99), 1, "orphan"),
            ],
        )
    }

    #[test]
    fn roots_children_and_paths() {
        let t = sample();
        assert_eq!(t.main_terms, [NodeId(0), NodeId(6), NodeId(7)]);
        assert_eq!(t.nodes[1].children, [NodeId(2), NodeId(4), NodeId(5)]);
        assert_eq!(
            t.path_text(NodeId(5)),
            "Hernia, hernial, inguinal, unilateral"
        );
    }

    #[test]
    fn main_terms_by_prefix_word_and_subsequence() {
        let t = sample();
        assert_eq!(t.find_main_terms("her", 10), [NodeId(0)]);
        assert_eq!(t.find_main_terms("hernial", 10), [NodeId(0)]);
        assert_eq!(t.find_main_terms("rptr", 10), [NodeId(6)]);
        assert!(t.find_main_terms("zzz", 10).is_empty());
        assert_eq!(t.find_main_terms("", 2).len(), 2);
    }

    #[test]
    fn paths_skip_intermediate_levels() {
        let t = sample();
        assert_eq!(
            t.find_paths(&["hernia", "inguinal", "unil"], 5),
            [NodeId(5)]
        );
        assert_eq!(t.find_paths(&["hernia", "gangrene"], 5), [NodeId(3)]);
        assert_eq!(
            t.find_paths(&["hernia", "inguinal", "with", "gangrene"], 5),
            [NodeId(3)]
        );
        // Words the main term spells out are its own.
        assert_eq!(t.find_paths(&["hernia", "hernial", "with"], 5), [NodeId(2)]);
        assert!(t.find_paths(&[], 5).is_empty());
    }

    #[test]
    fn comma_parts_walk_down() {
        let t = sample();
        assert_eq!(t.walk(NodeId(0), &["ingu", "unil"]), [NodeId(1), NodeId(5)]);
        assert_eq!(t.walk(NodeId(0), &["ingu", "nothing"]), [NodeId(1)]);
        assert!(t.walk(NodeId(0), &[""]).is_empty());
    }

    #[test]
    fn references_resolve_as_far_as_they_go() {
        let t = sample();
        assert_eq!(
            t.resolve("Hernia, inguinal,  bilateral"),
            Some((NodeId(4), true))
        );
        assert_eq!(
            t.resolve("Hernia, hernial, inguinal"),
            Some((NodeId(1), true))
        );
        assert_eq!(t.resolve("Hernia, by site, with"), Some((NodeId(0), false)));
        assert_eq!(t.resolve("Nothing"), None);
        assert_eq!(t.resolve(" , "), None);
    }
}
