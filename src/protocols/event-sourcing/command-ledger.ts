// The clients' record of every command: how many attempts it took, and how it ended.
// Rule: one record per command (retries are attempts of it, carrying the same command id).
import type { CallResult } from '../../node/call-result.ts';
import type { CommandReply } from './event-store-messages.ts';

/** accepted, rejected (insufficient funds), gave-up (conflicts), failed (no answer after every attempt), or pending. */
export type CommandOutcome = CommandReply['outcome'] | 'failed' | 'pending';

export interface CommandRecord {
  readonly commandId: string;
  outcome: CommandOutcome;
  attempts: number;
}

export class CommandLedger {
  private readonly all: CommandRecord[] = [];

  get records(): readonly CommandRecord[] {
    return this.all;
  }

  begin(commandId: string): CommandRecord {
    const record: CommandRecord = { commandId, outcome: 'pending', attempts: 0 };
    this.all.push(record);
    return record;
  }

  end(record: CommandRecord, result: CallResult<CommandReply>): void {
    record.outcome = result.kind === 'ok' ? result.reply.outcome : 'failed';
  }

  count(outcome: CommandOutcome): number {
    let count = 0;
    for (const record of this.all) if (record.outcome === outcome) count++;
    return count;
  }

  /** Attempts beyond the first, over every command. */
  get retries(): number {
    let retries = 0;
    for (const record of this.all) retries += Math.max(0, record.attempts - 1);
    return retries;
  }
}
