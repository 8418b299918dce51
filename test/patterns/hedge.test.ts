// Hedged requests: a slow call gets a second copy after the delay, the first successful
// answer wins and the other copy is cancelled; fast calls and failures send no copy.
import { describe, expect, it } from 'vitest';
import { call, type Process } from '../../src/node/process.ts';
import { hedge } from '../../src/patterns/hedge.ts';
import { PatternWorld, type ScriptedAnswer } from './pattern-world.ts';

function runHedged(script: (index: number) => ScriptedAnswer, maxHedges = 1): { outcome: string; requests: number; world: PatternWorld } {
  const world = new PatternWorld();
  let requests = 0;
  const server = world.addScriptedServer((index) => {
    requests++;
    return script(index);
  });
  const client = world.addNode();
  world.start();
  const policy = hedge({ delayUs: 500, maxHedges });
  let outcome = '';
  world.spawn(
    client,
    (function* (): Process<void> {
      const result = yield* policy.execute(() => call<number>(server, 'read', { timeoutUs: 100_000 }));
      outcome = `${result.kind === 'ok' ? `ok from copy ${result.reply + 1}` : result.kind} @${world.now}`;
    })(),
  );
  world.runUntil(200_000);
  return { outcome, requests, world };
}

describe('hedge', () => {
  it('sends a second copy after the delay and takes the first answer, cancelling the slow copy', () => {
    const { outcome, requests, world } = runHedged((index) => (index === 0 ? { kind: 'ok', workUs: 10_000 } : { kind: 'ok', workUs: 100 }));
    // Copy 2 leaves at 500 and is answered at 500 + 100 + 100 + 100.
    expect(outcome).toBe('ok from copy 2 @800');
    expect(requests).toBe(2);
    expect(world.eventsOf('hedge-sent')).toEqual([{ kind: 'hedge-sent', policy: 'hedge', copy: 2 }]);
    // The slow copy's reply comes later and matches no call.
    expect(world.host(world.cluster.size - 1).snapshot()).toMatchObject({ processes: 0, unmatchedReplies: 1 });
  });

  it('sends no copy when the first answer comes within the delay', () => {
    const { outcome, requests } = runHedged(() => ({ kind: 'ok', workUs: 100 }));
    expect(outcome).toBe('ok from copy 1 @300');
    expect(requests).toBe(1);
  });

  it('returns a fast failure as it is: hedging is for latency, retrying is for errors', () => {
    const { outcome, requests } = runHedged(() => ({ kind: 'error', workUs: 0 }));
    expect(outcome).toBe('error @200');
    expect(requests).toBe(1);
  });

  it('waits for the other copy when the first to end failed, and sends at most maxHedges copies', () => {
    const { outcome, requests } = runHedged((index) => (index === 2 ? { kind: 'ok', workUs: 0 } : index === 1 ? { kind: 'error', workUs: 0 } : { kind: 'silent' }), 3);
    // Copy 1 hangs; copy 2 (at 500) fails at 700; copy 3 (at 1000) succeeds at 1200.
    expect(outcome).toBe('ok from copy 3 @1200');
    expect(requests).toBe(3);
  });
});
