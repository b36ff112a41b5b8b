import { parse } from 'yaml';
import { yamlScalar } from './yamlScalar';

describe('yamlScalar', () => {
  it.each([
    ['storefront', 'storefront'],
    ['Storefront web', 'Storefront web'],
    ['group:default/team-storefront', 'group:default/team-storefront'],
    [
      'app.kubernetes.io/part-of=storefront',
      'app.kubernetes.io/part-of=storefront',
    ],
    [
      'tenants/storefront/services/*.yaml',
      'tenants/storefront/services/*.yaml',
    ],
    ['1.33', "'1.33'"],
    ['on', "'on'"],
    ['null', "'null'"],
    ['a: b', "'a: b'"],
    ['a, b', "'a, b'"],
    ['x #y', "'x #y'"],
    ["O'Brien", "'O''Brien'"],
    ['two\nlines', '"two\\nlines"'],
    [99.9, '99.9'],
  ])('writes %j as %s', (value, written) => {
    expect(yamlScalar(value)).toBe(written);
  });

  it.each([
    'x\n  annotations:\n    evil: y',
    'O\'Brien: "quoted" # not a comment',
    '---\nkind: Group',
    '[a, b] {c: d} &anchor *alias !tag %dir @at `tick`',
    ' leading and trailing ',
    '\u2028line separator',
  ])('keeps %j one value in block, flow and comment context', value => {
    const scalar = yamlScalar(value);
    expect(parse(`key: ${scalar}\nnext: 1\n`)).toEqual({ key: value, next: 1 });
    expect(parse(`list: [${scalar}, z]`)).toEqual({ list: [value, 'z'] });
    expect(parse(`# about ${scalar}\nkey: 1`)).toEqual({ key: 1 });
    expect(scalar).not.toMatch(/\n/);
  });
});
