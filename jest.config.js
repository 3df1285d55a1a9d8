/** Unit and integration tests; integration tests start real servers on ephemeral ports. */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 60000,
  setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
  // face-api's landmark net converted to ONNX once (npm run build does it for npm start)
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // The face engine and the servers are CPU-heavy; 2 cores do better with fewer parallel suites.
  maxWorkers: 2,
};
