#!/usr/bin/env node
// The registry this project is built against serves no packages for some foreign
// platforms (e.g. @unrs/resolver-binding-darwin-arm64), so `npm install` leaves
// them out of package-lock.json and `npm ci` then refuses the lock as out of sync.
// This adds each missing platform-specific optional dependency as a lock entry
// with its os/cpu, so npm ci skips it on other platforms without fetching it.
// Run after changing dependencies: `npm run lock:complete`.
import { readFileSync, writeFileSync } from 'node:fs';

const OS = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony', 'sunos', 'aix', 'netbsd', 'openbsd'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el'];

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = path === '' ? 'node_modules' : `${path}/node_modules`;
    if (lock.packages[`${base}/${name}`] || lock.packages[`node_modules/${name}`]) continue;
    const parts = name.split('/').pop().split('-');
    const os = parts.find((part) => OS.includes(part));
    const cpu = parts.find((part) => CPU.includes(part));
    if (!os || !cpu) {
      console.warn(`left alone: ${name} (not a platform package)`);
      continue;
    }
    lock.packages[`node_modules/${name}`] = { version: version.replace(/^[\^~]/, ''), cpu: [cpu], optional: true, os: [os] };
    added += 1;
  }
}
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} platform-specific optional entries to package-lock.json`);
