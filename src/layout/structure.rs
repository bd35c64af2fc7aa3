//! The logical structure being built: the tagged PDF's structure elements, each under its
//! parent, and the reading order every element and drawn item is numbered in.

use super::page::{NodeId, StructKind, StructNode};

/// Structure elements in the order they were made (node 0 the root), and the last
/// reading-order number given.
#[derive(Debug, Clone)]
pub struct StructureTree {
    pub nodes: Vec<StructNode>,
    pub seq: u32,
}

impl StructureTree {
    /// A tree holding only its root, of `kind`, numbered 0.
    pub fn new(kind: StructKind) -> Self {
        StructureTree {
            nodes: vec![StructNode {
                kind,
                parent: None,
                seq: 0,
            }],
            seq: 0,
        }
    }

    /// The next reading-order number.
    pub fn next_seq(&mut self) -> u32 {
        self.seq += 1;
        self.seq
    }

    /// A new element under `parent`, next in reading order.
    pub fn node(&mut self, kind: StructKind, parent: NodeId) -> NodeId {
        let seq = self.next_seq();
        self.node_at(kind, Some(parent), seq)
    }

    /// A new element under `parent` at a reading-order number given beforehand (the
    /// contents' heading, set after the chapters but read before them).
    pub fn node_at(&mut self, kind: StructKind, parent: Option<NodeId>, seq: u32) -> NodeId {
        self.nodes.push(StructNode { kind, parent, seq });
        NodeId(self.nodes.len() as u32 - 1)
    }
}
