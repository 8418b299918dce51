// The network of a two-site deployment: nodes in the same site talk over fast links,
// nodes in different sites over links `crossUs` slower (two datacenters, or two
// availability zones). Rule: latency is 0.5ms plus a lognormal delay (median 0.5ms,
// sigma 1, so a few messages are much slower) within a site, and crossUs more between
// sites; the same for every store, so latency figures compare like with like.
import { ms, type Micros } from '../../engine/time.ts';
import type { LinkConfig } from '../../net/link.ts';
import type { Network } from '../../net/network.ts';
import type { NodeId } from '../../net/partition.ts';

const SITE_BASE_US = ms(0.5);
const SITE_MEDIAN_US = ms(0.5);
const SITE_SIGMA = 1;

export function siteLink(baseUs: Micros, lossProbability: number): LinkConfig {
  return { latency: { kind: 'lognormal', baseUs, medianUs: SITE_MEDIAN_US, sigma: SITE_SIGMA }, lossProbability, duplicateProbability: 0, ordering: 'reorder' };
}

/** Sets the default link (within a site) and, when crossUs > 0, the slower links between the two sites. */
export function applySiteLinks(network: Network, sites: readonly [readonly NodeId[], readonly NodeId[]], crossUs: Micros, lossProbability: number): void {
  network.setDefaultLink(siteLink(SITE_BASE_US, lossProbability));
  if (crossUs === 0) return;
  const cross = siteLink(SITE_BASE_US + crossUs, lossProbability);
  for (const from of sites[0]) {
    for (const to of sites[1]) {
      network.setLink(from, to, cross);
      network.setLink(to, from, cross);
    }
  }
}
