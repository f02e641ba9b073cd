#!/usr/bin/env node
/** wemoms-generate: writes the synthetic WeMoms log (and optionally its ground truth). */
import { runGenerateCli } from './cli.js';

runGenerateCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`wemoms-generate: ${error.message}\n`);
    process.exit(1);
  },
);
