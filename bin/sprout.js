#!/usr/bin/env node
// The `sprout` command. Sprout runs from its TypeScript sources in this repository (there is no
// build step to forget), so the launcher registers tsx's loader for this process and imports the
// CLI entry. A published package would point `bin` at the compiled dist/cli/main.js instead.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
