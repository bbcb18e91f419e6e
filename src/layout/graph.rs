//! The layered graph the passes share: real nodes, long-edge dummies and side
//! slots, each on one rank, in an order, with the chain of elements every flow
//! edge runs through.
//!
//! Invariant established by [`Layered::build`]: every chain runs from its top
//! end to its bottom end with consecutive elements on consecutive ranks (ELK
//! style: a labelled edge does not add a rank; labels get room in the channels),
//! except a rail edge ([`super::rail`]), whose chain has one dummy below its top
//! end and one above its bottom end and jumps the ranks between them.

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
    pub down: Adj,
    /// Neighbours on the previous rank.
    pub up: Adj,
    /// Chains per flow edge (None for self-loops and broken edges).
    pub chains: Vec<Option<Chain>>,
}

impl Layered {
    /// Builds the layered graph: one element per node, dummies for edges
    /// spanning more than one rank, layers in element order.
    /// `dag[e]` is `(top, bottom, reversed)` for edges taking part in layering.
    pub fn build(n: usize, rank: &[usize], dag: &[Option<(usize, usize, bool)>]) -> Layered {
        Layered::build_with_rails(n, rank, dag, &[])
    }

    /// As [`Layered::build`]; `rail[e]` marks rail edges, which get only their
    /// first and last dummy.
    pub fn build_with_rails(
        n: usize,
        rank: &[usize],
        dag: &[Option<(usize, usize, bool)>],
        rail: &[bool],
    ) -> Layered {
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
            let jump = rail.get(e).copied().unwrap_or(false) && rank[b] > rank[a] + 3;
            for r in rank[a] + 1..rank[b] {
                if jump && r != rank[a] + 1 && r + 1 != rank[b] {
                    continue;
                }
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

    /// Recomputes `up`/`down` from the chains (segments between consecutive
    /// ranks only), in chain order.
    pub fn rebuild_adjacency(&mut self) {
        let n = self.elems.len();
        let mut up_deg = vec![0usize; n];
        let mut down_deg = vec![0usize; n];
        let segments = || {
            self.chains.iter().flatten().flat_map(|c| {
                c.elems
                    .windows(2)
                    .map(|w| (w[0], w[1]))
                    .filter(|&(a, b)| self.elems[a].rank + 1 == self.elems[b].rank)
            })
        };
        for (a, b) in segments() {
            down_deg[a] += 1;
            up_deg[b] += 1;
        }
        let mut up = Adj::with_degrees(&up_deg);
        let mut down = Adj::with_degrees(&down_deg);
        let mut up_fill = up.off.clone();
        let mut down_fill = down.off.clone();
        for (a, b) in segments() {
            down.items[down_fill[a]] = b;
            down_fill[a] += 1;
            up.items[up_fill[b]] = a;
            up_fill[b] += 1;
        }
        self.up = up;
        self.down = down;
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

/// Compact adjacency lists (CSR): `adj[v]` is the slice of `v`'s neighbours.
#[derive(Debug, Clone, Default)]
pub struct Adj {
    /// `items[off[v]..off[v + 1]]` are the neighbours of `v`.
    pub off: Vec<usize>,
    /// All neighbours, list after list.
    pub items: Vec<usize>,
}

impl Adj {
    /// Empty lists of the given lengths (filled with 0).
    fn with_degrees(deg: &[usize]) -> Adj {
        let mut off = Vec::with_capacity(deg.len() + 1);
        let mut total = 0;
        for &d in deg {
            off.push(total);
            total += d;
        }
        off.push(total);
        Adj {
            off,
            items: vec![0; total],
        }
    }
}

impl std::ops::Index<usize> for Adj {
    type Output = [usize];
    fn index(&self, v: usize) -> &[usize] {
        &self.items[self.off[v]..self.off[v + 1]]
    }
}

impl std::ops::IndexMut<usize> for Adj {
    fn index_mut(&mut self, v: usize) -> &mut [usize] {
        &mut self.items[self.off[v]..self.off[v + 1]]
    }
}
