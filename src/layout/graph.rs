//! The layered graph the passes share: real nodes, long-edge dummies and side
//! slots, each on one rank, in an order, with the chain of elements every flow
//! edge runs through.
//!
//! Invariant established by [`Layered::build`]: every chain runs from its top
//! end to its bottom end with consecutive elements on consecutive ranks (ELK
//! style: a labelled edge does not add a rank; labels get room in the channels).

/// What a layer element stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ElemKind {
    /// A real node (index into `Flow::nodes`).
    Node(usize),
    /// A long edge crossing this rank (index into `Flow::edges`).
    Dummy(usize),
    /// A slot beside `owner` where edge `edge` turns from horizontal to vertical
    /// (decision side branches, loops); `right` tells the side.
    Side {
        /// The flow edge.
        edge: usize,
        /// The node it leaves or enters.
        owner: usize,
        /// Right of the owner (else left).
        right: bool,
    },
}

/// One element of a layer.
#[derive(Debug, Clone)]
pub struct Elem {
    /// What it is.
    pub kind: ElemKind,
    /// Its rank.
    pub rank: usize,
    /// Room it needs left of its centre line.
    pub left: f64,
    /// Room it needs right of its centre line.
    pub right: f64,
}

/// How an edge meets the node at one of its ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attach {
    /// Vertically: out of the bottom (top end) or into the top (bottom end).
    Vertical,
    /// Horizontally out of a side, through a side slot.
    Side,
}

/// The elements one flow edge runs through, top to bottom.
#[derive(Debug, Clone)]
pub struct Chain {
    /// The flow edge.
    pub edge: usize,
    /// Elements, top end first; side slots sit on the rank of their owner.
    pub elems: Vec<usize>,
    /// True when the edge runs upward (a loop), so the top end is its target.
    pub reversed: bool,
    /// How it meets the top end.
    pub top: Attach,
    /// How it meets the bottom end.
    pub bottom: Attach,
}

/// The layered graph.
#[derive(Debug, Clone, Default)]
pub struct Layered {
    /// Elements; the first `n` are the flow's nodes, by index.
    pub elems: Vec<Elem>,
    /// Elements of each rank, in order.
    pub layers: Vec<Vec<usize>>,
    /// Position of each element in its layer.
    pub pos: Vec<usize>,
    /// Neighbours on the next rank (one entry per chain segment).
    pub down: Vec<Vec<usize>>,
    /// Neighbours on the previous rank.
    pub up: Vec<Vec<usize>>,
    /// Chains per flow edge (None for self-loops and broken edges).
    pub chains: Vec<Option<Chain>>,
}

impl Layered {
    /// Builds the layered graph: one element per node, dummies for edges
    /// spanning more than one rank, layers in element order.
    /// `dag[e]` is `(top, bottom, reversed)` for edges taking part in layering.
    pub fn build(n: usize, rank: &[usize], dag: &[Option<(usize, usize, bool)>]) -> Layered {
        let mut g = Layered::default();
        for (v, &r) in rank.iter().enumerate().take(n) {
            g.elems.push(Elem {
                kind: ElemKind::Node(v),
                rank: r,
                left: 0.0,
                right: 0.0,
            });
        }
        for (e, d) in dag.iter().enumerate() {
            let Some((a, b, reversed)) = *d else {
                g.chains.push(None);
                continue;
            };
            let mut elems = vec![a];
            for r in rank[a] + 1..rank[b] {
                g.elems.push(Elem {
                    kind: ElemKind::Dummy(e),
                    rank: r,
                    left: 0.0,
                    right: 0.0,
                });
                elems.push(g.elems.len() - 1);
            }
            elems.push(b);
            g.chains.push(Some(Chain {
                edge: e,
                elems,
                reversed,
                top: Attach::Vertical,
                bottom: Attach::Vertical,
            }));
        }
        let ranks = g.elems.iter().map(|e| e.rank + 1).max().unwrap_or(0);
        g.layers = vec![Vec::new(); ranks];
        for (i, e) in g.elems.iter().enumerate() {
            g.layers[e.rank].push(i);
        }
        g.rebuild_adjacency();
        g.renumber();
        g
    }

    /// Recomputes `up`/`down` from the chains (segments between consecutive ranks only).
    pub fn rebuild_adjacency(&mut self) {
        let n = self.elems.len();
        self.up = vec![Vec::new(); n];
        self.down = vec![Vec::new(); n];
        for c in self.chains.iter().flatten() {
            for w in c.elems.windows(2) {
                let (a, b) = (w[0], w[1]);
                if self.elems[a].rank + 1 == self.elems[b].rank {
                    self.down[a].push(b);
                    self.up[b].push(a);
                }
            }
        }
    }

    /// Recomputes `pos` from `layers`.
    pub fn renumber(&mut self) {
        self.pos = vec![0; self.elems.len()];
        for layer in &self.layers {
            for (i, &v) in layer.iter().enumerate() {
                self.pos[v] = i;
            }
        }
    }

    /// The node an element stands for, if it is a real node.
    pub fn node(&self, v: usize) -> Option<usize> {
        match self.elems[v].kind {
            ElemKind::Node(n) => Some(n),
            _ => None,
        }
    }
}
