// The pass/fail bookkeeping of the smoke, Storybook and browser tests: each check prints one
// `ok`/`FAIL` line and counts one; a failure never stops the checks that follow.

/**
 * Returns `check(name, fn)`, which runs `fn` and resolves to whether it passed, and `result()`
 * for `{ passed, failed }`. `onFailure(name)` runs after a failed check (a screenshot, say).
 */
export function createChecks({ out = console.log, onFailure } = {}) {
  let passed = 0;
  let failed = 0;
  const check = async (name, fn) => {
    try {
      await fn();
      passed++;
      out(`  ok   ${name}`);
      return true;
    } catch (error) {
      failed++;
      out(`  FAIL ${name}: ${error.message.split('\n')[0]}`);
      await onFailure?.(name);
      return false;
    }
  };
  return { check, result: () => ({ passed, failed }) };
}
