module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // Template tests assert through a shared helper.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectRefused'] },
    ],
  },
});
