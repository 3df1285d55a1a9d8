import { median, percentile } from '../../tools/stats';

test('percentile is nearest-rank: always a sample, rank ceil(p% of n)', () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  expect(percentile(ten, 50)).toBe(5);
  expect(percentile(ten, 90)).toBe(9);
  expect(percentile(ten, 99)).toBe(10);
  expect(percentile(ten, 0)).toBe(1);
  expect(percentile(ten, 100)).toBe(10);
  expect(percentile([], 50)).toBeNaN();
  expect(median([3, 1, 2])).toBe(2);
});
