// The models `check-history --model` can name. Rule: a name maps to exactly one model.
import { casRegisterModel } from './cas-register-model.ts';
import { kvModel } from './kv-model.ts';
import type { Model, ModelName } from './model.ts';
import { perKeyModel } from './per-key-model.ts';

export const MODELS: Readonly<Record<ModelName, Model>> = {
  'cas-register': casRegisterModel,
  kv: kvModel,
  auto: perKeyModel,
};

export const MODEL_NAMES = Object.keys(MODELS) as ModelName[];

/** The model called `name`; throws a RangeError naming the models there are. */
export function modelNamed(name: string): Model {
  if (Object.hasOwn(MODELS, name)) return MODELS[name as ModelName];
  throw new RangeError(`unknown model ${JSON.stringify(name)}: expected one of ${MODEL_NAMES.join(', ')}`);
}
