/**
 * `sprout dashboard`: registers the command on the `sprout` program (run-cli.ts calls it; the
 * command line sits above the dashboard and the HTTP service in the layers).
 */
import { type Command, InvalidArgumentError } from 'commander';
import { startDashboard } from './dashboard-server.js';

/**
 * Adds `dashboard [--port 8081] [--host 127.0.0.1] [--runs-dir DIR]` to `program`. The command
 * serves until SIGINT or SIGTERM (Ctrl-C), then closes cleanly.
 *
 * @example
 * registerDashboardCommand(new Command('sprout'));
 */
export function registerDashboardCommand(program: Command): void {
  program
    .command('dashboard')
    .description('web page with the recorded runs, live training curves, metrics, confusion matrices, model summaries and explanations')
    .option('--port <n>', 'TCP port (0 picks a free one)', port, 8081)
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option('--runs-dir <dir>', 'where runs are recorded (default: $SPROUT_RUNS_DIR, else .sprout in the current directory)')
    .action(async (o: { port: number; host: string; runsDir?: string }) => {
      const dashboard = await startDashboard({ port: o.port, host: o.host, ...(o.runsDir === undefined ? {} : { runsDir: o.runsDir }) });
      process.stdout.write(`Dashboard of ${dashboard.runsDir} at ${dashboard.url} (Ctrl-C stops it)\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await dashboard.close();
    });
}

function port(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || n > 65535) throw new InvalidArgumentError('expected a port number in [0, 65535]');
  return n;
}
