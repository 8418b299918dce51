// The clients' history: every command they invoke, when, how many attempts it took, and
// what they were told, in the order it happened (the shape of a Jepsen history). It is
// the outside observer of what the cluster promised, and checks the one promise visible
// only to clients: a read sees every append acknowledged before the read began.
// Rule: times here are true virtual time (the observer's clock), never a node's clock.
// Long runs keep only a window: past LEDGER_LIMITS, the oldest settled operations and
// acknowledgements are dropped (checkers read each acknowledgement as it comes), and
// running counts keep the totals.
import type { Micros } from '../../engine/time.ts';
import { formatDuration } from '../../engine/time.ts';
import type { NodeId } from '../../node/node-api.ts';
import { commandToken, describeToken, type ClientCommand } from './raft-messages.ts';

/** How much of the history a ledger keeps (the totals are counted, not kept). */
export const LEDGER_LIMITS = {
  /** Past this many operations, the oldest settled ones are dropped (unsettled ones stay). */
  retainedOperations: 20_000,
  /** Past this many acknowledged appends, the oldest are dropped (checkers read them at once). */
  retainedAcknowledgements: 20_000,
} as const;

export interface ClientOperation {
  readonly command: ClientCommand;
  readonly token: number;
  readonly invokedAtUs: Micros;
  attempts: number;
  completedAtUs: Micros | undefined;
  /** Append: the key's length after it; read: the key's length. */
  result: number | undefined;
  /** Read: the longest length of the key acknowledged to any client before this read began. */
  readonly requiredLength: number;
  /** True when the client gave up after its most attempts. */
  abandoned: boolean;
}

export interface AcknowledgedAppend {
  readonly token: number;
  readonly key: string;
  readonly position: number;
  readonly atUs: Micros;
}

export interface LedgerProblem {
  readonly message: string;
  readonly nodes: readonly NodeId[];
}

export class ClientLedger {
  /**
   * Operations in invocation order: every one until there are twice
   * LEDGER_LIMITS.retainedOperations; after that the latest ones and every unsettled one.
   */
  readonly operations: ClientOperation[] = [];
  /**
   * Acknowledged appends in acknowledgement order (read by checkers), the first
   * `acknowledgementsDropped` of them dropped (see LEDGER_LIMITS).
   */
  readonly acknowledgedAppends: AcknowledgedAppend[] = [];
  /** Acknowledged appends dropped from the front of `acknowledgedAppends`. */
  acknowledgementsDropped = 0;
  /** Totals over the whole run, dropped operations included. */
  invokedCount = 0;
  completedCount = 0;
  retryCount = 0;
  /** Per key: the longest length acknowledged so far, and by which append. */
  private readonly longestAcknowledged = new Map<string, AcknowledgedAppend>();
  private firstReadProblem: LedgerProblem | undefined;

  constructor(private readonly now: () => Micros) {}

  get readProblem(): LedgerProblem | undefined {
    return this.firstReadProblem;
  }

  invoke(command: ClientCommand): ClientOperation {
    const token = commandToken(command.clientId, command.requestId);
    const requiredLength = command.kind === 'read' ? (this.longestAcknowledged.get(command.key)?.position ?? 0) : 0;
    const operation: ClientOperation = {
      command,
      token,
      invokedAtUs: this.now(),
      attempts: 1,
      completedAtUs: undefined,
      result: undefined,
      requiredLength,
      abandoned: false,
    };
    this.invokedCount++;
    if (this.operations.length >= 2 * LEDGER_LIMITS.retainedOperations) this.dropSettledOperations();
    this.operations.push(operation);
    return operation;
  }

  retry(operation: ClientOperation): void {
    operation.attempts++;
    this.retryCount++;
  }

  /** Acknowledged appends so far in the run, dropped ones included. */
  get acknowledgedCount(): number {
    return this.acknowledgementsDropped + this.acknowledgedAppends.length;
  }

  abandon(operation: ClientOperation): void {
    operation.abandoned = true;
  }

  /** Records the answer `server` gave; an operation completes once (later answers are ignored). */
  complete(operation: ClientOperation, result: number, server: NodeId): void {
    if (operation.completedAtUs !== undefined) return;
    operation.completedAtUs = this.now();
    operation.result = result;
    this.completedCount++;
    const { key } = operation.command;
    if (operation.command.kind === 'append') {
      const acknowledged: AcknowledgedAppend = { token: operation.token, key, position: result, atUs: operation.completedAtUs };
      if (this.acknowledgedAppends.length >= 2 * LEDGER_LIMITS.retainedAcknowledgements) this.dropAcknowledgements();
      this.acknowledgedAppends.push(acknowledged);
      const longest = this.longestAcknowledged.get(key);
      if (longest === undefined || result > longest.position) this.longestAcknowledged.set(key, acknowledged);
      return;
    }
    if (result < operation.requiredLength && this.firstReadProblem === undefined) this.firstReadProblem = this.staleRead(operation, server);
  }

  /** Keeps the later half of the operations, and the unsettled ones of the earlier half. */
  private dropSettledOperations(): void {
    const operations = this.operations;
    const cut = operations.length - LEDGER_LIMITS.retainedOperations;
    let kept = 0;
    for (let index = 0; index < operations.length; index++) {
      const operation = operations[index] as ClientOperation;
      if (index >= cut || operation.completedAtUs === undefined) operations[kept++] = operation;
    }
    operations.length = kept;
  }

  private dropAcknowledgements(): void {
    const cut = this.acknowledgedAppends.length - LEDGER_LIMITS.retainedAcknowledgements;
    this.acknowledgedAppends.splice(0, cut);
    this.acknowledgementsDropped += cut;
  }

  private staleRead(operation: ClientOperation, server: NodeId): LedgerProblem {
    const { key } = operation.command;
    const message =
      `read of ${key} ${describeToken(operation.token)} (begun at ${formatDuration(operation.invokedAtUs)}) was answered by node ${server} ` +
      `with length ${String(operation.result)}, but an append acknowledged before the read began had made ${key} ${operation.requiredLength} long`;
    return { message, nodes: [server] };
  }
}
