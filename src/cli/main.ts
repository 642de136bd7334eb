/**
 * Entry point of the `sprout` command: `node --import tsx src/cli/main.ts …`, or `bin/sprout.js`,
 * which registers tsx and imports this file (the package runs from source; see docs/cli.md).
 */
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2));
