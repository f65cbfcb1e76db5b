#!/usr/bin/env node
// Tiny shim: the CLI lives in dist/cli/main.js (built by `npm run build`).
import { run } from '../dist/cli/main.js';

run();
