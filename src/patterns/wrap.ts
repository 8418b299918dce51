// Composition: wrap(a, b, c) runs a around b around c around the call, outermost
// first, as cockatiel does. Rule: the order is the design. wrap(retry, timeout) gives
// each attempt its own deadline; wrap(timeout, retry) gives all attempts one deadline
// together. wrap(retry, breaker) lets every attempt count toward tripping the breaker;
// wrap(breaker, retry) counts one outcome per logical call.
import type { CallResult } from '../node/call-result.ts';
import type { Process } from '../node/process.ts';
import { FIRST_EXECUTION, type Execution, type GenericPolicy, type Operation, type Policy } from './policy.ts';

export interface WrappedPolicy<Reply> extends Policy<Reply> {
  /** The policies, outermost first (for snapshots). */
  readonly policies: readonly (Policy<Reply> | GenericPolicy)[];
}

export interface WrappedGenericPolicy extends GenericPolicy {
  readonly policies: readonly GenericPolicy[];
}

export function wrap(...policies: GenericPolicy[]): WrappedGenericPolicy;
export function wrap<Reply>(...policies: (Policy<Reply> | GenericPolicy)[]): WrappedPolicy<Reply>;
export function wrap<Reply>(...policies: (Policy<Reply> | GenericPolicy)[]): WrappedPolicy<Reply> {
  if (policies.length === 0) throw new RangeError('wrap: expected at least one policy, outermost first');
  const name = `wrap(${policies.map((policy) => policy.name).join(', ')})`;
  return {
    name,
    policies,
    execute(operation: Operation<Reply>, execution: Execution = FIRST_EXECUTION): Process<CallResult<Reply>> {
      let wrapped = operation;
      for (let index = policies.length - 1; index >= 0; index--) {
        const policy = policies[index] as Policy<Reply>;
        const inner = wrapped;
        wrapped = (innerExecution) => policy.execute(inner, innerExecution);
      }
      return wrapped(execution);
    },
  };
}
