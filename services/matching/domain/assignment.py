"""Globally optimal many-to-one assignment on the candidate graph, as a min-cost flow.

Network: source -> junior (capacity = the junior's free places) -> senior (1) -> sink (1),
plus a source -> sink bypass with cost 0. The source supplies as many units as could ever be
paired, every pair arc costs minus its score, and units that find no worthwhile pair take the
bypass. The minimum cost is therefore minus the largest total score of any assignment that
respects capacities: a maximum-weight matching, not a maximum-cardinality one. Every allowed
pair has a positive score, so adding a pair never lowers the total; programs that want
coverage first raise `weights.match_bonus` until it outweighs the spread of the other terms.
Bipartite b-matching is totally unimodular, so this integral optimum is also the optimum of
the linear relaxation: no LP bound can be tighter on the same graph.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

IntArray = npt.NDArray[np.int64]


class AssignmentFailedError(RuntimeError):
    """The solver did not prove an optimum; the run must not publish anything."""


def optimal_assignment(
    seniors: IntArray, juniors: IntArray, scores: IntArray, junior_capacity: IntArray
) -> npt.NDArray[np.bool_]:
    """Which candidate pairs to form. `junior_capacity` is indexed by junior person index."""
    chosen = np.zeros(len(seniors), dtype=np.bool_)
    if not len(seniors):
        return chosen
    junior_ids, junior_node = np.unique(juniors, return_inverse=True)
    senior_ids, senior_node = np.unique(seniors, return_inverse=True)
    source, sink = 0, 1
    junior_node = junior_node + 2
    senior_node = senior_node + 2 + len(junior_ids)
    junior_nodes = np.arange(2, 2 + len(junior_ids))
    senior_nodes = np.arange(2 + len(junior_ids), 2 + len(junior_ids) + len(senior_ids))
    capacity = junior_capacity[junior_ids]
    units = int(min(capacity.sum(), len(senior_ids)))
    tails = np.concatenate(([source], np.full(len(junior_ids), source), junior_node, senior_nodes))
    heads = np.concatenate(([sink], junior_nodes, senior_node, np.full(len(senior_ids), sink)))
    capacities = np.concatenate(
        ([units], capacity, np.ones(len(seniors), np.int64), np.ones(len(senior_ids), np.int64))
    )
    costs = np.concatenate(
        ([0], np.zeros(len(junior_ids), np.int64), -scores, np.zeros(len(senior_ids), np.int64))
    )
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), capacities, costs
    )
    flow.set_nodes_supplies(np.array([source, sink], np.int32), np.array([units, -units]))
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise AssignmentFailedError(f"min-cost flow ended with status {status}")
    pair_arcs = np.arange(1 + len(junior_ids), 1 + len(junior_ids) + len(seniors))
    chosen[:] = flow.flows(pair_arcs) > 0
    return chosen
