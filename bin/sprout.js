#!/usr/bin/env node
// The `sprout` command. Sprout runs from its TypeScript sources in this repository (there is no
// build step to forget), so the launcher registers tsx's loader for this process and imports the
// CLI. A published package would point `bin` at the compiled files instead.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/run-cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
