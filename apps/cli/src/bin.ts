#!/usr/bin/env node
console.log('wemoms: not built yet');
