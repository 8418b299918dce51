// The liveness probe: after the heal, one client that is not part of the history puts a
// value and keeps retrying (same request id, following hints) until the store answers.
// Its answer proves a leader serves again, and since a leader commits its log in order,
// that everything before the probe in its log has committed too. Rule: the probe only
// measures; it records when it was answered and nothing else.
import { assertNever } from '../../engine/assert-never.ts';
import type { Micros } from '../../engine/time.ts';
import type { NodeContext, NodeFactory, NodeId } from '../../node/node-api.ts';
import { ClientAttempts, replyOutcome } from '../raft/client-rpc.ts';
import type { RaftMessage, TextCommand } from '../raft/raft-messages.ts';
import { KV_CP_LIMITS, KV_CP_TIMING } from './kv-cp-options.ts';

export const PROBE_KEY = 'probe';

export interface ProbeRecord {
  /** Virtual time (the simulation's) when the store answered the probe; undefined until then. */
  answeredAtUs: Micros | undefined;
  attempts: number;
}

export interface ProbeOptions {
  readonly storeNodes: readonly NodeId[];
  readonly startAtUs: Micros;
  readonly attemptTimeoutUs: Micros;
  /** The simulation's clock (the probe's own may be skewed). */
  readonly clock: () => Micros;
  readonly record: ProbeRecord;
}

type ProbeTimerTag = { readonly kind: 'attempt'; readonly attempt: number };

export function kvCpProbe(options: ProbeOptions): NodeFactory<RaftMessage, ProbeTimerTag> {
  return (id) => {
    const command: TextCommand = { clientId: id, requestId: 1, key: PROBE_KEY, kind: 'text-put', value: 'answered' };
    let target = options.storeNodes[0] as NodeId;
    const attempts = new ClientAttempts();
    const boot = (context: NodeContext<RaftMessage, ProbeTimerTag>): void => {
      attempts.restart(context.incarnation);
      attempts.beginCommand(id, command.requestId);
    };
    const attempt = (context: NodeContext<RaftMessage, ProbeTimerTag>, delayUs: Micros): void => {
      if (options.record.answeredAtUs !== undefined || options.record.attempts >= KV_CP_LIMITS.maxProbeAttempts) return;
      context.setTimer(delayUs, { kind: 'attempt', attempt: options.record.attempts + 1 });
    };
    return {
      onStart: (context) => {
        boot(context);
        attempt(context, options.startAtUs);
      },
      // A restart before the heal waits for it like a start; after it, the probe goes on at once.
      onRecover: (context) => {
        boot(context);
        attempt(context, Math.max(0, options.startAtUs - options.clock()));
      },
      onMessage(context, from, message) {
        if (message.type !== 'rpc-reply' || options.record.answeredAtUs !== undefined) return;
        // Any answer to the probe's one command, from this incarnation or an earlier one.
        const outcome = replyOutcome(message);
        switch (outcome.kind) {
          case 'text-ok':
            options.record.answeredAtUs = options.clock();
            return;
          case 'not-leader':
            target = outcome.leaderHint ?? (options.storeNodes[(options.storeNodes.indexOf(from) + 1) % options.storeNodes.length] as NodeId);
            return attempt(context, KV_CP_TIMING.retryPauseUs);
          case 'ok':
            return;
          default:
            return assertNever(outcome);
        }
      },
      onTimer(context, tag) {
        if (options.record.answeredAtUs !== undefined || tag.attempt !== options.record.attempts + 1) return;
        options.record.attempts++;
        context.send(target, attempts.request(command));
        target = options.storeNodes[(options.storeNodes.indexOf(target) + 1) % options.storeNodes.length] as NodeId;
        attempt(context, options.attemptTimeoutUs);
      },
      inspect: () => ({ role: 'probe', answeredAtUs: options.record.answeredAtUs }),
    };
  };
}
