import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { checkNewDatabase } from '../../argument-bounds';
import { CreateDatabaseArgs } from './inputs';
import { FeatureDatabase } from './types';

@Resolver(() => FeatureDatabase)
export class DatabaseResolver {
  @Authorized('read')
  @Query(() => [FeatureDatabase], { description: 'Every feature database of the app.' })
  async databases(@Ctx() ctx: GatewayContext): Promise<FeatureDatabase[]> {
    return (await ctx.databases.all()).map(FeatureDatabase.from);
  }

  @Authorized('read')
  @Query(() => FeatureDatabase, { nullable: true, description: 'One database, or null when it does not exist.' })
  async database(@Arg('id', () => ID, { description: 'the database id' }) id: string, @Ctx() ctx: GatewayContext): Promise<FeatureDatabase | null> {
    const found = await ctx.databases.byId.load(id);
    return found ? FeatureDatabase.from(found) : null;
  }

  @Authorized('admin')
  @Mutation(() => FeatureDatabase, { description: 'Creates an empty feature database (scope admin).' })
  async createDatabase(@Args(() => CreateDatabaseArgs) args: CreateDatabaseArgs, @Ctx() ctx: GatewayContext): Promise<FeatureDatabase> {
    checkNewDatabase(args.name, args.maxSize);
    const created = await ctx.client.createDatabase(args);
    ctx.databases.invalidate();
    return FeatureDatabase.from(created);
  }

  @Authorized('admin')
  @Mutation(() => ID, {
    description:
      'Deletes the database and all its features (scope admin) and returns its id, for client caches to evict ' +
      '(Apollo Client: `cache.evict({ id: cache.identify({ __typename: "FeatureDatabase", id }) })`). NOT_FOUND when it does not exist.',
  })
  async deleteDatabase(@Arg('id', () => ID, { description: 'the database id' }) id: string, @Ctx() ctx: GatewayContext): Promise<string> {
    await ctx.client.deleteDatabase(id);
    ctx.databases.invalidate();
    return id;
  }
}
