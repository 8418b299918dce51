// A fault schedule is data: a timeline of fault events, written by hand in a scenario,
// loaded from a file, or generated from the seed by a nemesis. Rule: a schedule never
// holds code, so it can be printed, saved, shrunk and replayed exactly.
import type { Micros } from '../engine/time.ts';
import type { NodeId, PartitionSpec } from '../net/partition.ts';

export type FaultEvent =
  | { readonly atUs: Micros; readonly kind: 'partition'; readonly partition: PartitionSpec }
  | { readonly atUs: Micros; readonly kind: 'heal' }
  | { readonly atUs: Micros; readonly kind: 'crash'; readonly node: NodeId }
  | { readonly atUs: Micros; readonly kind: 'restart'; readonly node: NodeId }
  | { readonly atUs: Micros; readonly kind: 'pause'; readonly node: NodeId; readonly durationUs: Micros }
  | { readonly atUs: Micros; readonly kind: 'loss-burst'; readonly probability: number; readonly durationUs: Micros }
  | { readonly atUs: Micros; readonly kind: 'clock-skew'; readonly node: NodeId; readonly offsetUs: Micros; readonly driftPpm: number };

export type FaultKind = FaultEvent['kind'];

export const FAULT_KINDS: readonly FaultKind[] = ['partition', 'heal', 'crash', 'restart', 'pause', 'loss-burst', 'clock-skew'];

export type FaultSchedule = readonly FaultEvent[];
