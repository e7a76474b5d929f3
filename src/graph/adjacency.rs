//! The compact graph every algorithm reads: neighbour lists in compressed
//! sparse row form ([`Csr`]), out- and in-neighbours together
//! ([`Adjacency`]). A [`Projection`](super::Projection) builds one with
//! [`Projection::adjacency`](super::Projection::adjacency); the
//! centralities (`measures`), paths and structure (`paths`) and Louvain
//! (`community`) all take it.

/// Neighbour lists in compressed sparse row form: the neighbours of `v`
/// are `to[start[v]..start[v + 1]]`, with their weights alongside.
///
/// Targets are `u32` and weights sit in their own array because the
/// searches that dominate the cost (Brandes, BFS) read only the targets:
/// four bytes an arc instead of sixteen keeps more of the graph in cache.
#[derive(Debug, Clone, Default)]
pub struct Csr {
    start: Vec<usize>,
    to: Vec<u32>,
    weight: Vec<f64>,
}

impl Csr {
    /// Packs neighbour lists, keeping each list's order.
    pub fn from_lists(lists: &[Vec<(usize, f64)>]) -> Self {
        let arcs = lists.iter().map(Vec::len).sum();
        let mut start = Vec::with_capacity(lists.len() + 1);
        let mut to = Vec::with_capacity(arcs);
        let mut weight = Vec::with_capacity(arcs);
        start.push(0);
        for ns in lists {
            for &(w, wt) in ns {
                to.push(u32::try_from(w).expect("fewer than 2^32 nodes"));
                weight.push(wt);
            }
            start.push(to.len());
        }
        Self { start, to, weight }
    }
    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.start.len().saturating_sub(1)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Number of arcs.
    pub fn arcs(&self) -> usize {
        self.to.len()
    }
    /// The neighbours of `v`.
    pub fn targets(&self, v: usize) -> &[u32] {
        &self.to[self.start[v]..self.start[v + 1]]
    }
    /// The weights of `v`'s arcs, in the order of [`Csr::targets`].
    pub fn weights(&self, v: usize) -> &[f64] {
        &self.weight[self.start[v]..self.start[v + 1]]
    }
    /// `(neighbour, weight)` pairs of `v`.
    pub fn iter(&self, v: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let r = self.start[v]..self.start[v + 1];
        self.to[r.clone()]
            .iter()
            .zip(&self.weight[r])
            .map(|(&w, &wt)| (w as usize, wt))
    }
    /// Number of neighbours of `v`.
    pub fn degree(&self, v: usize) -> usize {
        self.start[v + 1] - self.start[v]
    }
    /// Sum of the weights of `v`'s arcs.
    pub fn strength(&self, v: usize) -> f64 {
        self.weights(v).iter().sum()
    }
    /// The neighbour lists back.
    pub fn to_lists(&self) -> Vec<Vec<(usize, f64)>> {
        (0..self.len()).map(|v| self.iter(v).collect()).collect()
    }
}

/// A graph for the algorithms: out-neighbours with weights and, for
/// directed graphs, in-neighbours (for undirected ones `inc` equals `out`).
#[derive(Debug, Clone)]
pub struct Adjacency {
    pub out: Csr,
    pub inc: Csr,
    pub directed: bool,
}

impl Adjacency {
    /// Builds the adjacency from out-neighbour lists. In-neighbour lists
    /// are derived, sorted by node index.
    ///
    /// ```
    /// use hpkg::graph::adjacency::Adjacency;
    /// // a → b, a → c
    /// let g = Adjacency::new(vec![vec![(1, 1.0), (2, 2.0)], vec![], vec![]], true);
    /// assert_eq!(g.out.targets(0), &[1, 2]);
    /// assert_eq!(g.inc.iter(2).collect::<Vec<_>>(), vec![(0, 2.0)]);
    /// ```
    pub fn new(out: Vec<Vec<(usize, f64)>>, directed: bool) -> Self {
        let mut inc = vec![Vec::new(); out.len()];
        for (a, ns) in out.iter().enumerate() {
            for &(b, w) in ns {
                inc[b].push((a, w));
            }
        }
        for v in &mut inc {
            v.sort_by_key(|x| x.0);
        }
        Self {
            out: Csr::from_lists(&out),
            inc: Csr::from_lists(&inc),
            directed,
        }
    }
    pub fn len(&self) -> usize {
        self.out.len()
    }
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }
    /// The same graph with edges reversed.
    pub fn reversed(&self) -> Self {
        Self {
            out: self.inc.clone(),
            inc: self.out.clone(),
            directed: self.directed,
        }
    }
    /// The graph with directions forgotten: each node's out-neighbours
    /// followed by its in-neighbours (an undirected graph is returned as
    /// it is).
    pub fn undirected(&self) -> Self {
        if !self.directed {
            return self.clone();
        }
        let out = (0..self.len())
            .map(|v| self.out.iter(v).chain(self.inc.iter(v)).collect())
            .collect();
        Self::new(out, false)
    }
}
