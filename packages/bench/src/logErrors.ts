/*
 * Why a child did not start, in a few words for the table: read from the log file it wrote.
 */
import fs from 'node:fs';

/**
 * The error messages a child logged: Backstage's JSON log lines at level error, else plain
 * lines that mention an error (stack frames left out), else the last lines.
 */
export function logErrors(logFile: string, max = 2): string {
  let lines: string[];
  try {
    lines = fs.readFileSync(logFile, 'utf8').trimEnd().split('\n');
  } catch {
    return '';
  }
  const fromJson = lines.flatMap(line => {
    try {
      const entry = JSON.parse(line);
      return entry?.level === 'error' ? [String(entry.message)] : [];
    } catch {
      return [];
    }
  });
  const plain = lines.filter(
    line =>
      /error/i.test(line) && !/^\s+at /.test(line) && !line.startsWith('{'),
  );
  let picked = lines.slice(-3);
  if (fromJson.length > 0) picked = fromJson;
  else if (plain.length > 0) picked = plain;
  return picked.slice(0, max).join(' / ');
}
