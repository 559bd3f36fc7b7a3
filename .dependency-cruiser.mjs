/**
 * The import boundaries of design §8, checked by `npm run lint` (`depcruise`). Each rule says
 * which layer may lean on which; `npx depcruise src bin --config` lists the violations.
 */
const PURE = '^src/(plan|render)/';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment:
        'No folder of src/ imports another in a circle, directly or through others (design §8): ' +
        'the layers stay a stack that can be read, tested and replaced from the bottom up.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'model-imports-nothing',
      comment: 'src/model/ is the shared vocabulary: it imports nothing outside itself.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { pathNot: '^src/model/' },
    },
    {
      name: 'plan-and-render-are-pure',
      comment:
        'src/plan/ and src/render/ are pure: no node:*, no undici, no api/, live/, apply/ or cli/ ' +
        '(style.md habit 1).',
      severity: 'error',
      from: { path: PURE },
      to: {
        path: ['^src/(api|live|apply|cli)/', '(^|/)node_modules/undici/'],
      },
    },
    {
      name: 'plan-and-render-use-no-node-builtins',
      comment: 'src/plan/ and src/render/ run anywhere: no Node.js built-in module.',
      severity: 'error',
      from: { path: PURE },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'apply-only-from-cli-and-engine',
      comment: 'Only the CLI and the engine execute operations: they alone import src/apply/.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(apply|cli|engine)/'] },
      to: { path: '^src/apply/' },
    },
    {
      name: 'notify-only-from-cli-and-engine',
      comment:
        'Webhook notifications (src/notify/) are sent by a command: only the CLI and the engine ' +
        'import them.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(notify|cli|engine)/'] },
      to: { path: '^src/notify/' },
    },
    {
      name: 'notify-imports-below-it',
      comment:
        'src/notify/ leans on model/, the bounded file reader of files/ and the loopback rule of ' +
        'api/ only; it has its own HTTP client.',
      severity: 'error',
      from: { path: '^src/notify/' },
      to: { path: '^src/', pathNot: '^src/(notify|model|files|api)/' },
    },
    {
      name: 'nothing-imports-the-cli',
      comment:
        'src/cli/ is the top: only bin/ and tests import it (and it imports itself); ' +
        'scripts/demo.ts drives it in-process as a user would, like bin/.',
      severity: 'error',
      from: { pathNot: ['^src/cli/', '^bin/', '^test/', '^scripts/demo\\.ts$'] },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-unresolvable-imports',
      comment: 'Every relative import points at a file that exists.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
