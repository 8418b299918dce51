// Tiny histories written as text, for the checker tests. `register` lines are the
// jepsen.util log without its prefix ("0 :invoke :cas [1 2]"); `keyValue` lines are
// "process type f key [value]" ("0 ok get a xy", "1 invoke put b \"\"").
import type { HistoryEvent } from '../../../src/check/history/history-event.ts';
import type { Operation } from '../../../src/check/history/operation.ts';
import { pairOperations } from '../../../src/check/history/pair-operations.ts';
import { parseJepsenLog } from '../../../src/check/history/parse-jepsen-log.ts';
import { casRegisterModel } from '../../../src/check/linearizability/cas-register-model.ts';
import { checkLinearizability, type LinearizabilityResult } from '../../../src/check/linearizability/check-linearizability.ts';
import { kvModel } from '../../../src/check/linearizability/kv-model.ts';
import type { SearchLimits } from '../../../src/check/linearizability/search-limits.ts';

export function register(...lines: string[]): Operation[] {
  return pairOperations(parseJepsenLog(lines.map((line) => `INFO  jepsen.util - ${line}`).join('\n')));
}

export function keyValue(...lines: string[]): Operation[] {
  const events: HistoryEvent[] = lines.map((line, index) => {
    const [process, type, f, key, value] = line.trim().split(/\s+/) as [string, HistoryEvent['type'], string, string, string | undefined];
    return { process: Number(process), type, f, key, value: value === undefined ? null : value.startsWith('"') ? (JSON.parse(value) as string) : value, time: undefined, line: index + 1 };
  });
  return pairOperations(events);
}

export function checkRegister(operations: readonly Operation[], limits?: SearchLimits): LinearizabilityResult {
  return checkLinearizability(operations, casRegisterModel, limits);
}

export function checkKeyValue(operations: readonly Operation[], limits?: SearchLimits): LinearizabilityResult {
  return checkLinearizability(operations, kvModel, limits);
}
