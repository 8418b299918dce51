// What a scenario declares for observation, kept per simulation: the metrics registry its
// code records into, service names for nodes, and service-level objectives.
// Rule: keyed by the Simulation in a WeakMap, so a scenario reaches it through
// `world.simulation` (observabilityOf, metricsOf, declareSlo) with no change to World,
// and it is collected with the simulation. Declaring costs nothing at run time; data is
// gathered only when a run is observed (an export was asked for).
import type { Simulation } from '../engine/simulation.ts';
import type { Micros } from '../engine/time.ts';
import { MetricsRegistry } from './metrics-registry.ts';
import { checkSloDefinition, type SloDefinition } from './slo.ts';

/** The most SLOs one run may declare. */
export const MAX_SLOS = 64;
/** Nodes whose service names are cached (ids -1 to this less 2); others are looked up each time. */
const MAX_CACHED_SERVICE_NODES = 4_096;
const SERVICE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

export class Observability {
  readonly metrics = new MetricsRegistry();
  private readonly serviceNames = new Map<number, string>();
  private readonly declaredSlos: SloDefinition[] = [];
  private readonly declaredPeriods: DeclaredPeriod[] = [];
  /** Service names read per node, cleared when a node is named: the collector asks for every request. */
  private serviceCache: (string | undefined)[] = [];

  /** Names the service a node runs (`api`, `db`); several nodes may share a name. Default: `node-<id>`. */
  nameNode(node: number, service: string): void {
    if (!Number.isSafeInteger(node) || node < 0) throw new RangeError(`nameNode: invalid node ${String(node)}: expected a node id (an integer of at least 0)`);
    if (!SERVICE_NAME.test(service)) throw new RangeError(`nameNode: invalid service name ${JSON.stringify(service)}: expected 1 to 64 letters, digits, _, . or -`);
    this.serviceNames.set(node, service);
    this.serviceCache = [];
  }

  serviceOf(node: number): string {
    // Node ids are small integers from -1: the cache is an array, and `node-7` is made once.
    const slot = node + 1;
    if (Number.isSafeInteger(slot) && slot >= 0 && slot < MAX_CACHED_SERVICE_NODES) {
      const cached = this.serviceCache[slot];
      if (cached !== undefined) return cached;
      const name = this.nameOf(node);
      this.serviceCache[slot] = name;
      return name;
    }
    return this.nameOf(node);
  }

  private nameOf(node: number): string {
    return this.serviceNames.get(node) ?? (node < 0 ? 'client' : `node-${node}`);
  }

  declareSlo(definition: SloDefinition): void {
    checkSloDefinition(definition);
    if (this.declaredSlos.some((slo) => slo.name === definition.name)) throw new RangeError(`SLO ${JSON.stringify(definition.name)} is declared twice`);
    if (this.declaredSlos.length >= MAX_SLOS) throw new RangeError(`more than ${MAX_SLOS} SLOs declared`);
    this.declaredSlos.push(definition);
  }

  get slos(): readonly SloDefinition[] {
    return this.declaredSlos;
  }

  /**
   * Marks a period the trace cannot show as a fault, such as a load burst the scenario
   * drives itself; reports shade it like a partition.
   */
  declarePeriod(period: DeclaredPeriod): void {
    if (!Number.isSafeInteger(period.startUs) || !Number.isSafeInteger(period.endUs) || period.startUs < 0 || period.endUs <= period.startUs) {
      throw new RangeError(`declarePeriod ${JSON.stringify(period.description)}: invalid period ${period.startUs}us..${period.endUs}us: expected integers with 0 <= start < end`);
    }
    if (this.declaredPeriods.length >= MAX_DECLARED_PERIODS) throw new RangeError(`more than ${MAX_DECLARED_PERIODS} periods declared`);
    this.declaredPeriods.push(period);
  }

  get periods(): readonly DeclaredPeriod[] {
    return this.declaredPeriods;
  }
}

export interface DeclaredPeriod {
  /** Words for a person: `load x3`. */
  readonly description: string;
  readonly startUs: Micros;
  readonly endUs: Micros;
}

export const MAX_DECLARED_PERIODS = 1_000;

const bySimulation = new WeakMap<Simulation, Observability>();

/** The simulation's observability declarations (created on first use). */
export function observabilityOf(simulation: Simulation): Observability {
  let found = bySimulation.get(simulation);
  if (found === undefined) {
    found = new Observability();
    bySimulation.set(simulation, found);
  }
  return found;
}

/** The registry scenario code records its own metrics into: `metricsOf(world.simulation).counter({...})`. */
export function metricsOf(simulation: Simulation): MetricsRegistry {
  return observabilityOf(simulation).metrics;
}

/** Declares an SLO, for example 99% of calls to `api` answered ok within 200 ms over any 10 s window. */
export function declareSlo(simulation: Simulation, definition: SloDefinition): void {
  observabilityOf(simulation).declareSlo(definition);
}

/** Marks a period reports shade, such as a load burst: `declarePeriod(world.simulation, { description: 'load x3', startUs, endUs })`. */
export function declarePeriod(simulation: Simulation, period: DeclaredPeriod): void {
  observabilityOf(simulation).declarePeriod(period);
}
