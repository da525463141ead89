#!/usr/bin/env node
// `pnpm rap-sheet` at the repository root runs this binary (not a package script), so pnpm adds
// no "[ELIFECYCLE]" line of its own to stderr when the input is refused and the exit code is 2.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
