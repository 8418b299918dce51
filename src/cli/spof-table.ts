// `faultline spof` as text: what was audited against which objective, one row per run
// (the fault-free run first) with the objective's figures, whether the run meets the
// objective, and the services the fault degraded; then the single points of failure.
// Rule: every fact shown is in the --json document too; this only lays it out.
import { formatDuration } from '../engine/time.ts';
import { formatClause } from '../scenario/objective.ts';
import type { AuditRun, SpofAudit } from '../scenario/spof.ts';
import { formatFigure } from './figure-format.ts';
import { formatTable } from '../scenario/text-table.ts';

export function formatSpofAudit(audit: SpofAudit): string[] {
  const params = Object.entries(audit.params).map(([name, value]) => `${name}=${String(value)}`);
  const figures = objectiveFigures(audit);
  const lines = [
    `spof audit of ${audit.scenario}, seed ${audit.seed}${params.length === 0 ? '' : `, ${params.join(' ')}`}`,
    `objective: ${audit.objective.map(formatClause).join('; ')} (${describeSource(audit)})`,
    `each fault strikes at ${formatDuration(Math.round(audit.faultAtMs * 1000))} of the ${formatDuration(Math.round(audit.runLengthMs * 1000))} run and lasts to its end:`,
    `a crashed node stays down, a cut link stays cut (both ways); ${audit.runs.length} fault runs`,
    '',
  ];
  const header = ['run', ...figures, 'objective', 'checks', 'degraded services'];
  const rows = [audit.baseline, ...audit.runs].map((run) => [
    run.fault === null ? 'no fault' : run.fault.label,
    ...figures.map((name) => {
      const value = run.figures[name];
      return value === undefined ? '-' : formatFigure(value);
    }),
    describeStatus(run),
    run.verdict,
    describeDegraded(run),
  ]);
  lines.push(...formatTable([header, ...rows]), '');
  lines.push(...conclusion(audit));
  return lines;
}

function conclusion(audit: SpofAudit): string[] {
  const lines: string[] = [];
  if (audit.baseline.status !== 'meets') {
    lines.push(`the fault-free run already misses the objective (${describeBreaches(audit.baseline)}), so no single fault can be blamed`);
  }
  for (const run of audit.runs) {
    if (run.status === 'crashed') lines.push(`crashed: ${run.fault?.label ?? ''}: ${run.error ?? ''}`);
  }
  const spofs = audit.runs.filter((run) => run.isSinglePointOfFailure);
  if (spofs.length === 0) {
    if (audit.baseline.status === 'meets') lines.push('no single point of failure: every single fault leaves the objective met');
    return lines;
  }
  lines.push(`single points of failure: ${spofs.length}`);
  for (const run of spofs) {
    const radius = run.degraded.length === 0 ? '' : `; blast radius: ${[...new Set(run.degraded.map((service) => service.service))].join(', ')}`;
    lines.push(`  ${run.fault?.label ?? ''}: ${describeBreaches(run)}${radius}`);
  }
  return lines;
}

function describeSource(audit: SpofAudit): string {
  switch (audit.objectiveSource) {
    case 'given':
      return 'from --objective';
    case 'scenario':
      return 'declared by the scenario';
    case 'default':
      return 'the default; the scenario declares none';
  }
}

function describeStatus(run: AuditRun): string {
  if (run.isSinglePointOfFailure) return 'BROKEN: SPOF';
  if (run.status === 'breaks') return 'broken';
  return run.status === 'crashed' ? 'CRASHED' : 'met';
}

function describeBreaches(run: AuditRun): string {
  return run.breaches.map((breach) => `${breach.figure} ${breach.value === null ? 'missing' : formatFigure(breach.value)}, objective ${formatClause(breach)}`).join('; ');
}

function describeDegraded(run: AuditRun): string {
  if (run.degraded.length === 0) return '-';
  return run.degraded.map((service) => `${service.service} (${service.figure} ${formatFigure(service.value)})`).join(', ');
}

/** The figures the objective names, in its order, once each. */
function objectiveFigures(audit: SpofAudit): string[] {
  return [...new Set(audit.objective.map((clause) => clause.figure))];
}
