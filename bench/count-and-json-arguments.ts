// The command line of the bench scripts that run on their own (raft-hour, raft-day):
// one count flag (`--runs N`, `--hours N`) and `--json`. Rule: bad input throws a
// RangeError naming the argument and what is allowed.

export interface CountAndJson {
  readonly count: number;
  readonly json: boolean;
}

/** Parses `[flag N] [--json]`; the count must be an integer from 1 to `max`. */
export function parseCountAndJson(argumentsList: readonly string[], flag: string, defaultCount: number, max: number): CountAndJson {
  let count = defaultCount;
  let json = false;
  for (let index = 0; index < argumentsList.length; index++) {
    const argument = argumentsList[index] as string;
    if (argument === flag) count = Number(argumentsList[++index]);
    else if (argument === '--json') json = true;
    else throw new RangeError(`unknown argument ${JSON.stringify(argument)}: expected ${flag} N or --json`);
  }
  if (!Number.isInteger(count) || count < 1 || count > max) throw new RangeError(`invalid ${flag} ${String(count)}: expected an integer from 1 to ${max}`);
  return { count, json };
}
