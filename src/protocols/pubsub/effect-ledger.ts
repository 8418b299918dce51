// What the consumers' effects did, seen from outside: per group, how often each message
// took effect, and whether messages of one key took effect in log order.
// Rule: a sink calls record() in the same step as it applies the effect. Only a
// message's first effect counts for ordering; every later one is a duplicate effect.

export interface EffectRecord {
  readonly group: string;
  readonly messageId: string;
  readonly key: string;
  readonly offset: number;
}

interface GroupEffects {
  readonly counts: Map<string, number>;
  /** The highest offset that has taken effect, per key. */
  readonly lastOffset: Map<string, number>;
  duplicates: number;
  orderingViolations: number;
}

export interface OrderingViolation {
  readonly group: string;
  readonly key: string;
  readonly offset: number;
  /** The later entry of the same key that took effect first. */
  readonly after: number;
}

/** Ordering violations listed at most (the count covers the rest). */
const MAX_LISTED_VIOLATIONS = 10;

export class EffectLedger {
  private readonly groups = new Map<string, GroupEffects>();
  readonly firstViolations: OrderingViolation[] = [];

  record(effect: EffectRecord): void {
    const group = this.groupOf(effect.group);
    const count = group.counts.get(effect.messageId) ?? 0;
    group.counts.set(effect.messageId, count + 1);
    if (count > 0) {
      group.duplicates++;
      return;
    }
    const last = group.lastOffset.get(effect.key);
    if (last !== undefined && last > effect.offset) {
      group.orderingViolations++;
      if (this.firstViolations.length < MAX_LISTED_VIOLATIONS) this.firstViolations.push({ group: effect.group, key: effect.key, offset: effect.offset, after: last });
    }
    if (last === undefined || effect.offset > last) group.lastOffset.set(effect.key, effect.offset);
  }

  countOf(group: string, messageId: string): number {
    return this.groups.get(group)?.counts.get(messageId) ?? 0;
  }

  /** Messages that took effect at least once in the group. */
  distinctEffects(group: string): number {
    return this.groups.get(group)?.counts.size ?? 0;
  }

  duplicateEffects(group?: string): number {
    return this.sum(group, (effects) => effects.duplicates);
  }

  orderingViolations(group?: string): number {
    return this.sum(group, (effects) => effects.orderingViolations);
  }

  private sum(group: string | undefined, pick: (effects: GroupEffects) => number): number {
    if (group !== undefined) {
      const effects = this.groups.get(group);
      return effects === undefined ? 0 : pick(effects);
    }
    let total = 0;
    for (const effects of this.groups.values()) total += pick(effects);
    return total;
  }

  private groupOf(name: string): GroupEffects {
    let group = this.groups.get(name);
    if (group === undefined) {
      group = { counts: new Map(), lastOffset: new Map(), duplicates: 0, orderingViolations: 0 };
      this.groups.set(name, group);
    }
    return group;
  }
}
