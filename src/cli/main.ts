/**
 * Entry point of the `sprout` command without the other faces: `node --import tsx src/cli/main.ts …`.
 * `bin/sprout.js`, the installed command, calls runCli itself and adds the `dashboard` command,
 * which src/cli may not import (see docs/cli.md).
 */
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2));
