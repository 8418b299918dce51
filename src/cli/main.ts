// The faultline executable's entry point (loaded by bin/faultline.js): wires runCli to
// the real process. Rule: the only file that reads process.argv, the environment and
// signals, and sets the exit code; everything else goes through CliHost.
import type { CliHost } from './cli-host.ts';
import { EXIT_CODE } from './exit-code.ts';
import { runCli } from './run-cli.ts';

const host: CliHost = {
  terminal: { stdin: process.stdin, stdout: process.stdout },
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  debug: process.env['FAULTLINE_DEBUG'] === '1',
  isStderrTerminal: process.stderr.isTTY === true,
  nowMs: () => performance.now(),
  onInterrupt(listener) {
    // The first Ctrl-C asks the command to stop cleanly; a second one quits at once.
    let interrupts = 0;
    const onSigint = (): void => {
      interrupts++;
      if (interrupts > 1) process.exit(EXIT_CODE.interrupted);
      listener();
    };
    process.on('SIGINT', onSigint);
    return () => void process.off('SIGINT', onSigint);
  },
};

// A reader that goes away (`faultline run x | head -1`) is not an error worth a stack.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_CODE.pass);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), host);
