import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';

export function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes `command` available, installing Debian's `debianPackage` when we are root on
 * a machine with apt-get (a fresh CI or dev box). False when it is still missing:
 * the caller says how to install it.
 */
export function ensureDebianCommand(command: string, debianPackage: string, log: (line: string) => void = console.log): boolean {
  if (onPath(command)) return true;
  if (userInfo().uid === 0 && onPath('apt-get')) {
    log(`${command} not found; installing Debian package ${debianPackage} with apt-get…`);
    execFileSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${debianPackage}`], {
      stdio: 'inherit',
    });
  }
  return onPath(command);
}
