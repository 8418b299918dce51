// Convergence: after a partition heals and repair has had time to work, every replica of
// a key holds the same state. This checker compares what replicas show from outside (a
// digest of each key's state per replica, and how many siblings it holds) and names the
// keys that still differ. Rule: a replica whose state cannot be read (the node is down)
// counts as different from every other, so a key converges only when all its replicas
// are up and agree.

export interface ReplicaKeyState {
  readonly key: string;
  readonly node: number;
  /** A digest of the replica's state for the key; 'absent' when it holds none; undefined when it cannot be read. */
  readonly digest: string | undefined;
  /** Values a read of this replica alone would return (1 unless it keeps siblings). */
  readonly siblings: number;
}

export interface DivergentKey {
  readonly key: string;
  readonly digests: readonly { readonly node: number; readonly digest: string | undefined }[];
}

export interface ConvergenceReport {
  readonly converged: boolean;
  /** Keys examined. */
  readonly keys: number;
  readonly divergent: readonly DivergentKey[];
  /** The most siblings any replica holds for any key. */
  readonly siblingsMax: number;
}

export function checkConvergence(states: readonly ReplicaKeyState[]): ConvergenceReport {
  const byKey = new Map<string, ReplicaKeyState[]>();
  let siblingsMax = 0;
  for (const state of states) {
    siblingsMax = Math.max(siblingsMax, state.siblings);
    const replicas = byKey.get(state.key);
    if (replicas === undefined) byKey.set(state.key, [state]);
    else replicas.push(state);
  }
  const divergent: DivergentKey[] = [];
  for (const [key, replicas] of byKey) {
    const first = (replicas[0] as ReplicaKeyState).digest;
    const agree = first !== undefined && replicas.every((replica) => replica.digest === first);
    if (!agree) divergent.push({ key, digests: replicas.map(({ node, digest }) => ({ node, digest })) });
  }
  return { converged: divergent.length === 0, keys: byKey.size, divergent, siblingsMax };
}

/** `2 of 5 keys differ: k1 (node 0 3fa0c2d1, node 3 absent), ...`, at most `limit` keys named. */
export function describeDivergence(report: ConvergenceReport, limit = 3): string {
  if (report.converged) return `all ${report.keys} keys agree on every replica`;
  const named = report.divergent.slice(0, limit).map((entry) => `${entry.key} (${entry.digests.map(({ node, digest }) => `node ${node} ${digest ?? 'down'}`).join(', ')})`);
  const more = report.divergent.length > limit ? `, and ${report.divergent.length - limit} more` : '';
  return `${report.divergent.length} of ${report.keys} keys differ between replicas: ${named.join(', ')}${more}`;
}

/** The nodes that hold a divergent key, for the report's recent events. */
export function divergentNodes(report: ConvergenceReport): number[] {
  const nodes = new Set<number>();
  for (const entry of report.divergent) for (const { node } of entry.digests) nodes.add(node);
  return [...nodes].sort((left, right) => left - right);
}
