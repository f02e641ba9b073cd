#!/usr/bin/env node
// The `wemoms` command. From the repository (`pnpm wemoms ...`) it first builds the CLI quietly (see
// build-first.mjs); an installed package runs dist/bin.js directly.
import { buildIfSourceCheckout } from './build-first.mjs';

buildIfSourceCheckout(new URL('..', import.meta.url));
await import('../dist/bin.js');
