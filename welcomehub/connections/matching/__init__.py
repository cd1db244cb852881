"""Pure matching engines for households and mentors/groups (no Django imports).

- `weighted`: optimal assignment with capacities, maximising the total score;
- `stable`: household-proposing deferred acceptance with capacities, reporting the
  blocking pairs left when a constraint (a forbidden pair) makes stability impossible;
- `io`: the stateless CLI's CSV reading and JSON output (DESIGN §4 style contract).
"""

from welcomehub.connections.matching.stable import StableResult, blocking_pairs, stable
from welcomehub.connections.matching.weighted import weighted

__all__ = ["StableResult", "blocking_pairs", "stable", "weighted"]
