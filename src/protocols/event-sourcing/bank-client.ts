// A bank client: issues deposits and withdrawals on a few shared accounts, one command
// at a time, to a command handler; with no answer in time it retries (backing off) at
// the next handler with the same command id, so the store appends the command at most
// once however often it arrives. Think times are exponential, drawn with Math.log, so
// bit-identical replay assumes the same Node/V8 version. Rule: the command id is drawn
// once per command, before the first attempt, and never changes.
import type { Random } from '../../engine/rng.ts';
import { MICROS_PER_SECOND, type Micros } from '../../engine/time.ts';
import type { NodeId } from '../../node/node-api.ts';
import { call, nodeContext, sleep, uniqueId, type Process } from '../../node/process.ts';
import { rpcNode, type RpcNodeBehavior } from '../../node/rpc-node.ts';
import { retry } from '../../patterns/index.ts';
import type { AccountCommand } from './bank-account.ts';
import type { CommandLedger } from './command-ledger.ts';
import type { CommandReply, CommandRequest } from './event-store-messages.ts';
import { ES_LIMITS } from './event-store-options.ts';

export interface BankClientOptions {
  readonly handlers: readonly NodeId[];
  readonly accounts: readonly string[];
  /** Mean commands per second while answers come quickly (think times are exponential). */
  readonly commandsPerSecond: number;
  /** Share of commands that are withdrawals, 0 to 1. */
  readonly withdrawShare: number;
  readonly maxAmount: number;
  readonly attempts: number;
  readonly attemptTimeoutUs: Micros;
  /** The client issues no new command from this time on (simulation time). */
  readonly stopAtUs: Micros;
  readonly ledger: CommandLedger;
  /** The client's own stream for what it asks (not the node's stream, so faults do not change the workload). */
  readonly random: Random;
  /** The simulation's clock, to stop on time whatever the node's clock says. */
  readonly clock: () => Micros;
}

function pickCommand(options: BankClientOptions): AccountCommand {
  const { random } = options;
  const account = random.pick(options.accounts);
  const amount = random.intInclusive(1, options.maxAmount);
  return random.chance(options.withdrawShare) ? { type: 'withdraw', account, amount } : { type: 'deposit', account, amount };
}

function* runCommands(index: number, options: BankClientOptions): Process<void> {
  const context = yield* nodeContext();
  const policy = retry({ maxAttempts: options.attempts, backoff: { initialDelayUs: Math.floor(options.attemptTimeoutUs / 4), maxDelayUs: options.attemptTimeoutUs * 4, multiplier: 2, jitter: 'full' }, random: context.random });
  const meanGapUs = MICROS_PER_SECOND / options.commandsPerSecond;
  for (let issued = 0; issued < ES_LIMITS.maxCommandsPerClient; issued++) {
    yield* sleep(Math.max(1, Math.round(-meanGapUs * Math.log(1 - options.random.next()))));
    if (options.clock() >= options.stopAtUs) return;
    const request: CommandRequest = { commandId: yield* uniqueId(), command: pickCommand(options) };
    const record = options.ledger.begin(request.commandId);
    const result = yield* policy.execute<CommandReply>((execution) => {
      record.attempts++;
      const handler = options.handlers[(index + execution.attempt - 1) % options.handlers.length] as NodeId;
      return call<CommandReply>(handler, request, { timeoutUs: options.attemptTimeoutUs });
    });
    options.ledger.end(record, result);
  }
}

export function bankClientNode(index: number, options: BankClientOptions): (id: NodeId) => RpcNodeBehavior<unknown, unknown> {
  if (options.handlers.length === 0 || options.accounts.length === 0 || !(options.commandsPerSecond > 0) || options.maxAmount < 1) {
    throw new RangeError('bank client: expected at least one handler and one account, commandsPerSecond > 0 and maxAmount >= 1');
  }
  return () => rpcNode({ onStart: (host) => host.spawn(runCommands(index, options), 'commands') });
}
