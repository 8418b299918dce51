// One logical request from a client, measured: it is logged when it starts and when it
// ends, and every attempt the policies make is counted. Rule: the policy (or none) wraps
// the attempt, so retries and hedges show up as attempts of one request, never as new ones.
import type { CallResult } from '../../src/node/call-result.ts';
import type { Process } from '../../src/node/process.ts';
import { FIRST_EXECUTION, type Execution, type GenericPolicy, type Policy } from '../../src/patterns/policy.ts';
import type { RequestLog } from './request-log.ts';

export interface MeasuredRequest<Reply> {
  readonly log: RequestLog;
  /** The request's class, for per-class figures. */
  readonly label: string;
  /** The request's own key, kept in the log (to match it with what servers did). */
  readonly key?: string;
  /** The patterns around every attempt; undefined: one plain attempt. */
  readonly policy: GenericPolicy | Policy<Reply> | undefined;
  readonly attempt: (execution: Execution) => Process<CallResult<Reply>>;
  readonly execution?: Execution;
}

export function* measuredRequest<Reply>(request: MeasuredRequest<Reply>): Process<CallResult<Reply>> {
  const { log, policy } = request;
  const record = log.begin(request.label, request.key);
  const operation = (execution: Execution): Process<CallResult<Reply>> => {
    log.countAttempt(record);
    return request.attempt(execution);
  };
  const execution = request.execution ?? FIRST_EXECUTION;
  const result = policy === undefined ? yield* operation(execution) : yield* (policy as Policy<Reply>).execute(operation, execution);
  log.end(record, result);
  return result;
}
