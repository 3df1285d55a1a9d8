/** The schema as SDL text (in code order, so arguments read as declared): what schema/schema.graphql holds. */
import { printSchema } from 'graphql';
import { buildGatewaySchema } from '.';

export const SCHEMA_FILE = 'schema/schema.graphql';

export async function gatewaySdl(): Promise<string> {
  const header = '# Emitted from the code by `npm run schema:emit`; do not edit. A test fails when it is stale.\n\n';
  return `${header}${printSchema(await buildGatewaySchema())}\n`;
}
