// Fault files: a fault schedule saved as JSON, `{ "faults": [...] }`, one event a line,
// so a shrunk counterexample can be saved and replayed with `faultline run --faults`.
// Rule: these are pure text <-> data functions (host code reads and writes the file);
// fields come out in one fixed order, and every problem is a one-line RangeError.
import { assertNever } from '../engine/assert-never.ts';
import type { PartitionSpec } from '../net/partition.ts';
import type { FaultEvent, FaultSchedule } from './fault-event.ts';
import { validateFaultSchedule } from './fault-schedule.ts';

/** Optional notes saved before the faults: which run the schedule came from. */
export interface FaultFileMeta {
  readonly scenario?: string;
  readonly seed?: number;
  readonly params?: Readonly<Record<string, string | number | boolean>>;
}

const META_FIELDS = ['scenario', 'seed', 'params'] as const;
const TOP_LEVEL_FIELDS: readonly string[] = [...META_FIELDS, 'faults'];

/** The fields of each event kind, in the order they are written. */
const EVENT_FIELDS: Readonly<Record<FaultEvent['kind'], readonly string[]>> = {
  partition: ['atUs', 'kind', 'partition'],
  heal: ['atUs', 'kind'],
  crash: ['atUs', 'kind', 'node'],
  restart: ['atUs', 'kind', 'node'],
  pause: ['atUs', 'kind', 'node', 'durationUs'],
  'loss-burst': ['atUs', 'kind', 'probability', 'durationUs'],
  'clock-skew': ['atUs', 'kind', 'node', 'offsetUs', 'driftPpm'],
};

const PARTITION_FIELDS: Readonly<Record<PartitionSpec['kind'], readonly string[]>> = {
  split: ['kind', 'groups'],
  isolate: ['kind', 'node'],
  'one-way': ['kind', 'from', 'to'],
  bridge: ['kind', 'left', 'right', 'bridge'],
};

/** JSON text with the meta fields first, then `faults`, one event a line, in schedule order. */
export function formatFaultFile(schedule: FaultSchedule, meta: FaultFileMeta = {}): string {
  const lines = ['{'];
  for (const field of META_FIELDS) {
    const value = meta[field];
    if (value !== undefined) lines.push(`  ${JSON.stringify(field)}: ${JSON.stringify(value)},`);
  }
  if (schedule.length === 0) {
    lines.push('  "faults": []');
  } else {
    lines.push('  "faults": [');
    schedule.forEach((event, index) => {
      lines.push(`    ${JSON.stringify(canonicalEvent(event))}${index < schedule.length - 1 ? ',' : ''}`);
    });
    lines.push('  ]');
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/**
 * Reads a fault file written by formatFaultFile (or by hand) for a cluster of `nodeCount`
 * nodes. Throws a one-line RangeError naming the problem: bad JSON, a missing `faults`
 * list, an unknown field, or a bad event (by index and field).
 */
export function parseFaultFile(text: string, nodeCount: number): FaultSchedule {
  try {
    return parseChecked(text, nodeCount);
  } catch (error) {
    if (error instanceof RangeError) throw new RangeError(oneLine(`fault file: ${error.message}`));
    throw error;
  }
}

function parseChecked(text: string, nodeCount: number): FaultSchedule {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new RangeError(`invalid JSON: ${(error as Error).message}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new RangeError(`expected a JSON object with a "faults" list, got ${describeJsonType(document)}`);
  }
  const fields = document as Record<string, unknown>;
  for (const field of Object.keys(fields)) {
    if (!TOP_LEVEL_FIELDS.includes(field)) {
      throw new RangeError(`unknown field ${JSON.stringify(field)}: expected ${TOP_LEVEL_FIELDS.map((name) => `"${name}"`).join(', ')}`);
    }
  }
  if (!Object.hasOwn(fields, 'faults')) throw new RangeError('missing "faults": expected a list of fault events');
  const faults = fields.faults;
  if (!Array.isArray(faults)) throw new RangeError(`"faults" must be a list of fault events, got ${describeJsonType(faults)}`);
  validateFaultSchedule(faults, nodeCount);
  faults.forEach((event, index) => rejectUnknownFields(event, index));
  return faults.map(canonicalEvent);
}

function rejectUnknownFields(event: FaultEvent, index: number): void {
  const where = `fault ${index} (${event.kind})`;
  rejectExtra(event as unknown as Record<string, unknown>, EVENT_FIELDS[event.kind], where);
  if (event.kind === 'partition') {
    rejectExtra(event.partition as unknown as Record<string, unknown>, PARTITION_FIELDS[event.partition.kind], `${where} ${event.partition.kind}`);
  }
}

function rejectExtra(record: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const field of Object.keys(record)) {
    if (!allowed.includes(field)) {
      throw new RangeError(`${where}: unknown field ${JSON.stringify(field)}: expected ${allowed.join(', ')}`);
    }
  }
}

/** A copy with exactly the kind's fields, in the written order. */
function canonicalEvent(event: FaultEvent): FaultEvent {
  switch (event.kind) {
    case 'partition':
      return { atUs: event.atUs, kind: event.kind, partition: canonicalPartition(event.partition) };
    case 'heal':
      return { atUs: event.atUs, kind: event.kind };
    case 'crash':
    case 'restart':
      return { atUs: event.atUs, kind: event.kind, node: event.node };
    case 'pause':
      return { atUs: event.atUs, kind: event.kind, node: event.node, durationUs: event.durationUs };
    case 'loss-burst':
      return { atUs: event.atUs, kind: event.kind, probability: event.probability, durationUs: event.durationUs };
    case 'clock-skew':
      return { atUs: event.atUs, kind: event.kind, node: event.node, offsetUs: event.offsetUs, driftPpm: event.driftPpm };
    default:
      return assertNever(event);
  }
}

function canonicalPartition(spec: PartitionSpec): PartitionSpec {
  switch (spec.kind) {
    case 'split':
      return { kind: spec.kind, groups: spec.groups.map((group) => [...group]) };
    case 'isolate':
      return { kind: spec.kind, node: spec.node };
    case 'one-way':
      return { kind: spec.kind, from: [...spec.from], to: [...spec.to] };
    case 'bridge':
      return { kind: spec.kind, left: [...spec.left], right: [...spec.right], bridge: spec.bridge };
    default:
      return assertNever(spec);
  }
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** JSON.parse messages may quote the input, newlines included; a report line must stay one line. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
