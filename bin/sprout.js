#!/usr/bin/env node
// The `sprout` command. Sprout runs from its TypeScript sources in this repository (there is no
// build step to forget), so the launcher registers tsx's loader for this process and imports the
// CLI. A published package would point `bin` at the compiled files instead.
// The launcher also composes the faces: src/cli may not import src/dashboard (siblings in the
// layers of DESIGN.md), so the dashboard's command is handed to runCli here.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/run-cli.ts');
const { registerDashboardCommand } = await import('../src/dashboard/register-dashboard-command.ts');
process.exitCode = await runCli(process.argv.slice(2), [registerDashboardCommand]);
