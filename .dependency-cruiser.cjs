// Import boundaries and cycles: `npm run lint:deps` (depcruise apps libs scripts test bench).
// Sources import each other as `./x.js` (module: nodenext); dependency-cruiser resolves such a
// specifier to `./x.ts` itself when no `.js` file exists, exactly as tsc does (no alias needed).

/** Only the product (apps and libs) is held to the boundaries; tests, benchmarks and scripts may import anything. */
const PRODUCT = '^(apps|libs)/';
/** Tests inside an app (apps/vendor-sim/test) and spec files are tests, not product. */
const TESTS = ['^apps/[^/]+/test/', '\\.(e2e-)?spec\\.ts$'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes module load order matter and blocks splitting things apart; type-only cycles count as well.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to no file (a typo, a moved file, a package missing from package.json).',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-dist',
      severity: 'error',
      comment: 'dist/ is build output: import the source.',
      from: {},
      to: { path: '^dist/' },
    },
    {
      name: 'db-drivers-only-in-libs-db',
      severity: 'error',
      comment:
        'drizzle-orm, pg and pg-copy-streams are used through libs/db. libs/devstack may use pg: it creates databases on the Postgres it starts, before any schema exists.',
      from: { path: PRODUCT, pathNot: ['^libs/db/', '^libs/devstack/', ...TESTS] },
      to: { path: '^node_modules/(drizzle-orm|pg|pg-copy-streams|@types/pg|@types/pg-copy-streams)/' },
    },
    {
      name: 'bullmq-only-in-libs-queue',
      severity: 'error',
      comment: 'BullMQ (and its Nest module) is used through libs/queue.',
      from: { path: PRODUCT, pathNot: ['^libs/queue/', ...TESTS] },
      to: { path: '^node_modules/(bullmq|@nestjs/bullmq)/' },
    },
    {
      name: 'no-app-to-other-app',
      severity: 'error',
      comment: 'apps/api, apps/worker and apps/vendor-sim are separate deployments: share code through libs/.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-lib-to-app',
      severity: 'error',
      comment: 'libs/ are shared by the apps and must not depend on any of them.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-lib-to-test',
      severity: 'error',
      comment: "libs/ must not depend on test code; a lib's own spec files may use test/support (the test database, log capture).",
      from: { path: '^libs/', pathNot: TESTS },
      to: { path: '^test/' },
    },
  ],
  options: {
    // npm packages and build output are not cruised, but edges into them are kept (so the rules above see them).
    doNotFollow: { path: ['node_modules', '^dist/'] },
    exclude: { path: ['^libs/db/migrations/', '^coverage/', '^\\.herald/', '^bench/out/', '^test/artifacts/'] },
    moduleSystems: ['es6', 'cjs'],
    // Type-only imports are edges too: `import type { Job } from 'bullmq'` still ties a file to BullMQ.
    tsPreCompilationDeps: true,
    // Resolve packages as Node does for an ES module (exports maps, import/require conditions), and find
    // the types of type-only packages.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
