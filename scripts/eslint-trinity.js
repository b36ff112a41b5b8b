// What Trinity's packages add to Backstage's lint config (each package's
// .eslintrc.js passes it to the factory). Names say what a value is: no
// one-letter names in product code (issue 17); tests, test helpers and
// generated code are exempt. packages/infra-validator is exempt too: its
// template lexer and parser follow Go's text/template source.
module.exports = {
  rules: {
    'id-length': ['error', { min: 2, exceptions: ['_'], properties: 'never' }],
  },
  overrides: [
    {
      files: [
        '**/*.test.*',
        '**/__testUtils__/**',
        '**/__fixtures__/**',
        '**/generated/**',
        '**/setupTests.*',
      ],
      rules: { 'id-length': 'off' },
    },
  ],
};
