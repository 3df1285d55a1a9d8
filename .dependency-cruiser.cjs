/**
 * The layers of src/ (docs/architecture.md), checked by test/architecture/imports.test.ts in `npm test`;
 * `npx depcruise src` prints the same verdict. Type-only imports count: a layer is what a file needs to compile.
 *
 *   top       main.ts, config/                    may import anything below
 *   service   gateway/                            upstream + the bottom floor
 *             local-face-api/                     its engine (through engine/index.ts) + the bottom floor
 *   client    upstream/                           the bottom floor
 *   engine    local-face-api/engine/              the bottom floor (inside: models/ and geometry/ stand alone,
 *                                                 analysis/ runs on them, threads/ host analysis/)
 *   bottom    face-api-contract/, settings/, observability/   nothing of src
 */
const BOTTOM = 'face-api-contract|settings|observability';

/** A rule: files under `from` may import, inside src/, only what is under `allowed` (folders of src/). */
function only(name, comment, from, allowed, fromNot) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: `^src/(${from})/`, ...(fromNot ? { pathNot: `^src/(${fromNot})/` } : {}) },
    to: { path: '^src/', pathNot: `^src/(${allowed})/` },
  };
}

/** A rule inside the engine: files of engine/<folder>/ may import, of the engine, only what `allowed` matches. */
function inEngine(name, folder, allowed, comment) {
  const engine = '^src/local-face-api/engine/';
  return {
    name,
    comment: `${comment} (docs/engine.md, Layout)`,
    severity: 'error',
    from: { path: `${engine}${folder}/` },
    to: { path: engine, pathNot: `${engine}(${allowed})` },
  };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'a circle of imports: move the shared piece down into a module both sides import',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'bottom-floor-imports-nothing-of-src',
      comment: 'face-api-contract/, settings/ and observability/ stand alone: each imports only its own files',
      severity: 'error',
      from: { path: `^src/(${BOTTOM})/` },
      to: { path: '^src/', pathNot: '^src/$1/' },
    },
    only(
      'upstream-imports-only-the-bottom-floor',
      'the REST client knows the contract, not the gateway above it nor the configuration on top',
      'upstream',
      `upstream|${BOTTOM}`,
    ),
    only(
      'engine-imports-only-the-bottom-floor',
      'the face engine knows nothing of the local Face API that serves it',
      'local-face-api/engine',
      `local-face-api/engine|${BOTTOM}`,
    ),
    only(
      'local-face-api-imports-only-its-engine-and-the-bottom-floor',
      'the local Face API serves the contract; it never imports the gateway, the client or the configuration on top',
      'local-face-api',
      `local-face-api|${BOTTOM}`,
      'local-face-api/engine',
    ),
    only(
      'gateway-imports-only-upstream-and-the-bottom-floor',
      'the gateway reaches the Face API through the upstream client, never the local Face API itself',
      'gateway',
      `gateway|upstream|${BOTTOM}`,
    ),
    // inside the engine (docs/engine.md, "Layout"): models and geometry stand alone, analysis runs on them, threads host analysis
    inEngine('engine-models-import-nothing-of-the-engine', 'models', 'models/', 'engine/models/ stands alone'),
    inEngine('engine-geometry-imports-nothing-of-the-engine', 'geometry', 'geometry/', 'engine/geometry/ stands alone'),
    inEngine('engine-analysis-imports-models-geometry-and-types', 'analysis', '(analysis|models|geometry)/|types\\.ts$', 'engine/analysis/ imports only models/, geometry/ and engine/types.ts'),
    inEngine('engine-threads-import-analysis-and-types', 'threads', '(threads|analysis)/|types\\.ts$', 'engine/threads/ imports only analysis/ and engine/types.ts'),
    {
      name: 'engine-is-entered-by-its-index',
      comment: 'outside the engine, import local-face-api/engine (its index.ts), not its files',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/local-face-api/engine/' },
      to: { path: '^src/local-face-api/engine/', pathNot: '^src/local-face-api/engine/index\\.ts$' },
    },
    {
      name: 'entry-points-are-imported-by-no-one',
      comment: 'main.ts, local-face-api/main.ts and gateway/emit-schema.ts are started, never imported',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/(main|local-face-api/main|gateway/emit-schema)\\.ts$' },
    },
  ],
  options: {
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
