// The Raft client protocol as rpc envelopes: attempts numbered per boot, answers matched
// to the command they are for, one W3C trace per command that no trace of the rpc
// runtime can share, and a leader that answers the attempt its log entry came from.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../src/engine/trace.ts';
import { TraceScope } from '../../../src/node/rpc.ts';
import { parseTraceparent } from '../../../src/obs/trace-ids.ts';
import { ClientAttempts, clientReply, replyOutcome } from '../../../src/protocols/raft/client-rpc.ts';
import type { ClientCommand } from '../../../src/protocols/raft/raft-messages.ts';
import { ScenarioRun } from '../../../src/scenario/runner.ts';
import { findScenario } from '../../../scenarios/index.ts';

const command = (requestId: number): ClientCommand => ({ clientId: 7, requestId, kind: 'append', key: 'k0' });
const OK = { kind: 'ok', result: 1 } as const;

describe('client attempts', () => {
  it('numbers attempts 1, 2, 3 within a boot and starts again at 1 with the next boot', () => {
    const attempts = new ClientAttempts();
    attempts.restart(0);
    attempts.beginCommand(7, 1);
    expect([attempts.request(command(1)), attempts.request(command(1))].map((request) => [request.rpcId, request.boot])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    attempts.restart(1);
    attempts.beginCommand(7, 2);
    const request = attempts.request(command(2));
    expect([request.rpcId, request.boot]).toEqual([1, 2]);
  });

  it("takes an answer to any attempt at the current command, and none to an earlier command's or an earlier boot's", () => {
    const attempts = new ClientAttempts();
    attempts.restart(0);
    attempts.beginCommand(7, 1);
    const first = attempts.request(command(1));
    attempts.beginCommand(7, 2);
    const second = attempts.request(command(2));
    const retry = attempts.request(command(2));
    expect(attempts.outcomeFor(clientReply(second.rpcId, second.boot, OK, 0))).toEqual(OK);
    expect(attempts.outcomeFor(clientReply(retry.rpcId, retry.boot, OK, 0))).toEqual(OK);
    expect(attempts.outcomeFor(clientReply(first.rpcId, first.boot, OK, 0))).toBeUndefined();
    attempts.restart(1);
    attempts.beginCommand(7, 3);
    attempts.request(command(3));
    expect(attempts.outcomeFor(clientReply(1, 1, OK, 0))).toBeUndefined();
  });
});

describe('answers', () => {
  it('sends not-leader as an rpc error naming the server and its hint (a trace shows the attempt failed there), and reads it back', () => {
    const reply = clientReply(4, 2, { kind: 'not-leader', leaderHint: 1 }, 3);
    expect(reply.result).toEqual({ kind: 'error', reason: 'remote', detail: 'not the leader; node 1 leads', node: 3, leaderHint: 1 });
    expect(replyOutcome(reply)).toEqual({ kind: 'not-leader', leaderHint: 1 });
    expect(replyOutcome(clientReply(4, 2, { kind: 'not-leader', leaderHint: null }, 3))).toEqual({ kind: 'not-leader', leaderHint: null });
    expect(clientReply(4, 2, OK, 3).result).toEqual({ kind: 'ok', reply: OK });
  });
});

describe('command traces', () => {
  it('gives every attempt at one command the same valid traceparent, and each command its own', () => {
    const attempts = new ClientAttempts();
    attempts.restart(0);
    attempts.beginCommand(7, 5);
    const [first, retry] = [attempts.request(command(5)), attempts.request(command(5))];
    attempts.beginCommand(7, 6);
    const next = attempts.request(command(6));
    expect(retry.traceparent).toBe(first.traceparent);
    const { traceId, spanId } = first.traceparentParts;
    expect(parseTraceparent(first.traceparent)).toEqual({ traceId, spanId });
    expect(next.traceparentParts.traceId).not.toBe(first.traceparentParts.traceId);
    // Trace files and the event list show the header.
    expect(JSON.stringify(first)).toBe(JSON.stringify({ type: 'rpc-request', body: command(5), rpcId: 1, boot: 1, traceparent: first.traceparent }));
  });

  it('never makes a trace id the rpc runtime makes for the same numbers (cp-vs-ap runs both; the runtime numbers boots from 1)', () => {
    const attempts = new ClientAttempts();
    attempts.restart(0);
    for (const node of [0, 3, 9, 63]) {
      for (const count of [0, 1, 2, 1_000]) {
        attempts.beginCommand(node, count);
        const { traceId } = attempts.request(command(count)).traceparentParts;
        for (const boot of [1, 2, 3]) expect(traceId).not.toBe(TraceScope.ownRequest(node, boot, count).traceId);
      }
    }
  });
});

describe('answers from the cluster', () => {
  it('answers every attempt by its own rpcId and boot, and a leader that applies a command answers the attempt its entry came from even when another server took it', () => {
    const run = new ScenarioRun(findScenario('raft')!, { seed: 1 });
    const sentTo = new Map<string, number>();
    let answeredByAnother = 0;
    let replies = 0;
    run.simulation.trace.subscribe((event: TraceEvent) => {
      if (event.kind !== 'send') return;
      const body = event.detail as { type?: string; rpcId: number; boot: number; result?: { kind: string; reply?: { kind: string } } };
      if (body.type === 'rpc-request') sentTo.set(`${event.from}/${body.boot}/${body.rpcId}`, event.to as number);
      if (body.type !== 'rpc-reply') return;
      replies++;
      const receiver = sentTo.get(`${event.to}/${body.boot}/${body.rpcId}`);
      expect(receiver, `reply ${JSON.stringify(body)} names no attempt its client sent`).toBeDefined();
      if (receiver !== event.from && body.result?.kind === 'ok') answeredByAnother++;
    });
    expect(run.run().verdict).toBe('pass');
    expect(replies).toBeGreaterThan(100);
    // Seed 1's nemesis moves leadership while commands are in the log: 16 answers come from a later leader.
    expect(answeredByAnother).toBeGreaterThan(0);
  });
});
