/*
 * The stand-in's Rollout action discovery against Argo CD's own test data
 * (discovery.lua's discoveryTests, vendored in __fixtures__/rollout-actions).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { discoverRolloutActions, luaToNumber } from './resourceActions';

const fixtures = path.join(__dirname, '__fixtures__/rollout-actions');
const { discoveryTests } = parse(
  fs.readFileSync(path.join(fixtures, 'action_test.yaml'), 'utf8'),
) as {
  discoveryTests: Array<{
    inputPath: string;
    result: Array<{ name: string; disabled: boolean }>;
  }>;
};

const byName = (actions: Array<{ name: string; disabled: boolean }>) =>
  [...actions].sort((left, right) => left.name.localeCompare(right.name));

it('reads all nine of upstream discovery tests', () => {
  expect(discoveryTests).toHaveLength(9);
});

it.each(discoveryTests.map(test => [test.inputPath, test.result] as const))(
  'discovers what Argo CD does for %s',
  (inputPath, result) => {
    const rollout = parse(
      fs.readFileSync(path.join(fixtures, inputPath), 'utf8'),
    );
    // Argo CD lists them in Go map order: compared by name.
    expect(byName(discoverRolloutActions(rollout))).toEqual(byName(result));
  },
);

it("reads observedGeneration as Lua's tonumber does", () => {
  expect(luaToNumber('3')).toBe(3);
  expect(luaToNumber(3)).toBe(3);
  expect(luaToNumber('58b949649c')).toBeUndefined();
  expect(luaToNumber('7797495e94')).toBe(7797495e94);
  expect(luaToNumber('0x1f')).toBe(31);
  expect(luaToNumber(undefined)).toBeUndefined();
});
