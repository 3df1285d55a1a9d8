import { routeTable, type Route } from '../../src/local-face-api/routes/route';

/** The route table matches decoded segments exactly: find-my-way must neither decode them again nor split them. */

const route = (method: Route['method'], pattern: string): Route => ({ method, pattern, handle: () => ({}) });
const routes = [route('DELETE', 'databases/:db_id'), route('POST', 'databases/search'), route('GET', 'databases/:db_id/features/:feature_id')];
const find = routeTable(routes);

it.each(['plain', '%41', '%25', 'a?b', 'a#b', 'a;b', 'a b', 'é', '日本', '..x', 'x'.repeat(5000)])('keeps the id %j as it is', (id) => {
  expect(find('DELETE', ['databases', id])).toEqual({ route: routes[0], params: { db_id: id } });
  expect(find('GET', ['databases', id, 'features', id])?.params).toEqual({ db_id: id, feature_id: id });
});

it('prefers the static route, and matches method, case and segment count exactly', () => {
  expect(find('POST', ['databases', 'search'])?.route).toBe(routes[1]);
  expect(find('DELETE', ['databases', 'search'])?.params).toEqual({ db_id: 'search' });
  expect(find('POST', ['databases', 'x'])).toBeUndefined();
  expect(find('POST', ['Databases', 'search'])).toBeUndefined();
  expect(find('DELETE', ['databases'])).toBeUndefined();
  expect(find('DELETE', ['databases', 'a', 'b'])).toBeUndefined();
  expect(find('BREW', ['databases', 'a'])).toBeUndefined();
});
