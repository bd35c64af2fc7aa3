//! The tag tree: the page model's structure elements, with the marked content drawn for each.
//!
//! A node's children are its child nodes and its drawn content (text runs, images, link
//! annotations), merged by reading-order sequence number, so a footnote drawn at the page foot
//! is read right after its call.

use std::collections::BTreeMap;
use std::num::NonZeroU16;

use krilla::tagging::{ListNumbering, Node, TableHeaderScope, Tag, TagGroup, TagKind, TagTree};

use super::metadata::language;
use super::Context;
use crate::book::BookMeta;
use crate::layout::page::{NodeId, StructKind};

/// Builds the tag tree, Document root in the book's language.
pub(crate) fn tree(cx: &mut Context, meta: &BookMeta) -> TagTree {
    let nodes = &cx.model.structure;
    // Children of every node, with their sequence numbers.
    let mut children: BTreeMap<NodeId, Vec<(u32, Child)>> = BTreeMap::new();
    for (i, n) in nodes.iter().enumerate() {
        if let Some(p) = n.parent {
            children
                .entry(p)
                .or_default()
                .push((n.seq, Child::Node(NodeId(i as u32))));
        }
    }
    for (node, leaves) in std::mem::take(&mut cx.leaves) {
        let list = children.entry(node).or_default();
        for (seq, id) in leaves {
            list.push((seq, Child::Leaf(id)));
        }
    }
    for list in children.values_mut() {
        // Stable: nodes before content of the same number keep their insertion order.
        list.sort_by_key(|(seq, _)| *seq);
    }
    let mut tree = TagTree::new().with_lang(Some(language(&meta.lang)));
    if nodes.is_empty() {
        return tree;
    }
    for child in build_children(NodeId(0), &mut children, cx) {
        tree.push(child);
    }
    tree
}

enum Child {
    Node(NodeId),
    Leaf(krilla::tagging::Identifier),
}

fn build_children(
    id: NodeId,
    children: &mut BTreeMap<NodeId, Vec<(u32, Child)>>,
    cx: &Context,
) -> Vec<Node> {
    let list = children.remove(&id).unwrap_or_default();
    let mut out = Vec::with_capacity(list.len());
    for (_, child) in list {
        match child {
            Child::Leaf(ident) => out.push(Node::Leaf(ident)),
            Child::Node(n) => {
                let kids = build_children(n, children, cx);
                let kind = &cx.model.structure[n.0 as usize].kind;
                if kids.is_empty() && !matches!(kind, StructKind::Figure(_)) {
                    continue;
                }
                out.push(Node::Group(TagGroup::with_children(tag(kind), kids)));
            }
        }
    }
    out
}

/// The PDF structure type of a node.
fn tag(kind: &StructKind) -> TagKind {
    match kind {
        StructKind::Document | StructKind::Section => Tag::Section.into(),
        StructKind::Heading(level, title) => Tag::Hn(
            NonZeroU16::new(u16::from((*level).clamp(1, 6))).unwrap_or(NonZeroU16::MIN),
            Some(if title.is_empty() {
                "—".into()
            } else {
                title.clone()
            }),
        )
        .into(),
        StructKind::Paragraph | StructKind::Term | StructKind::Definition => Tag::P.into(),
        StructKind::Title => Tag::Title.into(),
        StructKind::List { ordered } => Tag::L(if *ordered {
            ListNumbering::Decimal
        } else {
            ListNumbering::Disc
        })
        .into(),
        StructKind::ListItem => Tag::LI.into(),
        StructKind::Label => Tag::Lbl.into(),
        StructKind::ListBody => Tag::LBody.into(),
        StructKind::BlockQuote => Tag::BlockQuote.into(),
        StructKind::Code => Tag::Code.into(),
        StructKind::Table => Tag::Table.into(),
        StructKind::TableHead => Tag::THead.into(),
        StructKind::TableBody => Tag::TBody.into(),
        StructKind::TableRow => Tag::TR.into(),
        StructKind::TableHeaderCell => Tag::TH(TableHeaderScope::Column).into(),
        StructKind::TableRowHeaderCell => Tag::TH(TableHeaderScope::Row).into(),
        StructKind::TableCell => Tag::TD.into(),
        StructKind::Figure(alt) => Tag::Figure(Some(alt.clone())).into(),
        StructKind::Caption => Tag::Caption.into(),
        StructKind::Aside => Tag::Div.into(),
        StructKind::Link { .. } => Tag::Link.into(),
        StructKind::Note => Tag::Note.into(),
        StructKind::Span => Tag::Span.into(),
        StructKind::Toc => Tag::TOC.into(),
        StructKind::TocItem => Tag::TOCI.into(),
    }
}
