/**
 * Runs the `actions/github-script` steps of the example workflows as GitHub runs them (an async
 * function body given `github`, `context`, `core`, `require`, `process`) against a recording fake
 * of the GitHub REST API: every call is recorded, `handlers` answer by `namespace.method`.
 */
import { createRequire } from 'node:module';
import type { Step } from './gitops-files.js';
import { readWorkflow } from './gitops-files.js';

/** One REST call the script made. */
interface Call {
  method: string;
  params: Record<string, unknown>;
}

/** Answers one REST method; what it returns is the response's `data`. */
export type Handler = (params: Record<string, unknown>) => unknown;

/** What a script did: its REST calls in order, `core.setFailed` messages and outputs. */
export interface ScriptRun {
  calls: Call[];
  failed: string[];
  outputs: Record<string, string>;
}

/** The commit a push-triggered script sees as `context.sha`. */
export const MERGE_SHA = 'b'.repeat(40);

/** The script of the github-script step of `job` in `file` (the one whose id is `stepId`, if given). */
export function scriptOf(file: string, job: string, stepId?: string): string {
  const steps: Step[] = readWorkflow(file).jobs[job]?.steps ?? [];
  const step = steps.find(
    (s) => s.uses === 'actions/github-script@v7' && (stepId === undefined || s.id === stepId),
  );
  const script = step?.with?.['script'];
  if (typeof script !== 'string') throw new Error(`no github-script step in ${file} ${job}`);
  return script;
}

/**
 * Runs `script` like actions/github-script@v7 does, with `handlers` answering REST calls by
 * `namespace.method` (unknown calls answer `{}`), and `env` as the step's environment.
 */
export async function runScript(
  script: string,
  options: {
    handlers?: Record<string, Handler>;
    env?: Record<string, string>;
    payload?: Record<string, unknown>;
  } = {},
): Promise<ScriptRun> {
  const run: ScriptRun = { calls: [], failed: [], outputs: {} };
  const endpoint =
    (method: string) =>
    async (params: Record<string, unknown>): Promise<{ data: unknown }> => {
      run.calls.push({ method, params });
      return { data: (await options.handlers?.[method]?.(params)) ?? {} };
    };
  const rest = new Proxy(
    {},
    {
      get: (_, namespace) =>
        new Proxy({}, { get: (__, name) => endpoint(`${String(namespace)}.${String(name)}`) }),
    },
  );
  const github = {
    rest,
    paginate: async (
      fn: (p: Record<string, unknown>) => Promise<{ data: unknown }>,
      p: Record<string, unknown>,
    ) => (await fn(p)).data,
  };
  const context = {
    repo: { owner: 'acme', repo: 'groups' },
    sha: MERGE_SHA,
    serverUrl: 'https://github.com',
    runId: 4242,
    payload: options.payload ?? {},
  };
  const core = {
    setFailed: (message: string) => run.failed.push(message),
    setOutput: (name: string, value: string) => (run.outputs[name] = value),
    info: () => undefined,
    warning: () => undefined,
  };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
    ...args: string[]
  ) => (...values: unknown[]) => Promise<unknown>;
  const body = new AsyncFunction('require', 'github', 'context', 'core', 'process', script);
  await body(createRequire(import.meta.url), github, context, core, { env: options.env ?? {} });
  return run;
}

/** The REST methods the script called, in order. */
export function methods(run: ScriptRun): string[] {
  return run.calls.map((c) => c.method);
}

/** The parameters of the first call of `method` (throws when there was none). */
export function callOf(run: ScriptRun, method: string): Record<string, unknown> {
  const call = run.calls.find((c) => c.method === method);
  if (call === undefined) throw new Error(`${method} was not called`);
  return call.params;
}

/** The parameters of every call of `method`, in order. */
export function callsOf(run: ScriptRun, method: string): Record<string, unknown>[] {
  return run.calls.filter((c) => c.method === method).map((c) => c.params);
}
