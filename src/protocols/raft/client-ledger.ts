// The clients' history: every command they invoke, when, how many attempts it took, and
// what they were told, in the order it happened (the shape of a Jepsen history). It is
// the outside observer of what the cluster promised, and checks the one promise visible
// only to clients: a read sees every append acknowledged before the read began.
// Rule: times here are true virtual time (the observer's clock), never a node's clock.
import type { Micros } from '../../engine/time.ts';
import { formatDuration } from '../../engine/time.ts';
import type { NodeId } from '../../node/node-api.ts';
import { commandToken, describeToken, type ClientCommand } from './raft-messages.ts';

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
  /** Every operation, in invocation order. */
  readonly operations: ClientOperation[] = [];
  /** Every acknowledged append, in acknowledgement order (read by checkers). */
  readonly acknowledgedAppends: AcknowledgedAppend[] = [];
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
    this.operations.push(operation);
    return operation;
  }

  retry(operation: ClientOperation): void {
    operation.attempts++;
  }

  abandon(operation: ClientOperation): void {
    operation.abandoned = true;
  }

  /** Records the answer `server` gave; an operation completes once (later answers are ignored). */
  complete(operation: ClientOperation, result: number, server: NodeId): void {
    if (operation.completedAtUs !== undefined) return;
    operation.completedAtUs = this.now();
    operation.result = result;
    const { key } = operation.command;
    if (operation.command.kind === 'append') {
      const acknowledged: AcknowledgedAppend = { token: operation.token, key, position: result, atUs: operation.completedAtUs };
      this.acknowledgedAppends.push(acknowledged);
      const longest = this.longestAcknowledged.get(key);
      if (longest === undefined || result > longest.position) this.longestAcknowledged.set(key, acknowledged);
      return;
    }
    if (result < operation.requiredLength && this.firstReadProblem === undefined) this.firstReadProblem = this.staleRead(operation, server);
  }

  private staleRead(operation: ClientOperation, server: NodeId): LedgerProblem {
    const { key } = operation.command;
    const message =
      `read of ${key} ${describeToken(operation.token)} (begun at ${formatDuration(operation.invokedAtUs)}) was answered by node ${server} ` +
      `with length ${String(operation.result)}, but an append acknowledged before the read began had made ${key} ${operation.requiredLength} long`;
    return { message, nodes: [server] };
  }
}
