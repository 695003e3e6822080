// A small reader of the repository's Dockerfile and .dockerignore, for the image check
// (scripts/image-check.mjs), which runs the Dockerfile's commands without Docker. It reads the
// subset of the Dockerfile syntax the Dockerfile uses, and throws on anything else rather than
// guess: FROM (with AS), WORKDIR, COPY and ADD (with --from, --chown, --chmod), RUN (shell form,
// with BuildKit's --mount flags, which only cache), ENV, USER, EXPOSE, CMD (exec form), and
// comments, parser directives and line continuations.
import fs from 'node:fs';

const SUPPORTED = new Set([
  'FROM',
  'WORKDIR',
  'COPY',
  'ADD',
  'RUN',
  'ENV',
  'USER',
  'EXPOSE',
  'CMD',
]);

/** `--name=value` flags at the start of `words`, and the words after them. */
function takeFlags(words) {
  const flags = {};
  let i = 0;
  for (; i < words.length && words[i].startsWith('--'); i++) {
    const eq = words[i].indexOf('=');
    if (eq < 0) throw new Error(`a flag without a value: ${words[i]}`);
    const name = words[i].slice(2, eq);
    const value = words[i].slice(eq + 1);
    // --mount may be given more than once.
    flags[name] = name === 'mount' ? [...(flags[name] ?? []), value] : value;
  }
  return { flags, rest: words.slice(i) };
}

/** `KEY=value` pairs of an ENV line; values may be double-quoted. */
function parseEnv(text) {
  const env = {};
  const pattern = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g;
  const rest = text.replace(pattern, (_, key, value) => {
    env[key] = value.startsWith('"')
      ? value.slice(1, -1).replace(/\\(.)/g, '$1')
      : value;
    return '';
  });
  if (rest.trim() !== '') {
    throw new Error(`ENV must be KEY=value pairs, got: ${text}`);
  }
  return env;
}

/**
 * The Dockerfile's logical lines: continuations joined, comments and blank lines dropped (also
 * inside a continued instruction, as Docker does), each with the line number it starts at.
 */
function logicalLines(text) {
  const lines = [];
  let current;
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (/^\s*#/.test(line) || (current === undefined && line.trim() === '')) {
      return;
    }
    const continued = /\\\s*$/.test(line);
    const content = continued ? line.replace(/\\\s*$/, '') : line;
    if (current === undefined) current = { text: '', line: index + 1 };
    current.text += `${current.text ? ' ' : ''}${content.trim()}`;
    if (!continued) {
      lines.push(current);
      current = undefined;
    }
  });
  if (current) lines.push(current);
  return lines;
}

/**
 * Parses a Dockerfile into its stages, in order: `{ name, from, line, instructions }`, where
 * `from` is an image or an earlier stage's name and each instruction is
 * `{ instruction, line, ... }`:
 * - WORKDIR: `path`;
 * - COPY and ADD: `from` (a stage name, or undefined for the build context), `chown`, `chmod`,
 *   `sources` and `destination`;
 * - RUN: `command` (the shell command, verbatim) and `mounts`;
 * - ENV: `env` (an object); USER: `user`; EXPOSE: `ports`; CMD: `argv`.
 */
export function parseDockerfile(text) {
  const stages = [];
  for (const { text: lineText, line } of logicalLines(text)) {
    const [keyword, ...words] = lineText.split(/\s+/);
    const instruction = keyword.toUpperCase();
    const argsText = lineText.slice(keyword.length).trim();
    if (!SUPPORTED.has(instruction)) {
      throw new Error(
        `Dockerfile line ${line}: ${instruction} is not supported by scripts/lib/dockerfile.mjs`,
      );
    }
    if (instruction === 'FROM') {
      const { rest } = takeFlags(words);
      if (rest.length === 3 && rest[1].toUpperCase() === 'AS') {
        stages.push({ name: rest[2], from: rest[0], line, instructions: [] });
      } else if (rest.length === 1) {
        stages.push({
          name: `stage-${stages.length}`,
          from: rest[0],
          line,
          instructions: [],
        });
      } else {
        throw new Error(`Dockerfile line ${line}: FROM image [AS name]`);
      }
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) {
      throw new Error(`Dockerfile line ${line}: ${instruction} before FROM`);
    }
    const entry = { instruction, line };
    if (instruction === 'WORKDIR') {
      entry.path = argsText;
    } else if (instruction === 'COPY' || instruction === 'ADD') {
      const { flags, rest } = takeFlags(words);
      if (rest.length < 2 || rest[0].startsWith('[')) {
        throw new Error(
          `Dockerfile line ${line}: ${instruction} [flags] source... destination`,
        );
      }
      Object.assign(entry, {
        from: flags.from,
        chown: flags.chown,
        chmod: flags.chmod,
        sources: rest.slice(0, -1),
        destination: rest.at(-1),
      });
    } else if (instruction === 'RUN') {
      const { flags, rest } = takeFlags(words);
      const command = rest.join(' ');
      if (command.startsWith('[')) {
        throw new Error(`Dockerfile line ${line}: RUN in exec form`);
      }
      // Keep the command's own spacing: everything after the flags.
      const flagText = words.slice(0, words.length - rest.length).join(' ');
      entry.command = argsText.slice(flagText.length).trim();
      entry.mounts = flags.mount ?? [];
    } else if (instruction === 'ENV') {
      entry.env = parseEnv(argsText);
    } else if (instruction === 'USER') {
      entry.user = argsText;
    } else if (instruction === 'EXPOSE') {
      entry.ports = words;
    } else if (instruction === 'CMD') {
      try {
        entry.argv = JSON.parse(argsText);
      } catch {
        throw new Error(`Dockerfile line ${line}: CMD in exec form (JSON)`);
      }
    }
    stage.instructions.push(entry);
  }
  return stages;
}

/** A .dockerignore pattern as a regular expression on a context-relative path. */
function patternToRegExp(pattern) {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` matches any number of folders, none included; `**` alone anything.
      if (pattern[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (c === '*') {
      source += '[^/]*';
    } else if (c === '?') {
      source += '[^/]';
    } else {
      source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/**
 * Reads a .dockerignore and returns `ignored(relativePath)`: whether Docker leaves that file or
 * folder out of the build context. As Docker: patterns are relative to the context's root, the
 * last matching pattern wins, `!` re-includes, and a folder left out leaves out what it holds
 * (unlike Docker, a `!` pattern cannot bring back a file inside a folder left out).
 */
export function readDockerignore(file) {
  const rules = fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .map(line => line.trim())
        .filter(line => line && !line.startsWith('#'))
        .map(line => {
          const negate = line.startsWith('!');
          const pattern = (negate ? line.slice(1) : line)
            .replace(/^\/+/, '')
            .replace(/\/+$/, '');
          return { negate, regexp: patternToRegExp(pattern) };
        })
    : [];
  const matches = relativePath => {
    let result = false;
    for (const { negate, regexp } of rules) {
      if (regexp.test(relativePath)) result = !negate;
    }
    return result;
  };
  return relativePath => {
    const parts = relativePath.split('/');
    // A folder left out takes its contents with it.
    for (let i = 1; i <= parts.length; i++) {
      if (matches(parts.slice(0, i).join('/'))) return true;
    }
    return false;
  };
}
