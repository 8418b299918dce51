// `--vary name=value1,value2`: one parameter of a comparison and the values to compare.
// Rule: only the shape is checked here (a name, then a comma-separated list with no empty
// entry); whether the parameter exists and the values fit it is the library's check.
import type { VaryAxis } from '../scenario/compare.ts';
import { UsageError } from './usage-error.ts';

const FORM = 'expected name=value1,value2 (for example loss=0,0.3)';

export function parseVaryOption(text: string): VaryAxis {
  const equals = text.indexOf('=');
  if (equals <= 0) throw new UsageError(`invalid --vary ${JSON.stringify(text)}: ${FORM}`);
  const name = text.slice(0, equals);
  const list = text.slice(equals + 1);
  if (list === '') throw new UsageError(`invalid --vary ${JSON.stringify(text)}: no values listed for ${JSON.stringify(name)}; ${FORM}`);
  const values = list.split(',');
  if (values.some((value) => value === '')) throw new UsageError(`invalid --vary ${JSON.stringify(text)}: an empty value in the list; ${FORM}`);
  return { name, values };
}
