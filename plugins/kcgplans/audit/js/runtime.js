// Runs the check steps Python asks for, in order, in one round trip (checks/scripts.py): for each step its
// value or its error, and how long it took. A step that fails does not stop the ones after it.
const TIME_LIMIT_MS = 120000;

async function runStep(name, args) {
  const check = CHECKS[name];
  if (!check) throw new Error(`no check script named ${name}`);
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${TIME_LIMIT_MS / 1000} s`)), TIME_LIMIT_MS);
  });
  try {
    return await Promise.race([check.apply(null, args), limit]);
  } finally {
    clearTimeout(timer);
  }
}

async function run(steps) {
  const results = [];
  for (const [name, args] of steps) {
    const started = performance.now();
    try {
      const value = await runStep(name, args || []);
      results.push({ name, value: value === undefined ? null : value, ms: performance.now() - started });
    } catch (error) {
      const text = String((error && (error.stack || error.message)) || error).split("\n")[0];
      results.push({ name, error: text, ms: performance.now() - started });
    }
  }
  return results;
}
