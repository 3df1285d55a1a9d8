import { GraphQLError } from 'graphql';
import { Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { FeatureImage } from '../../../upstream/client';
import { checkImageCount, checkPage } from '../../argument-bounds';
import { chunk } from '../../batches';
import type { GatewayContext } from '../../context';
import { toGraphQLError } from '../../errors';
import { featureOrNull } from '../../loaders';
import { toOutgoingImage } from '../../images';
import { FeatureDatabase } from '../databases/types';
import { ErrorCode, ImageOutcome, outcomeOf } from '../shared/enums';
import { Face } from '../shared/types';
import { AddFeaturesArgs, FeatureRefArgs, PageArgs, UpdateFeatureArgs } from './inputs';
import { AddFeatureResult, Feature, FeaturePage } from './types';

function notStored(index: number, error: GraphQLError): AddFeatureResult {
  // after a timeout the upstream may have stored the batch all the same: say so rather than guess
  const outcome = error.extensions.code === 'UPSTREAM_TIMEOUT' ? 'Outcome unknown (list the database to check)' : 'Not stored';
  return Object.assign(new AddFeatureResult(), {
    index,
    outcome: ImageOutcome.NOT_PROCESSED,
    code: -1,
    message: `${outcome}: ${error.message}`,
    internalCode: -1,
    ok: false,
    errorCode: (error.extensions.code as ErrorCode | undefined) ?? ErrorCode.INTERNAL_SERVER_ERROR,
    traceId: (error.extensions.traceId as string | null) ?? undefined,
  });
}

@Resolver(() => Feature)
export class FeatureResolver {
  // a write-only key must not read through a mutation's result (addFeatures → feature → database → features)
  @Authorized('read')
  @FieldResolver(() => FeatureDatabase, {
    nullable: true,
    description: 'The database holding it; all lookups of one request share one upstream list call.',
  })
  async database(@Root() feature: Feature, @Ctx() ctx: GatewayContext): Promise<FeatureDatabase | null> {
    if (!feature.databaseId) return null;
    const found = await ctx.databases.byId.load(feature.databaseId);
    return found ? FeatureDatabase.from(found) : null;
  }

  @Authorized('read')
  @Query(() => Feature, { nullable: true, description: 'One stored feature, or null when it or its database does not exist.' })
  async feature(@Args(() => FeatureRefArgs) { databaseId, id }: FeatureRefArgs, @Ctx() ctx: GatewayContext): Promise<Feature | null> {
    const found = await featureOrNull(ctx.client, databaseId, id);
    return found ? Feature.from(found) : null;
  }

  @Authorized('write')
  @Mutation(() => [AddFeatureResult], {
    description:
      'Adds the largest face of each image (scope write). Sent upstream in batches of 16, one after another; results in input order. ' +
      'If a later batch fails, earlier batches stay stored and the rest are reported as NOT_PROCESSED.',
  })
  async addFeatures(
    @Args(() => AddFeaturesArgs) { databaseId, features }: AddFeaturesArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<AddFeatureResult[]> {
    checkImageCount(features.length, 'features');
    const outgoing: FeatureImage[] = features.map((feature, i) => ({
      image: toOutgoingImage({ ...feature.image, rectangle: feature.rectangle }, `features[${i}].image`, ctx.uploads),
      extraInfo: feature.extraInfo ?? undefined,
    }));
    const results: AddFeatureResult[] = [];
    for (const batch of chunk(outgoing)) {
      try {
        const answer = await ctx.client.addFeatures(databaseId, batch);
        answer.results.forEach((result, i) => {
          const added = answer.features[i];
          results.push(
            Object.assign(new AddFeatureResult(), {
              index: results.length,
              ...result,
              outcome: outcomeOf(result.code),
              ok: result.code === 0,
              feature: added ? Feature.from(added) : undefined,
              face: Face.from(added?.face),
              traceId: answer.traceId,
            }),
          );
        });
      } catch (error) {
        // a failure after stored features is data (their results stay); otherwise it fails the request (formatError)
        const converted = toGraphQLError(error);
        if (!results.some((result) => result.ok) || !(converted instanceof GraphQLError)) throw error;
        while (results.length < outgoing.length) results.push(notStored(results.length, converted));
        break;
      }
    }
    ctx.databases.invalidate();
    return results;
  }

  @Authorized('write')
  @Mutation(() => Feature, { description: "Replaces a feature's extraInfo (scope write). NOT_FOUND when it does not exist." })
  async updateFeature(
    @Args(() => UpdateFeatureArgs) { databaseId, id, extraInfo }: UpdateFeatureArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<Feature> {
    return Feature.from(await ctx.client.updateFeature(databaseId, id, extraInfo));
  }

  @Authorized('write')
  @Mutation(() => ID, {
    description: 'Deletes one feature (scope write) and returns its id, for client caches to evict. NOT_FOUND when it does not exist.',
  })
  async deleteFeature(@Args(() => FeatureRefArgs) { databaseId, id }: FeatureRefArgs, @Ctx() ctx: GatewayContext): Promise<string> {
    await ctx.client.deleteFeature(databaseId, id);
    ctx.databases.invalidate();
    return id;
  }
}

@Resolver(() => FeatureDatabase)
export class DatabaseFeaturesResolver {
  @Authorized('read')
  @FieldResolver(() => FeaturePage, { description: 'The features stored in this database, a page at a time.' })
  async features(
    @Root() database: FeatureDatabase,
    @Args(() => PageArgs) { offset, limit }: PageArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<FeaturePage> {
    checkPage(offset, limit);
    const page = await ctx.databases.featurePage(database.id, offset, limit);
    // an empty page never has a next one: a client looping on nextOffset always ends
    const more = page.total !== undefined ? offset + page.features.length < page.total : page.features.length === limit;
    const hasNextPage = more && page.features.length > 0;
    return Object.assign(new FeaturePage(), {
      features: page.features.map(Feature.from),
      total: page.total,
      hasNextPage,
      nextOffset: hasNextPage ? offset + page.features.length : undefined,
    });
  }
}
