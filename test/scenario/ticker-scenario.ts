// Test fixture: a one-node scenario whose node ticks every 100ms, with one property of
// each kind, so the runner's handling of always / eventually / atEnd can be pinned down.
import { ms, seconds } from '../../src/engine/time.ts';
import { defineScenario } from '../../src/scenario/define-scenario.ts';
import { param } from '../../src/scenario/params.ts';

interface TickerSnapshot {
  readonly ticks: number;
}

export const TICK_US = ms(100);

export const tickerScenario = defineScenario({
  name: 'ticker',
  summary: 'one node counts ticks',
  description: 'A node ticks every 100ms; properties watch the count.',
  durationUs: seconds(1),
  params: {
    limit: param.int({ default: 1_000, min: 1, max: 1_000, description: 'always: ticks stay below this' }),
    target: param.int({ default: 3, min: 0, max: 1_000, description: 'eventually: ticks reach this by the deadline' }),
    deadline: param.duration({ default: ms(500), min: 1, max: seconds(10), description: 'deadline for the target' }),
    parity: param.enum({ values: ['any', 'even', 'odd'], default: 'any', description: 'atEnd: parity of the final count' }),
  },
  setup(world, params) {
    world.cluster.addNode(() => {
      let ticks = 0;
      return {
        onStart: (context) => void context.setTimer(TICK_US, 'tick'),
        onMessage() {},
        onTimer(context) {
          ticks++;
          context.setTimer(TICK_US, 'tick');
        },
        inspect: (): TickerSnapshot => ({ ticks }),
      };
    });
    const ticks = (): number => (world.cluster.inspect(0) as TickerSnapshot).ticks;
    world.summary('ticks', ticks);
    world.properties.always('ticks stay below the limit', () => (ticks() < params.limit ? undefined : `ticks reached ${ticks()}`));
    world.properties.eventually('ticks reach the target', params.deadline, () =>
      ticks() >= params.target ? undefined : `only ${ticks()} ticks, wanted ${params.target}`,
    );
    world.properties.atEnd('final count has the requested parity', () => {
      if (params.parity === 'any' || (ticks() % 2 === 0) === (params.parity === 'even')) return undefined;
      return `final count ${ticks()} is not ${params.parity}`;
    });
  },
});
