// Child processes for the benchmarks: servers that report where they listen over IPC, and
// measured clients that send their result back over IPC before exiting.
import { fork } from "node:child_process";
import { once } from "node:events";

/**
 * Forks a server script; resolves once it sends its first IPC message ({ url, ... }).
 * The result's `request(message)` sends a message with an id and waits for the answer with that id.
 */
export async function startServer(script, { args = [], env = process.env, execArgv = [] } = {}) {
  const child = fork(script, args, { stdio: ["ignore", "inherit", "inherit", "ipc"], env, execArgv });
  const ready = await new Promise((resolve, reject) => {
    const onExit = (code, signal) => reject(new Error(`${script} exited (${code ?? signal}) before it was ready`));
    child.once("exit", onExit);
    child.once("error", reject);
    child.once("message", (message) => {
      child.off("exit", onExit);
      if (message && message.error) reject(new Error(`${script}: ${message.error}`));
      else resolve(message);
    });
  });
  let nextId = 0;
  const pending = new Map();
  child.on("message", (message) => {
    const waiter = pending.get(message?.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error));
    else waiter.resolve(message);
  });
  return {
    ...ready,
    pid: child.pid,
    request(message) {
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ ...message, id });
      });
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Forks a client script and resolves with the last IPC message it sent ({ error } rejects). */
export function runChild(
  script,
  { args = [], env = process.env, execArgv = [], execPath = process.execPath, timeoutMs = 15 * 60_000 } = {},
) {
  return new Promise((resolve, reject) => {
    const child = fork(script, args, { stdio: ["ignore", "inherit", "inherit", "ipc"], env, execArgv, execPath });
    let result;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} took longer than ${timeoutMs} ms`));
    }, timeoutMs);
    child.on("message", (message) => {
      result = message;
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (result?.error) reject(new Error(`${script}: ${result.error}`));
      else if (code !== 0 || result === undefined)
        reject(new Error(`${script} exited (${code ?? signal}) without a result`));
      else resolve(result);
    });
  });
}

/** For a child script: runs `main`, sends its result to the parent and exits. */
export async function childMain(main) {
  try {
    const result = await main();
    process.send({ result }, () => process.exit(0));
  } catch (error) {
    process.send({ error: error?.stack ?? String(error) }, () => process.exit(1));
  }
}
