// A node's inspect() snapshot in a few words for its row in the cluster panel. Each
// scenario shapes its snapshot as it likes, so this knows a handful of common fields
// (role, term, version, leader, commit index, seen, queue depth), looks one level into
// nested objects (a `node` or `state` record), and shows anything else as compact
// key=value, plain values first. Rule: the result is bounded (a few short parts)
// whatever the snapshot holds.
const ROLE_FIELDS = ['role', 'state', 'breaker', 'mode'] as const;
/** Shown first, in this order, when present. */
const KNOWN_FIELDS = ['term', 'version', 'leader', 'leaderId', 'commitIndex', 'seen', 'queue', 'queueDepth'] as const;
const PART_LIMIT = 8;
const TEXT_LIMIT = 14;

export interface NodeStateSummary {
  /** leader / follower / candidate, a breaker state, ...: shown first and coloured. */
  readonly role: string | undefined;
  /** Short parts in display order: `t3`, `seen 10`, `commit=4`. */
  readonly parts: readonly string[];
}

const EMPTY: NodeStateSummary = { role: undefined, parts: [] };

interface Field {
  readonly name: string;
  readonly value: unknown;
  /** Found one level down, inside a nested record. */
  readonly isNested: boolean;
  readonly order: number;
}

export function summarizeNodeState(inspected: unknown): NodeStateSummary {
  const snapshot = plainOf(inspected);
  if (snapshot === undefined || snapshot === null) return EMPTY;
  if (!isRecord(snapshot)) return { role: undefined, parts: [compactValue(snapshot)] };
  const fields = flattenOnce(snapshot);
  const roleField = fields.find((field) => (ROLE_FIELDS as readonly string[]).includes(field.name) && typeof field.value === 'string');
  const shown = fields.filter((field) => field !== roleField && field.name !== 'id' && !(field.isNested && isEmptyValue(field.value)));
  const ranked = shown
    .map((field) => ({ field, rank: rankOf(field) }))
    .sort((a, b) => a.rank - b.rank || a.field.order - b.field.order)
    .slice(0, PART_LIMIT);
  return { role: roleField === undefined ? undefined : shorten(roleField.value as string), parts: ranked.map(({ field }) => describeField(field.name, field.value)) };
}

/** The record's fields, with those of each nested record (one level down) in its place. */
function flattenOnce(record: Record<string, unknown>): Field[] {
  const fields: Field[] = [];
  for (const [name, field] of Object.entries(record)) {
    const value = plainOf(field);
    if (isRecord(value)) {
      for (const [childName, childValue] of Object.entries(value)) fields.push({ name: childName, value: childValue, isNested: true, order: fields.length });
    } else {
      fields.push({ name, value, isNested: false, order: fields.length });
    }
  }
  return fields;
}

/** Known fields first, then plain values, then lists, then records. */
function rankOf(field: Field): number {
  const known = (KNOWN_FIELDS as readonly string[]).indexOf(field.name);
  if (known >= 0) return known;
  if (Array.isArray(field.value)) return KNOWN_FIELDS.length + 1;
  if (typeof field.value === 'object' && field.value !== null) return KNOWN_FIELDS.length + 2;
  return KNOWN_FIELDS.length;
}

/** What JSON would show of a value: an object with toJSON() (a state machine, a breaker) as it describes itself. */
function plainOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON !== 'function') return value;
  try {
    return (toJSON as () => unknown).call(value);
  } catch {
    return value;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Set) && !(value instanceof Map);
}

/** Zero counters, false flags and empty values say little one level down. */
function isEmptyValue(value: unknown): boolean {
  return value === 0 || value === false || value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function describeField(name: string, value: unknown): string {
  switch (name) {
    case 'term':
      return typeof value === 'number' ? `t${value}` : `term=${compactValue(value)}`;
    case 'version':
      return typeof value === 'number' ? `v${value}` : `version=${compactValue(value)}`;
    case 'seen':
    case 'queue':
    case 'queueDepth':
      return `${name === 'seen' ? 'seen' : 'queue'} ${countOf(value)}`;
    default:
      return Array.isArray(value) ? `${name}[${value.length}]` : `${name}=${compactValue(value)}`;
  }
}

function countOf(value: unknown): string {
  if (Array.isArray(value)) return String(value.length);
  if (value instanceof Set || value instanceof Map) return String(value.size);
  return compactValue(value);
}

function compactValue(value: unknown): string {
  if (typeof value === 'string') return shorten(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `[${value.length}]`;
  return '{…}';
}

function shorten(text: string): string {
  return text.length <= TEXT_LIMIT ? text : `${text.slice(0, TEXT_LIMIT - 1)}…`;
}

/** The whole snapshot as indented JSON lines for the node detail view, at most `limit` lines. */
export function nodeStateLines(snapshot: unknown, limit: number): string[] {
  if (snapshot === undefined) return ['(no snapshot: the node is down or has no inspect())'];
  let text: string;
  try {
    text = JSON.stringify(snapshot, (_key, value: unknown) => (value instanceof Set || value instanceof Map ? [...value] : value), 2) ?? String(snapshot);
  } catch {
    text = String(snapshot);
  }
  const lines = text.split('\n');
  if (lines.length <= limit) return lines;
  return [...lines.slice(0, Math.max(0, limit - 1)), `… ${lines.length - limit + 1} more lines`];
}
