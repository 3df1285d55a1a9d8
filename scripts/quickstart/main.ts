/**
 * The cloud's Face Identification (1:N) quickstart, through our GraphQL API:
 *   npm run quickstart -- <folder-of-photos> <probe-photo>
 * against a running gateway (GATEWAY_URL, default http://localhost:4000/graphql; GATEWAY_API_KEY when
 * the gateway requires keys). The operations are the committed ones in schema/operations/quickstart/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createGraphQLClient, FileUpload } from '../../tools/graphql-client';

const OPERATIONS_DIR = join(__dirname, '..', '..', 'schema', 'operations', 'quickstart');
const operation = (file: string) => readFileSync(join(OPERATIONS_DIR, file), 'utf8');
/** one GraphQL request per this many photos, so progress shows on long adds */
const PHOTOS_PER_REQUEST = 16;

interface Database {
  id: string;
  name: string;
  maxSize: number;
  size?: number;
}

function usage(message: string): never {
  console.error(`${message}\nusage: npm run quickstart -- <folder-of-photos> <probe-photo>`);
  process.exit(2);
}

function photosIn(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => !name.startsWith('.'))
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile())
    .sort();
}

const gatewayUrl = () => process.env.GATEWAY_URL ?? 'http://localhost:4000/graphql';
const step = (n: number, title: string) => console.log(`\n[${n}/7] ${title}`);
const fixed = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(3));

async function main(): Promise<void> {
  // `npm run` starts scripts in the package root: paths are relative to where the user typed the command
  const [folder, probe] = process.argv.slice(2).map((path) => resolve(process.env.INIT_CWD ?? process.cwd(), path));
  if (!folder || !probe) usage('missing arguments');
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) usage(`not a folder: ${folder}`);
  if (!statSync(probe, { throwIfNoEntry: false })?.isFile()) usage(`not a file: ${probe}`);
  const url = gatewayUrl();
  const execute = createGraphQLClient({ url, apiKey: process.env.GATEWAY_API_KEY });
  console.log(`gateway: ${url}`);

  step(1, 'create a feature database');
  const { createDatabase: db } = await execute<{ createDatabase: Database }>(operation('1-create-database.graphql'), {
    name: 'foo',
    maxSize: 1000,
    description: 'quickstart',
  });
  console.log(`created database "${db.name}" id=${db.id} maxSize=${db.maxSize}`);

  try {
    step(2, 'list feature databases');
    const listed = await execute<{ databases: Database[] }>(operation('2-list-databases.graphql'));
    for (const each of listed.databases) console.log(`${each.id === db.id ? '*' : ' '} ${each.id}  ${each.name}  ${each.size ?? '?'}/${each.maxSize}`);

    step(3, `quality check of ${probe}`);
    const { checkQuality: report } = await execute<{ checkQuality: QualityReport }>(operation('3-check-quality.graphql'), {
      image: { file: new FileUpload(probe) },
    });
    printQuality(report);

    step(4, `add the photos of ${folder}`);
    const photos = photosIn(folder);
    let added = 0;
    for (let start = 0; start < photos.length; start += PHOTOS_PER_REQUEST) {
      const batch = photos.slice(start, start + PHOTOS_PER_REQUEST);
      const { addFeatures } = await execute<{ addFeatures: AddResult[] }>(operation('4-add-features.graphql'), {
        databaseId: db.id,
        features: batch.map((path) => ({ image: { file: new FileUpload(path) }, extraInfo: path })),
      });
      for (const result of addFeatures) {
        const path = batch[result.index];
        if (result.feature) added += 1;
        else console.log(`  failed: ${path}: ${result.outcome}: ${result.message} (code ${result.code})`);
      }
      console.log(`  ${Math.min(start + batch.length, photos.length)}/${photos.length} photos sent, ${added} features added`);
    }

    step(5, 'search the probe\'s largest face: top 2 above 0.8');
    const { searchFaces } = await execute<{ searchFaces: SearchResult }>(operation('5-search.graphql'), {
      databaseIds: [db.id],
      image: { file: new FileUpload(probe) },
      topK: 2,
      minScore: 0.8,
    });
    if (searchFaces.matches.length === 0) console.log('no match above 0.8');
    for (const match of searchFaces.matches) {
      console.log(`  feature ${match.feature.id}  score ${match.score.toFixed(4)}  ${match.feature.extraInfo ?? ''}`);
    }
  } finally {
    step(6, 'delete the database');
    const { deleteDatabase } = await execute<{ deleteDatabase: string }>(operation('6-delete-database.graphql'), { id: db.id });
    console.log(`deleted database ${deleteDatabase}`);

    step(7, 'list again: it is gone');
    const after = await execute<{ databases: Database[] }>(operation('2-list-databases.graphql'));
    console.log(after.databases.some((each) => each.id === db.id) ? `still listed: ${db.id}` : `${db.id} is no longer listed`);
  }
}

interface QualityReport {
  angle: Record<string, number>;
  quality: Record<string, number>;
  occlusion: Record<string, number>;
  rotation: number | null;
  assessment: { acceptable: boolean; checks: Array<{ path: string; value: number | null; min: number | null; max: number | null; passed: boolean }> };
}
interface AddResult {
  index: number;
  outcome: string;
  code: number;
  message: string;
  feature: { id: string } | null;
}
interface SearchResult {
  matches: Array<{ score: number; feature: { id: string; extraInfo: string | null } }>;
}

function printQuality(report: QualityReport): void {
  for (const check of report.assessment.checks) {
    const value = check.value === null ? 'missing' : fixed(check.value);
    const verdict = `${check.passed ? 'ok ' : 'OUT'} [${check.min ?? '-∞'}, ${check.max ?? '∞'}]`;
    console.log(`  ${check.path.padEnd(24)} ${value.padStart(8)}  ${verdict}`);
  }
  console.log(`  rotation to upright: ${report.rotation ?? 0}°`);
  console.log(`  verdict (default passport-like policy): ${report.assessment.acceptable ? 'ACCEPTABLE' : 'NOT acceptable'}`);
}

/** fetch's "fetch failed" hides the reason in `cause`: a refused connection is the usual one. */
function explain(error: Error, url: string): string {
  const cause = (error as Error & { cause?: { code?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED' || cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') {
    return `cannot connect to ${url} (${cause.code}): is a gateway running at ${url}? Start one with \`npm start\`, or set GATEWAY_URL`;
  }
  return error.message;
}

main().catch((error: Error) => {
  console.error(`quickstart failed: ${explain(error, gatewayUrl())}`);
  process.exit(1);
});
