#!/usr/bin/env node
// CLI entry: TypeScript sources run through tsx's loader (no build step); worker threads inherit it.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
