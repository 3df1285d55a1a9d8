/** `npm run schema:emit`: writes schema/schema.graphql from the code-first schema. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { logger } from '../observability/logger';
import { SCHEMA_FILE, gatewaySdl } from './schema/sdl';

void gatewaySdl().then((sdl) => {
  const target = resolve(__dirname, '../..', SCHEMA_FILE);
  writeFileSync(target, sdl);
  logger.info(`wrote ${target}`);
});
