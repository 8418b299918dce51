// A model that picks, key by key, the kv model (get / put / append) or the compare-and-set
// register model (read / write / cas), for histories that hold both kinds of key, such as
// kv-cp's with cas keys. Rule: one key is one data type; a key whose operations mix the
// two families is refused, naming its first operation of the other family.
import { formatHistoryValue } from '../history/history-event.ts';
import type { Operation } from '../history/operation.ts';
import { casRegisterModel } from './cas-register-model.ts';
import { kvModel } from './kv-model.ts';
import { operationError, type Model, type Participation, type StateMachine } from './model.ts';

const KV_OPERATIONS: ReadonlySet<string> = new Set(['get', 'put', 'append']);
const REGISTER_OPERATIONS: ReadonlySet<string> = new Set(['read', 'write', 'cas']);

function modelFor(operation: Operation): Model {
  if (KV_OPERATIONS.has(operation.f)) return kvModel;
  if (REGISTER_OPERATIONS.has(operation.f)) return casRegisterModel;
  throw operationError(operation, `the auto model has no operation ${JSON.stringify(operation.f)}: expected get, put, append (kv) or read, write, cas (cas-register)`);
}

export const perKeyModel: Model = {
  name: 'auto',
  participation(operation: Operation): Participation {
    return modelFor(operation).participation(operation);
  },
  stateMachine(operations: readonly Operation[]): StateMachine {
    const first = operations[0];
    if (first === undefined) return kvModel.stateMachine(operations);
    const model = modelFor(first);
    const stranger = operations.find((operation) => modelFor(operation) !== model);
    if (stranger !== undefined) {
      throw operationError(stranger, `key ${formatHistoryValue(stranger.key)} mixes ${model.name} operations with ${JSON.stringify(stranger.f)}: a key holds one data type`);
    }
    return model.stateMachine(operations);
  },
};
