// Runs one case's engine side (or, with --baseline, its baseline) over and over with
// no timing, for `node --cpu-prof`. Rule: it prints the summary a profile needs
// (what ran, how many events) and nothing timed; read the profile with
// profile-summary.ts.
//
//   node --cpu-prof --cpu-prof-dir=/tmp/faultline-profile --import tsx bench/profile.ts pingpong-100
//   node --import tsx bench/profile-summary.ts /tmp/faultline-profile/*.cpuprofile
import { allCases } from './cases.ts';

const PROFILE_RUNS = 10;

function main(): void {
  const [name, side] = process.argv.slice(2);
  const benchCase = allCases().find((candidate) => candidate.name === name);
  if (benchCase === undefined) {
    throw new RangeError(`unknown case ${JSON.stringify(name)}: expected one of ${allCases().map((candidate) => candidate.name).join(', ')}`);
  }
  if (side !== undefined && side !== '--baseline') throw new RangeError(`unknown argument ${JSON.stringify(side)}: expected --baseline or nothing`);
  let events = 0;
  for (let run = 0; run < PROFILE_RUNS; run++) {
    events += side === '--baseline' ? benchCase.runBaseline().events : benchCase.runEngine().events;
  }
  process.stdout.write(`${benchCase.name} ${side === '--baseline' ? 'baseline' : 'engine'}: ${PROFILE_RUNS} runs, ${events} events\n`);
}

main();
