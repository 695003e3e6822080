module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // CDK constructs attach themselves to their scope when created, so `new CfnOutput(...)`
    // on its own line is how CDK code adds one.
    'no-new': 'off',
    // aws-cdk-lib/assertions' Template methods are the assertions of a CDK test.
    'jest/expect-expect': [
      'warn',
      {
        assertFunctionNames: [
          'expect',
          '*.hasResourceProperties',
          '*.resourceCountIs',
        ],
      },
    ],
  },
});
