// Types of childProcesses.mjs, for the bench's TypeScript (see that file for why it is .mjs).
import type { ChildProcess } from 'node:child_process';

export function freePort(): Promise<number>;

/** An error that ends a `poll` at once instead of being retried. */
export function fatalError(message: string): Error & { fatal: true };

export type Attempt<T> =
  | { done: true; value?: T; reason?: string }
  | { done: false; value?: T; reason: string };

export function poll<T = undefined>(
  what: string,
  timeoutMs: number,
  attempt: () => Promise<Attempt<T>> | Attempt<T>,
  options?: { intervalMs?: number },
): Promise<T>;

export function waitForHttp(
  what: string,
  url: string,
  timeoutMs: number,
  ensureAlive?: () => void,
  options?: { attemptTimeoutMs?: number; intervalMs?: number },
): Promise<void>;

export function isRunning(child: ChildProcess): boolean;

export function spawnInGroup(
  command: string,
  args: string[],
  logFile: string,
  options: { cwd?: string; env?: NodeJS.ProcessEnv },
): ChildProcess;

export function spawnTypeScriptInGroup(
  script: string,
  args: string[],
  logFile: string,
  options: { cwd?: string; env?: NodeJS.ProcessEnv },
): ChildProcess;

export function forkTypeScript(options: {
  script: string;
  args?: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
}): ChildProcess & { pid: number };

export function stopGroup(child: ChildProcess, graceMs?: number): Promise<void>;

export function stopChild(child: ChildProcess, graceMs?: number): Promise<void>;

export function killAllNow(): void;
